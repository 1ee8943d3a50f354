// The network spec: a whole network from YAML, and errors that name file, line and key path.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include "spec/network_spec.hpp"
#include "core/error.hpp"
#include "io/npy.hpp"
#include "sim/runner.hpp"

using namespace neurowire;
using namespace neurowire::build;
using neurowire::spec::parse_network;
using neurowire::spec::load_network;

namespace {

const char* const good_spec = R"(seed: 5
dt: 1.0e-3
duration: 0.01
populations:
  e:
    model: neural_mass_models.wilsoncowan.exc_pop
    size: 10
    params: {tau: {kind: uniform, low: 8, high: 12}, k: 1.0}
    init: {r: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]}
  q:
    model: spiking_neurons.lif_coba.lif
    size: 20
    init: {v: {kind: normal, mean: -55, std: 2}}
  readout:
    function: softmax
    size: 10
projections:
  - source: e/r
    target: e/r_in
    weights: 0.5
    delay: 0.002
    spread: 0.001
  - source: q
    target: q/g_e
    rule: {kind: pairwise_bernoulli, p: 0.2}
    weight: 0.6
    delay: 0.2
  - name: out
    source: e
    target: readout
    rule: {kind: one_to_one}
inputs:
  - {target: e/r_ext, value: 1.0}
  - {target: q/I_ext, sine: {amplitude: 20.0, frequency: 0.5}, units: [2]}
record:
  variables: [e/r, {var: q/v, units: [0, 1], every: 10}]
  spikes: [q]
)";

