// Named assignments: a per-unit array only where something outside the population's equations
// reads it (recordings, inputs, projections, the spike rule), a chunk temporary otherwise; the
// two give the same bits, interpreted and native.
#include <cstring>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "spec/template_file.hpp"
#include "build/equations/compiler.hpp"
#include "build/network.hpp"
#include "build/templates.hpp"
#include "connect/spec.hpp"
#include "sim/interpreter.hpp"
#include "sim/runner.hpp"

namespace nb = neurowire::build;
namespace ns = neurowire::sim;

namespace {

nb::SourceText text(const std::string& s, const std::string& key = "equations") { return {s, key, 0}; }

nb::ModelEquations coba_model() {
    nb::ModelEquations m;
    m.population = "E";
    m.size = 4;
    m.equations = {text("I_syn = g_e*(E_e - v) + g_i*(E_i - v)"), text("d/dt v = (-(v - v_rest) + I_ext + I_syn) / tau"),
                   text("d/dt g_e = -g_e / tau_e"), text("d/dt g_i = -g_i / tau_i")};
    m.states = {{"v", {-60.0}}, {"g_e", {0.0}}, {"g_i", {0.0}}};
    m.params = {{"v_rest", {-60.0}}, {"tau", {20.0}}, {"E_e", {0.0}}, {"E_i", {-80.0}}, {"tau_e", {5.0}},
                {"tau_i", {10.0}}, {"I_ext", {20.0}}};
    return m;
}

// The derivative of state 0 for each unit, the code run over one chunk at the initial state.
std::vector<double> first_derivative(ns::PopulationProgram p) {
    ns::run_scalar_code(p.scalar_code, p.values.scalars);
    std::vector<double*> arrays;
    for (auto& a : p.values.arrays) arrays.push_back(a.data());
    std::vector<double> temps((p.values.n_temps + 1) * ns::chunk_size);
    const ns::Frame fr{arrays.data(), p.values.scalars.data(), temps.data(), 0, p.size};
    ns::run_chunk(p.code, fr);
    const double* d = fr.pointer(p.states[0].derivative);
    return fr.is_scalar(p.states[0].derivative) ? std::vector<double>(p.size, *d) : std::vector<double>(d, d + p.size);
}

// The COBA E/I network at a small size (200 E, 50 I, p = 0.1), one step delay.
nb::Network small_coba(bool record_i_syn) {
    const nb::ModelTemplate lif = neurowire::spec::load_template("spiking_neurons.lif_coba.lif");
    nb::Network net(5);
    neurowire::connect::Value v0;
    v0.kind = neurowire::connect::value_kind::normal;
    v0.mean = -55.0;
    v0.std = 2.0;
    for (const auto& [name, size] : {std::pair<const char*, neurowire::index_t>{"E", 200}, {"I", 50}}) {
        nb::Population pop(name, lif, size);
        pop.set_init("v", nb::UnitValues::drawn(v0));
        net.add(std::move(pop));
    }
    auto bernoulli = [](const char* source, const char* target, double weight) {
        neurowire::connect::Projection rule;
        rule.rule.kind = neurowire::connect::rule_kind::pairwise_bernoulli;
        rule.rule.p = 0.1;
        rule.weight.kind = neurowire::connect::value_kind::constant;
        rule.weight.value = weight;
        return nb::Connectivity::from_rule(source, target, rule).with_delay(0.1);
    };
    net.connect(bernoulli("E", "E/g_e", 0.6));
    net.connect(bernoulli("E", "I/g_e", 0.6));
    net.connect(bernoulli("I", "E/g_i", 6.7));
    net.connect(bernoulli("I", "I/g_i", 6.7));
    ns::Input drive;
    drive.kind = ns::input_kind::constant;
    drive.value = 20.0;
    net.add_input({"E/I_ext", drive});
    net.add_input({"I/I_ext", drive});
    if (record_i_syn)
        for (const char* var : {"E/I_syn", "E/v", "E/g_e", "E/g_i"}) net.record({var, {}, 1, false});
    net.record_spikes("E");
    net.record_spikes("I");
    net.settings.dt = 0.1;
    net.settings.duration = 200.0;
    return net;
}

struct Run {
    ns::Program program;
    ns::Recording recording;
};

Run run(const ns::Program& p, ns::kernel_mode mode) {
    ns::RunOptions options;
    options.threads = 1;
    options.kernels = mode;
    ns::Simulator sim(p, options);
    BOOST_TEST((mode != ns::kernel_mode::native || sim.kernel_report().native_count() == 2u));
    sim.run();
    return {sim.program(), sim.recording()};
}

bool same_bits(const std::vector<double>& x, const std::vector<double>& y) {
    return x.size() == y.size() && std::memcmp(x.data(), y.data(), x.size() * sizeof(double)) == 0;
}

const std::vector<double>& array(const ns::Program& p, std::size_t pop, const std::string& name) {
    const auto slot = p.populations[pop].values.find_array(name);
    BOOST_REQUIRE(slot.has_value());
    return p.populations[pop].values.arrays[*slot];
}

}  // namespace

BOOST_AUTO_TEST_SUITE(equations_assignments)

