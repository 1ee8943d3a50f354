// The legacy per-edge circuit against the matrix path: same network, same trajectories.
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "spec/template_file.hpp"
#include "build/legacy_circuit.hpp"
#include "core/rng.hpp"
#include "sim/runner.hpp"

using namespace neurowire;
using namespace neurowire::build;
using neurowire::spec::load_template;
using neurowire::spec::template_loader;

namespace {

arma::mat tutorial_weights(index_t n, seed_t seed) {
    arma::mat w(n, n);
    for (index_t i = 0; i < n; ++i) {
        auto g = rng::stream(seed, rng::purpose::weight, 0, i);
        for (index_t j = 0; j < n; ++j) w(i, j) = rng::normal(g, 0.0, 1.0 / std::sqrt(double(n)));
    }
    w.diag().fill(15.0);
    return w;
}

std::string node_name(std::size_t k) {
    std::string s = "e";
    return s.append(std::to_string(k));
}

// "node/var". (Built by append: GCC 12 warns falsely (-Wrestrict) on string + "literal".)
std::string node_var(const std::string& node, const char* var) {
    std::string s;
    s.reserve(node.size() + 16);
    return s.append(node).append(1, '/').append(var);
}

sim::Input constant(double v) {
    sim::Input in;
    in.kind = sim::input_kind::constant;
    in.value = v;
    return in;
}

arma::mat matrix_run(const arma::mat& w, double delay, double duration) {
    Network net(0);
    net.add(Population("e", load_template("neural_mass_models.wilsoncowan.exc_pop"), w.n_rows));
    net.connect(Connectivity::from_matrix("e/r", "e/r_in", w).with_delay(delay));
    net.add_input({"e/r_ext", constant(1.0)});
    net.record({"e/r", {}, 1, false});
    net.settings.duration = duration;
    return sim::run(std::move(net).compile(), {1, {}}).trace("e.r")->samples;
}

arma::mat legacy_run(const arma::mat& w, double delay, double duration) {
    LegacyCircuit c(0, template_loader());
    std::vector<std::string> names;
    for (arma::uword i = 0; i < w.n_rows; ++i) {
        names.push_back(node_name(i));
        c.add_node(names.back(), "neural_mass_models.wilsoncowan.exc_pop");
        c.add_input(node_var(names.back(), "r_ext"), constant(1.0));
    }
    if (delay == 0.0) {
        c.add_edges_from_matrix("r", "r_in", names, w, 0.0);
    } else {
        for (arma::uword i = 0; i < w.n_cols; ++i)
            for (arma::uword j = 0; j < w.n_rows; ++j) c.add_edge(node_var(names[i], "r"), node_var(names[j], "r_in"), w(j, i), delay);
    }
    c.record("r");
    c.settings.duration = duration;
    BOOST_TEST(c.n_edges() == w.n_elem);
    return sim::run(c.compile(), {1, {}}).trace("exc_pop.r")->samples;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(legacy)

BOOST_AUTO_TEST_CASE(same_trajectories_as_the_matrix_path) {
    const arma::mat w = tutorial_weights(10, 42);
    const arma::mat a = matrix_run(w, 0.0, 2.0), b = legacy_run(w, 0.0, 2.0);
    BOOST_REQUIRE_EQUAL(a.n_rows, 2000u);
    BOOST_REQUIRE_EQUAL(b.n_rows, 2000u);
    BOOST_TEST(arma::abs(a - b).max() < 1e-12);
    BOOST_TEST(a.max() > 1e-3);   // the network does move
}

BOOST_AUTO_TEST_CASE(same_trajectories_with_delays) {
    const arma::mat w = tutorial_weights(6, 3);
    const arma::mat a = matrix_run(w, 0.005, 0.5), b = legacy_run(w, 0.005, 0.5);
    BOOST_TEST(arma::abs(a - b).max() < 1e-12);
    // The delay matters: the undelayed run differs.
    BOOST_TEST(arma::abs(a - matrix_run(w, 0.0, 0.5)).max() > 1e-9);
}

BOOST_AUTO_TEST_CASE(min_weight_drops_small_entries) {
    LegacyCircuit c(0, template_loader());
    const std::vector<std::string> names = {"a", "b"};
    for (const auto& n : names) c.add_node(n, "neural_mass_models.wilsoncowan.exc_pop");
    const arma::mat w = {{1.0, 1e-7}, {-2e-6, 0.0}};
    c.add_edges_from_matrix("r", "r_in", names, w);
    BOOST_TEST(c.n_edges() == 2u);
    BOOST_TEST(c.edges()[0].source == "a/r");
    BOOST_TEST(c.edges()[0].target == "a/r_in");
    BOOST_TEST(c.edges()[1].target == "b/r_in");
    BOOST_TEST(c.edges()[1].weight == -2e-6);
    BOOST_CHECK_THROW(c.add_edges_from_matrix("r", "r_in", names, arma::mat(3, 2)), config_error);
}

BOOST_AUTO_TEST_CASE(names_are_resolved_at_compile_time) {
    LegacyCircuit c(0, template_loader());
    c.add_node("a", "neural_mass_models.wilsoncowan.exc_pop");
    c.add_node("i", "neural_mass_models.wilsoncowan.inh_pop");
    c.add_edge("a/r", "nowhere/r_in");   // accepted now, rejected when resolved
    try {
        c.compile();
        BOOST_FAIL("no error");
    } catch (const config_error& e) {
        BOOST_TEST(e.key_path == "edges[0].target");
    }
    LegacyCircuit d(0, template_loader());
    d.add_node("a", "neural_mass_models.wilsoncowan.exc_pop");
    d.add_edge("a/r", "a/tau");
    BOOST_CHECK_THROW(d.compile(), config_error);

    // Two templates → two populations; nodes keep their order within each.
    c = LegacyCircuit(0, template_loader());
    c.add_node("e0", "neural_mass_models.wilsoncowan.exc_pop");
    c.add_node("i0", "neural_mass_models.wilsoncowan.inh_pop");
    c.add_node("e1", "neural_mass_models.wilsoncowan.exc_pop");
    c.add_edge("e1/r", "i0/r_in", 2.0);
    const Network net = c.to_network();
    BOOST_TEST(net.populations().size() == 2u);
    BOOST_TEST(c.locate("e1").first == "exc_pop");
    BOOST_TEST(c.locate("e1").second == 1u);
    BOOST_TEST(net.projections()[0].source == "exc_pop/r");
    BOOST_TEST(net.projections()[0].target == "inh_pop/r_in");
}

BOOST_AUTO_TEST_SUITE_END()