std::string error_of(const std::string& text) {
    try {
        parse_network(text, std::nullopt, "net.yaml");
    } catch (const config_error& e) {
        return e.what();
    }
    return "no error";
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    BOOST_REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(network_spec)

BOOST_AUTO_TEST_CASE(a_whole_network) {
    const Network net = parse_network(good_spec, std::nullopt, "net.yaml");
    BOOST_TEST(net.seed() == 5u);
    BOOST_TEST(net.n_units() == 40u);
    BOOST_TEST(net.populations()[2].is_function());
    const auto projs = net.projections();
    BOOST_REQUIRE_EQUAL(projs.size(), 3u);
    BOOST_TEST(projs[0].synapses == 100u);
    BOOST_TEST((projs[1].kind == projection_kind::event));
    BOOST_TEST(projs[1].synapses > 0u);
    BOOST_TEST(projs[2].name == "out");
    BOOST_TEST(projs[2].target == "readout/in");
    BOOST_TEST(projs[2].synapses == 10u);
    BOOST_TEST(net.resolved_projections()[1].delay == 0.2);
    BOOST_TEST(net.inputs().size() == 2u);
    BOOST_TEST(net.recordings().size() == 2u);
    BOOST_TEST(net.settings.duration == 0.01);
    // The seed override wins.
    BOOST_TEST(parse_network(good_spec, seed_t{9}, "net.yaml").seed() == 9u);
}

BOOST_AUTO_TEST_CASE(unknown_keys_name_path_and_line) {
    const std::string e = error_of(replaced(good_spec, "    size: 20\n", "    size: 20\n    colour: blue\n"));
    BOOST_TEST_INFO(e);
    BOOST_TEST(e.find("net.yaml:13") != std::string::npos);
    BOOST_TEST(e.find("populations.q") != std::string::npos);
    BOOST_TEST(e.find("colour") != std::string::npos);

    const std::string top = error_of(std::string(good_spec) + "steps: 10\n");
    BOOST_TEST_INFO(top);
    BOOST_TEST(top.find("steps") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(wrong_types_name_path_and_line) {
    const std::string e = error_of(replaced(good_spec, "size: 10\n    params", "size: ten\n    params"));
    BOOST_TEST_INFO(e);
    BOOST_TEST(e.find("net.yaml:7") != std::string::npos);
    BOOST_TEST(e.find("populations.e.size") != std::string::npos);
    BOOST_TEST(e.find("ten") != std::string::npos);

    const std::string d = error_of(replaced(good_spec, "duration: 0.01", "duration: soon"));
    BOOST_TEST_INFO(d);
    BOOST_TEST(d.find("net.yaml:3") != std::string::npos);
    BOOST_TEST(d.find("duration") != std::string::npos);

    const std::string p = error_of(replaced(good_spec, "tau: {kind: uniform, low: 8, high: 12}", "tau: [1, 2]"));
    BOOST_TEST_INFO(p);
    BOOST_TEST(p.find("populations.e.params.tau") != std::string::npos);
    BOOST_TEST(p.find("net.yaml:8") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(semantic_errors_point_into_the_spec) {
    const std::string t = error_of(replaced(good_spec, "target: e/r_in", "target: e/r_inn"));
    BOOST_TEST_INFO(t);
    BOOST_TEST(t.find("projections[0].target") != std::string::npos);
    BOOST_TEST(t.find("net.yaml:19") != std::string::npos);
    BOOST_TEST(t.find("r_ext") != std::string::npos);   // lists what is allowed

    const std::string m = error_of(replaced(good_spec, "model: spiking_neurons.lif_coba.lif", "model: spiking_neurons.lif_coba.lfi"));
    BOOST_TEST_INFO(m);
    BOOST_TEST(m.find("populations.q.model") != std::string::npos);

    const std::string param = error_of(replaced(good_spec, "k: 1.0}", "kk: 1.0}"));
    BOOST_TEST_INFO(param);
    BOOST_TEST(param.find("populations.e.params.kk") != std::string::npos);

    const std::string rec = error_of(replaced(good_spec, "spikes: [q]", "spikes: [e]"));
    BOOST_TEST(rec.find("record.spikes[0]") != std::string::npos);

    const std::string both = error_of(replaced(good_spec, "weights: 0.5", "weights: 0.5\n    weight: 1.0"));
    BOOST_TEST(both.find("projections[0].weight") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_whole_network_compiles_and_runs) {
    const sim::Recording rec = sim::run(parse_network(good_spec, std::nullopt, "net.yaml").compile(), {1, {}});
    const sim::Trace* r = rec.trace("e.r");
    BOOST_REQUIRE(r != nullptr);
    BOOST_TEST(r->samples.n_rows == 10u);
    BOOST_TEST(r->samples.n_cols == 10u);
    const sim::Trace* v = rec.trace("q.v");
    BOOST_REQUIRE(v != nullptr);
    BOOST_TEST(v->samples.n_rows == 1u);   // every 10 steps
    BOOST_TEST(v->samples.n_cols == 2u);
}

BOOST_AUTO_TEST_CASE(files_next_to_the_spec) {
    const auto dir = std::filesystem::temp_directory_path() / "neurowire_test_network_spec";
    std::filesystem::create_directories(dir);
    arma::mat w = {{0.0, 1.0, 2.0}, {3.0, 4.0, 5.0}};   // 2 targets × 3 sources
    // numpy's C order: row by row.
    const std::vector<double> c_order = {0.0, 1.0, 2.0, 3.0, 4.0, 5.0};
    io::write_npy(dir / "W.npy", io::view(c_order.data(), {2, 3}));
    const std::vector<double> taus = {8.0, 9.0, 10.0};
    io::write_npy(dir / "tau.npy", io::view(taus));
    std::ofstream(dir / "models.yaml") << "slow:\n  base: neural_mass_models.wilsoncowan.exc_pop\n  params: {tau: 100.0}\n";
    std::ofstream(dir / "net.yaml") << "duration: 0.002\n"
                                       "populations:\n"
                                       "  a: {model: models.yaml:slow, size: 3, params: {tau: {file: tau.npy}}}\n"
                                       "  b: {model: neural_mass_models.wilsoncowan.exc_pop, size: 2}\n"
                                       "projections:\n"
                                       "  - {source: a/r, target: b/r_in, weights: {file: W.npy}}\n";
    const Network net = load_network(dir / "net.yaml", seed_t{3});
    BOOST_TEST(net.seed() == 3u);
    BOOST_TEST(net.population("b").model.param("tau") == 10.0);
    BOOST_TEST(net.population("a").model.param("tau") == 100.0);
    const auto& proj = net.resolved_projections().at(0);
    BOOST_TEST(proj.dense);
    BOOST_TEST(arma::approx_equal(proj.weights, w, "absdiff", 0.0));
    const auto p = net.compile();
    const auto slot = p.populations[0].values.find_array("tau");
    BOOST_REQUIRE(slot);
    BOOST_TEST(p.populations[0].values.arrays[*slot] == taus, boost::test_tools::per_element());

    std::ofstream(dir / "bad.yaml") << "duration: 1\npopulations:\n  a: {model: models.yaml:slow, size: 2}\n"
                                       "projections:\n  - {source: a/r, target: a/r_in, weights: {file: W.npy}}\n";
    try {
        load_network(dir / "bad.yaml");
        BOOST_FAIL("no error");
    } catch (const config_error& e) {
        const std::string msg = e.what();
        BOOST_TEST_INFO(msg);
        BOOST_TEST(msg.find("bad.yaml:5") != std::string::npos);
        BOOST_TEST(msg.find("2 × 2") != std::string::npos);
        BOOST_TEST(msg.find("2 × 3") != std::string::npos);
    }
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
