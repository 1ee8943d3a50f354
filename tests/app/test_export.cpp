// `neurowire export`: the SONATA it writes against the network it came from (the compiled
// program's initial values, the runner's own Poisson draws), the unit conversions, and the refusals.
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "app/export.hpp"
#include "core/error.hpp"
#include "io/hdf5_util.hpp"
#include "io/sonata.hpp"
#include "io/sonata_check.hpp"
#include "io/sonata_json.hpp"
#include "io/sonata_spikes.hpp"
#include "io/sonata_types.hpp"
#include "sim/inputs.hpp"
#include "spec/network_spec.hpp"
#include "tests/io/temp_dir.hpp"

namespace nw = neurowire;
using nw::test::TempDir;

namespace {

// A small COBA network: per-unit tau and initial v, a bias on one unit, Poisson drive into E/g_e.
const char* spec_text = R"(
seed: 11
dt: 0.1
duration: 50.0
populations:
  E:
    model: spiking_neurons.lif_coba.lif
    size: 40
    init: {v: {kind: normal, mean: -55.0, std: 2.0}}
    params: {tau: {kind: uniform, low: 15.0, high: 25.0}}
  I:
    model: spiking_neurons.lif_coba.lif
    size: 10
projections:
  - {name: E2I, source: E, target: I/g_e, rule: {kind: pairwise_bernoulli, p: 0.3}, weight: 0.6, delay: 0.1}
  - {name: I2E, source: I, target: E/g_i, rule: {kind: pairwise_bernoulli, p: 0.3}, weight: 6.7, delay: 0.27}
  - {name: E2E, source: E, target: E/g_e, rule: {kind: fixed_indegree, k: 4}, weight: 0.6,
     delay: {kind: uniform, low: 0.1, high: 2.0}}
inputs:
  - {target: E/I_ext, value: 20.0}
  - {target: I/I_ext, value: 20.0}
  - {target: I/I_ext, value: 1.5, units: [3]}
  - {target: E/g_e, poisson: {rate: 0.5, weight: 0.2}, units: [0, 1, 2, 5]}
)";

nw::build::Network network(const std::string& text = spec_text) { return nw::spec::parse_network(text, std::nullopt, "test.yaml"); }

double json_number(const std::filesystem::path& file, const std::string& key) {
    const auto v = nw::io::json::parse_file(file);
    const auto* x = v.find(key);
    BOOST_TEST_REQUIRE(x != nullptr, key + " not in " + file.string());
    return x->number;
}

std::vector<double> node_param(const std::filesystem::path& nodes, const std::string& pop, const std::string& name) {
    const nw::io::h5::QuietErrors quiet;
    const auto f = nw::io::h5::File::open_read(nodes.string());
    const auto g = f.open_group(f.id(), "nodes/" + pop + "/0/dynamics_params");
    return f.read<double>(g.get(), name);
}

// The initial value / parameter array the runner starts from.
std::vector<double> program_array(const nw::sim::Program& p, const std::string& pop, const std::string& name) {
    for (const auto& pp : p.populations)
        if (pp.name == pop) {
            const auto slot = pp.values.find_array(name);
            BOOST_TEST_REQUIRE(slot.has_value(), name);
            return pp.values.arrays[*slot];
        }
    BOOST_FAIL("no population " + pop);
    return {};
}