BOOST_AUTO_TEST_CASE(only_observed_assignments_have_arrays) {
    nb::ModelEquations m = coba_model();
    const ns::PopulationProgram plain = nb::compile_equations(m);
    BOOST_TEST(!plain.values.find_array("I_syn").has_value());
    m.observed = {"I_syn"};
    const ns::PopulationProgram kept = nb::compile_equations(m);
    BOOST_TEST(kept.values.find_array("I_syn").has_value());
    // The same instructions either way: the assignment is written to a register instead.
    BOOST_TEST(plain.code.size() == kept.code.size());
    BOOST_TEST(plain.values.arrays.size() + 1 == kept.values.arrays.size());
}

BOOST_AUTO_TEST_CASE(spike_rule_and_output_keep_their_arrays) {
    nb::ModelEquations m = coba_model();
    m.equations.push_back(text("drive = I_ext + I_syn"));
    m.equations.push_back(text("level = v - v_rest"));
    m.params.push_back({"v_th", {-50.0}});
    nb::SpikeEquations s;
    s.when = text("drive > 100");
    s.reset = {{"v", text("v_rest")}};
    m.spike = s;
    m.output = "level";
    const ns::PopulationProgram p = nb::compile_equations(m);
    BOOST_TEST(p.values.find_array("drive").has_value());
    BOOST_TEST(p.values.find_array("level").has_value());
    BOOST_TEST(!p.values.find_array("I_syn").has_value());
}

// A value read by a second name must not be rewritten for the first reader: b = −a must not flip
// the subtraction that computed a, and c = b·τ must not turn b's negation into a product.
BOOST_AUTO_TEST_CASE(temporary_assignments_keep_their_values) {
    nb::ModelEquations m;
    m.population = "p";
    m.size = 3;
    m.equations = {text("a = k - v"), text("b = -a"), text("c = b * tau"), text("d/dt v = a + b + c")};
    m.states = {{"v", {0.5}}};
    m.params = {{"tau", {10.0}}, {"k", {1.0, 2.0, 3.0}}};
    const std::vector<double> as_temps = first_derivative(nb::compile_equations(m));
    m.observed = {"a", "b", "c"};
    const std::vector<double> as_arrays = first_derivative(nb::compile_equations(m));
    for (std::size_t i = 0; i < 3; ++i) {
        const double a = (static_cast<double>(i) + 1.0) - 0.5;
        BOOST_TEST(as_temps[i] == (a + -a) + -a * 10.0);
    }
    BOOST_TEST(same_bits(as_temps, as_arrays));
}

// I_syn unrecorded (a temporary) and recorded (an array): the same states and spikes to the bit,
// interpreted and native.
BOOST_AUTO_TEST_CASE(unrecorded_assignment_gives_identical_trajectories) {
    const ns::Program temp = small_coba(false).compile();
    const ns::Program kept = small_coba(true).compile();
    BOOST_TEST(!temp.populations[0].values.find_array("I_syn").has_value());
    BOOST_TEST(kept.populations[0].values.find_array("I_syn").has_value());
    const Run runs[] = {run(temp, ns::kernel_mode::interpreted), run(temp, ns::kernel_mode::native),
                        run(kept, ns::kernel_mode::interpreted), run(kept, ns::kernel_mode::native)};
    BOOST_TEST(runs[0].recording.spikes[0].units.size() > 200u);
    for (const Run& r : runs) {
        for (std::size_t pop = 0; pop < 2; ++pop) {
            for (const char* var : {"v", "g_e", "g_i"})
                BOOST_TEST(same_bits(array(r.program, pop, var), array(runs[0].program, pop, var)),
                           "population " << pop << ", " << var);
            BOOST_TEST(r.recording.spikes[pop].units == runs[0].recording.spikes[pop].units);
            BOOST_TEST(r.recording.spikes[pop].times == runs[0].recording.spikes[pop].times);
        }
    }
}

// A recorded assignment holds, after step k, the value computed in step k from the state at its
// start, the value that moved v: for a unit neither refractory nor reset in step k (v is then not
// v_reset), v_k = v_{k−1} + dt·(((v_rest − v_{k−1}) + I_ext + I_syn_k)·(1/τ)), to the bit (events
// change g_e and g_i between steps, never v).
BOOST_AUTO_TEST_CASE(recorded_assignment_records_its_values) {
    const ns::Program p = small_coba(true).compile();
    const Run interpreted = run(p, ns::kernel_mode::interpreted);
    const Run native = run(p, ns::kernel_mode::native);
    for (const Run* r : {&interpreted, &native}) {
        const arma::mat& i_syn = r->recording.trace("E.I_syn")->samples;
        const arma::mat& v = r->recording.trace("E.v")->samples;
        BOOST_REQUIRE_EQUAL(i_syn.n_rows, 2000u);
        std::size_t checked = 0, mismatches = 0;
        for (arma::uword k = 1; k < i_syn.n_rows; ++k)
            for (arma::uword u = 0; u < i_syn.n_cols; ++u) {
                if (v(k, u) == -60.0) continue;
                const double expected = v(k - 1, u) + 0.1 * ((((-60.0 - v(k - 1, u)) + 20.0) + i_syn(k, u)) * (1.0 / 20.0));
                mismatches += std::memcmp(&expected, &v(k, u), sizeof(double)) != 0;
                ++checked;
            }
        BOOST_TEST(checked > i_syn.n_elem / 2);
        BOOST_TEST(mismatches == 0u);
        BOOST_TEST(arma::abs(i_syn).max() > 1.0);
    }
    BOOST_TEST(arma::approx_equal(interpreted.recording.trace("E.I_syn")->samples,
                                  native.recording.trace("E.I_syn")->samples, "absdiff", 0.0));
}

BOOST_AUTO_TEST_SUITE_END()
