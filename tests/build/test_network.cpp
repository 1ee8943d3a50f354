// Networks: projections resolved and compiled into the program's arrays.
#include <boost/test/unit_test.hpp>

#include "spec/template_file.hpp"
#include "build/network.hpp"
#include "core/error.hpp"

using namespace neurowire;
using namespace neurowire::build;
using neurowire::spec::load_template;

namespace {

Network wilson_cowan(index_t n, const arma::mat& w, seed_t seed = 1) {
    Network net(seed);
    net.add(Population("e", load_template("neural_mass_models.wilsoncowan.exc_pop"), n));
    net.connect(Connectivity::from_matrix("e/r", "e/r_in", w));
    return net;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(network)

BOOST_AUTO_TEST_CASE(introspection) {
    arma::mat w(5, 5, arma::fill::ones);
    Network net = wilson_cowan(5, w);
    net.add(Population("q", load_template("spiking_neurons.qif.qif"), 3));
    net.connect(Connectivity::from_sparse("q/s", "q/s_in", arma::sp_mat(arma::mat(3, 3, arma::fill::eye))));
    BOOST_TEST(net.n_units() == 8u);
    BOOST_TEST(net.populations().size() == 2u);
    BOOST_TEST(net.population("q").spiking());
    const auto projs = net.projections();
    BOOST_REQUIRE_EQUAL(projs.size(), 2u);
    BOOST_TEST(projs[0].source == "e/r");
    BOOST_TEST(projs[0].target == "e/r_in");
    BOOST_TEST(projs[0].synapses == 25u);
    BOOST_TEST(projs[0].dense);
    BOOST_TEST(projs[1].synapses == 3u);
    BOOST_TEST(!projs[1].dense);
    BOOST_TEST(net.n_synapses() == 28u);
    BOOST_TEST(net.summary().find("q/s -> q/s_in") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(wrong_matrix_shape_states_both_shapes) {
    Network net(0);
    net.add(Population("e", load_template("neural_mass_models.wilsoncowan.exc_pop"), 4));
    net.add(Population("i", load_template("neural_mass_models.wilsoncowan.inh_pop"), 2));
    try {
        net.connect(Connectivity::from_matrix("e/r", "i/r_in", arma::mat(4, 2)));   // transposed
        BOOST_FAIL("no error");
    } catch (const config_error& e) {
        const std::string msg = e.what();
        BOOST_TEST_INFO(msg);
        BOOST_TEST(msg.find("2 × 4") != std::string::npos);
        BOOST_TEST(msg.find("4 × 2") != std::string::npos);
        BOOST_TEST(e.key_path == "projections[0].weights");
    }
    BOOST_CHECK_NO_THROW(net.connect(Connectivity::from_matrix("e/r", "i/r_in", arma::mat(2, 4, arma::fill::zeros))));
}

BOOST_AUTO_TEST_CASE(endpoint_errors) {
    Network net(0);
    net.add(Population("e", load_template("neural_mass_models.wilsoncowan.exc_pop"), 2));
    net.add(Population("q", load_template("spiking_neurons.lif.lif"), 2));
    const arma::mat w(2, 2, arma::fill::ones);
    BOOST_CHECK_THROW(net.connect(Connectivity::from_matrix("x/r", "e/r_in", w)), config_error);
    BOOST_CHECK_THROW(net.connect(Connectivity::from_matrix("e/tau", "e/r_in", w)), config_error);   // a parameter
    BOOST_CHECK_THROW(net.connect(Connectivity::from_matrix("e/r", "e/r", w)), config_error);        // not an input
    BOOST_CHECK_THROW(net.connect(Connectivity::from_matrix("e", "q/v", w)), config_error);          // e does not spike
    BOOST_CHECK_THROW(net.connect(Connectivity::from_matrix("q", "e/r_in", w)), config_error);       // events need a state
    BOOST_CHECK_THROW(net.connect(Connectivity::from_matrix("e/r", "e/r_in", w).with_spread(0.1)), config_error);
    BOOST_CHECK_THROW(net.add(Population("e", load_template("neural_mass_models.wilsoncowan.exc_pop"), 2)), config_error);
    // A bare spiking source is an event projection into a state.
    net.connect(Connectivity::from_matrix("q", "q/v", w).with_delay(0.5));
    BOOST_TEST((net.projections().back().kind == projection_kind::event));
}

BOOST_AUTO_TEST_CASE(compiled_projections_carry_weights_and_delays) {
    arma::mat w = arma::reshape(arma::regspace(1.0, 9.0), 3, 3);
    Network net = wilson_cowan(3, w);
    net.connect(Connectivity::from_matrix("e/r", "e/r_ext", w).with_delay(0.0105));
    net.settings.dt = 1e-3;
    net.settings.duration = 0.5;
    const sim::Program p = net.compile();
    BOOST_TEST(p.steps == 500u);
    BOOST_REQUIRE_EQUAL(p.continuous.size(), 2u);
    const auto& c = p.continuous[0];
    BOOST_TEST(!c.sparse);
    BOOST_TEST(arma::approx_equal(c.dense, w, "absdiff", 0.0));
    BOOST_TEST(c.delay_steps == 0u);
    BOOST_TEST(p.continuous[1].delay_steps == 11u);   // round(0.0105 / 0.001)
    const auto& pop = p.populations[c.target_pop];
    BOOST_TEST(pop.values.array_names[c.target_array] == "r_in");
    BOOST_TEST(pop.values.array_names[c.source_array] == "r");
}

BOOST_AUTO_TEST_CASE(sparse_projections_are_csc_by_source) {
    arma::mat w = {{0.0, 2.0, 0.0}, {1.0, 0.0, 0.0}, {0.0, 3.0, 4.0}};   // n_target × n_source
    Network net(0);
    net.add(Population("e", load_template("neural_mass_models.wilsoncowan.exc_pop"), 3));
    net.connect(Connectivity::from_sparse("e/r", "e/r_in", arma::sp_mat(w)));
    const auto p = net.compile();
    const auto& c = p.continuous.at(0);
    BOOST_TEST(c.sparse);
    BOOST_TEST(c.col_ptr == (std::vector<std::uint32_t>{0, 1, 3, 4}), boost::test_tools::per_element());
    BOOST_TEST(c.row_idx == (std::vector<std::uint32_t>{1, 0, 2, 2}), boost::test_tools::per_element());
    BOOST_TEST(c.values == (std::vector<double>{1, 2, 3, 4}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(gamma_chain_order_and_rate) {
    // PyRates' example: mean 0.5, spread 0.1 → 25 filters at rate 50.
    const GammaChain g = gamma_chain(0.5, 0.1);
    BOOST_TEST(g.order == 25u);
    BOOST_TEST(g.rate == 50.0);
    // Order max(1, round((μ/σ)²)): a wide spread still gives one filter at rate 1/μ.
    const GammaChain wide = gamma_chain(0.5, 2.0);
    BOOST_TEST(wide.order == 1u);
    BOOST_TEST(wide.rate == 2.0);
    BOOST_TEST(gamma_chain(1.0, 0.3).order == 11u);   // (1/0.3)² = 11.1
    BOOST_CHECK_THROW(gamma_chain(0.0, 0.1), config_error);

    arma::mat w(2, 2, arma::fill::ones);
    Network net = wilson_cowan(2, w);
    net.connect(Connectivity::from_matrix("e/r", "e/r_ext", w).with_delay(0.5).with_spread(0.1));
    net.settings.duration = 0.01;
    const auto p = net.compile();
    BOOST_TEST(p.continuous[1].gamma_order == 25u);
    BOOST_TEST(p.continuous[1].gamma_rate == 50.0);
    BOOST_TEST(p.continuous[1].delay_steps == 0u);
}

BOOST_AUTO_TEST_CASE(event_projections_walk_sources) {
    Network net(0);
    net.add(Population("E", load_template("spiking_neurons.lif_coba.lif"), 3));
    arma::mat w = {{0.0, 0.6, 0.6}, {0.6, 0.0, 0.0}, {0.0, 0.0, 0.0}};
    net.connect(Connectivity::from_matrix("E", "E/g_e", w).with_delay(0.0));
    net.settings.dt = 0.1;
    const auto p = net.compile();
    BOOST_REQUIRE_EQUAL(p.events.size(), 1u);
    const auto& e = p.events[0];
    BOOST_TEST(e.col_ptr == (std::vector<std::uint64_t>{0, 1, 2, 3}), boost::test_tools::per_element());
    BOOST_TEST(e.targets == (std::vector<index_t>{1, 0, 0}), boost::test_tools::per_element());
    BOOST_TEST(e.delay_steps == (std::vector<std::uint32_t>{1}), boost::test_tools::per_element());   // at least one step
    BOOST_TEST(p.populations[0].values.array_names[e.target_array] == "g_e");
}

BOOST_AUTO_TEST_CASE(per_unit_parameters_reach_the_program) {
    Network net(3);
    Population pop("e", load_template("neural_mass_models.wilsoncowan.exc_pop"), 4);
    pop.set_param("tau", UnitValues::list({8, 9, 10, 11}));
    net.add(std::move(pop));
    const auto p = net.compile();
    const auto slot = p.populations[0].values.find_array("tau");
    BOOST_REQUIRE(slot);
    BOOST_TEST(p.populations[0].values.arrays[*slot] == (std::vector<double>{8, 9, 10, 11}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