template <class F>
nw::config_error refusal(const std::string& text, F export_it) {
    try {
        export_it(network(text));
    } catch (const nw::config_error& e) {
        return e;
    }
    BOOST_FAIL("expected a config_error");
    return nw::config_error("", "", "");
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
    const auto at = s.find(from);
    BOOST_TEST_REQUIRE(at != std::string::npos, from);
    return s.replace(at, from.size(), to);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(export_sonata)

BOOST_AUTO_TEST_CASE(nest_names_units_and_per_unit_values) {
    TempDir dir;
    const auto net = network();
    const auto result = nw::app::export_network(net, dir.path, {});
    const auto s = dir / "sonata";
    BOOST_TEST(result.populations == 2u);
    BOOST_TEST(result.virtual_populations == 1u);
    BOOST_TEST(nw::test::read_text(s / "node_types.csv") ==
               "node_type_id model_type model_template dynamics_params population\n"
               "100 point_neuron nest:iaf_cond_exp E.json E\n101 point_neuron nest:iaf_cond_exp I.json I\n");
    // One model type per file for NEST: the Poisson source has its own.
    BOOST_TEST(nw::test::read_text(s / "virtual_node_types.csv") ==
               "node_type_id model_type model_template dynamics_params population\n"
               "102 virtual NONE NONE E_g_e_poisson3\n");
    const auto i_json = s / "components" / "point_neuron_models" / "I.json";
    BOOST_TEST(json_number(i_json, "C_m") == 200.0);   // tau 20 ms × g_L 10 nS = 200 pF
    BOOST_TEST(json_number(i_json, "g_L") == 10.0);
    BOOST_TEST(json_number(i_json, "V_th") == -50.0);
    BOOST_TEST(json_number(i_json, "t_ref") == 5.0);
    BOOST_TEST(json_number(i_json, "E_in") == -80.0);
    BOOST_TEST(json_number(i_json, "V_m") == -60.0);
    // E: per-unit tau → per-node C_m; per-unit v → per-node V_m; both as the runner has them.
    const nw::sim::Program program = net.compile();
    const auto tau = program_array(program, "E", "tau");
    const auto c_m = node_param(s / "nodes.h5", "E", "C_m");
    BOOST_TEST_REQUIRE(c_m.size() == 40u);
    for (std::size_t i = 0; i < 40; ++i) BOOST_TEST(c_m[i] == tau[i] * 10.0);
    BOOST_TEST(node_param(s / "nodes.h5", "E", "V_m") == program_array(program, "E", "v"));
    BOOST_TEST(json_number(s / "components" / "point_neuron_models" / "E.json", "I_e") == 200.0);   // 20 mV × 10 nS
    // I: the bias of unit 3 differs, so I_e is per node.
    const auto i_e = node_param(s / "nodes.h5", "I", "I_e");
    BOOST_TEST(i_e[0] == 200.0);
    BOOST_TEST(i_e[3] == 215.0);
    BOOST_TEST(!result.notes.empty());   // NEST reads no per-node parameters: the note says so

    // Weights in nS (inhibitory negative for iaf_cond_exp), delays in whole steps.
    const auto e2i = nw::io::read_sonata_edge_population(s / "edges.h5", "E2I").connectome;
    const auto i2e = nw::io::read_sonata_edge_population(s / "edges.h5", "I2E").connectome;
    BOOST_TEST(e2i.size() > 0u);
    for (float w : e2i.weight) BOOST_TEST(w == 6.0f);
    for (float w : i2e.weight) BOOST_TEST(w == -67.0f);
    for (float d : i2e.delay) BOOST_TEST(d == static_cast<float>(3 * 0.1));   // 0.27 ms → 3 steps
    const auto e2e = nw::io::read_sonata_edge_population(s / "edges.h5", "E2E").connectome;
    for (float d : e2e.delay) {
        const double steps = d / 0.1;
        BOOST_TEST(std::abs(steps - std::round(steps)) < 1e-5);
        BOOST_TEST(steps >= 1.0);
    }
    const auto types = nw::io::read_types_table(s / "edge_types.csv");
    BOOST_TEST(types.column("receptor_type") < 0);   // NEST takes the sign, and would refuse a word

    const auto sim = nw::io::json::parse_file(s / "simulation_config.json");
    BOOST_TEST(sim.find("run")->find("tstop")->number == 50.0);
    BOOST_TEST(sim.find("run")->find("dt")->number == 0.1);
    BOOST_TEST(sim.find("inputs") != nullptr);
    const auto findings = nw::io::check_sonata(s, {nw::io::sonata_reader::nest, nw::io::sonata_reader::bmtk,
                                                   nw::io::sonata_reader::libsonata});
    BOOST_TEST(!nw::io::has_sonata_errors(findings), nw::io::format_sonata_findings(findings));
}

BOOST_AUTO_TEST_CASE(poisson_inputs_are_the_runners_events) {
    TempDir dir;
    const auto net = network();
    nw::app::export_network(net, dir.path, {});
    const auto s = dir / "sonata";
    const auto trains = nw::io::read_sonata_spikes(s / "inputs" / "E_g_e_poisson3.h5");
    BOOST_TEST_REQUIRE(trains.size() == 1u);
    // The runner's driver for the same input, step by step: its pulses count the events per step.
    const auto& in = net.inputs()[3].input;
    const double dt = 0.1;
    const std::uint64_t steps = 500;
    nw::sim::InputDriver driver(in, 3, 40, net.seed(), dt, false);
    std::vector<double> g(40, 0.0);
    std::vector<std::vector<int>> runner(4, std::vector<int>(steps, 0)), exported(4, std::vector<int>(steps, 0));
    const std::vector<nw::index_t> units{0, 1, 2, 5};
    for (std::uint64_t k = 0; k < steps; ++k) {
        std::fill(g.begin(), g.end(), 0.0);
        driver.apply(in, g.data(), k);
        for (std::size_t n = 0; n < 4; ++n) runner[n][k] = static_cast<int>(std::lround(g[units[n]] / in.weight));
    }
    for (std::size_t e = 0; e < trains[0].times_ms.size(); ++e) {
        const auto step = static_cast<std::uint64_t>(trains[0].times_ms[e] / dt);
        BOOST_TEST_REQUIRE(step < steps);
        ++exported[trains[0].node_ids[e]][step];
    }
    BOOST_TEST(runner == exported);
    std::size_t total = 0;
    for (const auto& r : runner)
        for (int c : r) total += c;
    BOOST_TEST(total > 50u);   // 4 units × 0.5/ms × 50 ms = 100 expected: the comparison is not empty
    const auto drive = nw::io::read_sonata_edge_population(s / "edges.h5", "E_g_e_poisson3_to_E").connectome;
    BOOST_TEST(drive.target == (std::vector<nw::index_t>{0, 1, 2, 5}));
    for (float w : drive.weight) BOOST_TEST(w == 2.0f);   // 0.2 × 10 nS
}

BOOST_AUTO_TEST_CASE(pynn_names_and_units) {
    TempDir dir;
    nw::app::ExportSettings settings;
    settings.target = nw::app::export_target::pynn;
    settings.leak_conductance_ns = 20.0;
    const auto net = network();
    nw::app::export_network(net, dir.path, settings);
    const auto s = dir / "sonata";
    const auto i_json = s / "components" / "point_neuron_models" / "I.json";
    BOOST_TEST(json_number(i_json, "cm") == 0.4, boost::test_tools::tolerance(1e-12));   // 20 ms × 20 nS = 0.4 nF
    BOOST_TEST(json_number(i_json, "tau_m") == 20.0);
    BOOST_TEST(json_number(i_json, "v_thresh") == -50.0);
    BOOST_TEST(json_number(i_json, "tau_refrac") == 5.0);
    BOOST_TEST(node_param(s / "nodes.h5", "I", "i_offset")[3] == 0.43, boost::test_tools::tolerance(1e-12));   // 21.5 mV × 20 nS
    BOOST_TEST(node_param(s / "nodes.h5", "E", "v") == program_array(net.compile(), "E", "v"));
    const auto types = nw::io::read_types_table(s / "edge_types.csv");
    const int rt = types.column("receptor_type"), mt = types.column("model_template");
    BOOST_TEST_REQUIRE(rt >= 0);
    BOOST_TEST(types.rows[0][static_cast<std::size_t>(rt)] == "excitatory");   // E2I onto g_e
    BOOST_TEST(types.rows[1][static_cast<std::size_t>(rt)] == "inhibitory");   // I2E onto g_i
    BOOST_TEST(types.rows[0][static_cast<std::size_t>(mt)] == "pynn:StaticSynapse");
    const auto i2e = nw::io::read_sonata_edge_population(s / "edges.h5", "I2E").connectome;
    for (float w : i2e.weight) BOOST_TEST(w == static_cast<float>(6.7 * 20.0 * 1e-3));   // µS, positive
    BOOST_TEST(std::filesystem::exists(s / "node_sets.json"));
    const auto findings = nw::io::check_sonata(s, {nw::io::sonata_reader::pynn});
    BOOST_TEST(!nw::io::has_sonata_errors(findings), nw::io::format_sonata_findings(findings));
}

BOOST_AUTO_TEST_CASE(same_network_same_bytes) {
    TempDir a, b;
    nw::app::export_network(network(), a.path, {});
    nw::app::export_network(network(), b.path, {});
    for (const char* f : {"nodes.h5", "edges.h5", "virtual_nodes.h5", "inputs/E_g_e_poisson3.h5", "simulation_config.json"})
        BOOST_TEST(nw::test::read_text(a / "sonata" / f) == nw::test::read_text(b / "sonata" / f), f);
}

BOOST_AUTO_TEST_CASE(models_inputs_and_projections_without_counterpart_are_refused) {
    TempDir dir, refused;   // refused exports go to `refused`, which must stay empty
    const auto to_nest = [&](const nw::build::Network& n) { nw::app::export_network(n, refused.path, {}); };
    auto e = refusal("dt: 0.1\nduration: 1.0\npopulations:\n  E: {model: spiking_neurons.lif_coba.lif, size: 2}\n"
                     "  I: {model: neural_mass_models.wilsoncowan.exc_pop, size: 2}\n",
                     [&](const nw::build::Network& n) {
                         nw::app::ExportSettings s;
                         s.target = nw::app::export_target::pynn;
                         nw::app::export_network(n, refused.path, s);
                     });
    BOOST_TEST(e.key_path == "populations.I.model");
    BOOST_TEST(e.expected.find("PyNN") != std::string::npos);
    BOOST_TEST(e.expected.find("IF_cond_exp") != std::string::npos);
    BOOST_TEST(e.found.find("neural_mass_models.wilsoncowan.exc_pop") != std::string::npos);
    BOOST_TEST(e.found.find("rate model") != std::string::npos);
    // An edited copy of the template is another model: refused, not written as iaf_cond_exp.
    const std::string copy =
        "lif:\n  equations:\n    - I_syn = g_e*(E_e - v) + g_i*(E_i - v)\n    - d/dt v = (-(v - v_rest) + I_ext + 2*I_syn) / tau\n"
        "    - d/dt g_e = -g_e / tau_e\n    - d/dt g_i = -g_i / tau_i\n  state: {v: -60.0, g_e: 0.0, g_i: 0.0}\n"
        "  params: {v_rest: -60.0, v_th: -50.0, v_reset: -60.0, tau: 20.0, tau_ref: 5.0, E_e: 0.0, E_i: -80.0, tau_e: 5.0, tau_i: 10.0}\n"
        "  inputs: [I_ext]\n  output: v\n  spike: {when: v >= v_th, reset: {v: v_reset}, refractory: tau_ref}\n";
    nw::test::write_text(dir / "edited.yaml", copy);
    e = refusal(replace(spec_text, "model: spiking_neurons.lif_coba.lif\n    size: 10", "model: " + (dir / "edited.yaml").string() + ":lif\n    size: 10"),
                to_nest);
    BOOST_TEST(e.key_path == "populations.I.model");
    // The unedited copy is the same model.
    nw::test::write_text(dir / "same.yaml", replace(copy, "2*I_syn", "I_syn"));
    BOOST_CHECK_NO_THROW(nw::app::export_network(network(replace(spec_text, "model: spiking_neurons.lif_coba.lif\n    size: 10",
                                                                 "model: " + (dir / "same.yaml").string() + ":lif\n    size: 10")),
                                                 dir / "ok", {}));

    e = refusal(replace(spec_text, "{target: I/I_ext, value: 1.5, units: [3]}", "{target: I/I_ext, sine: {amplitude: 1.0, frequency: 0.01}}"),
                to_nest);
    BOOST_TEST(e.key_path == "inputs[2]");
    BOOST_TEST(e.found == "a sine input into I/I_ext");
    e = refusal(replace(spec_text, "projections:\n", "projections:\n  - {source: E/v, target: I/I_ext, weights: 0.1}\n"), to_nest);
    BOOST_TEST(e.key_path == "projections[0]");
    BOOST_TEST(e.found.find("continuous") != std::string::npos);
    e = refusal(replace(spec_text, "weight: 6.7", "weight: -6.7"), to_nest);
    BOOST_TEST(e.key_path == "projections[1].weight");
    e = refusal(replace(spec_text, "target: I/g_e, rule", "target: I/v, rule"), to_nest);
    BOOST_TEST(e.key_path == "projections[0]");
    BOOST_TEST(refused.entries().empty());
}

BOOST_AUTO_TEST_SUITE_END()
