// RectiPy's QIF (templates/spiking_neurons/qif.yaml) as the equation compiler emits it, coupled
// through a dense J: the simulator must recognise s as a linear trace, and carrying J · s along
// must agree with the plain mat-vec path within rounding.
#include <cmath>

#include <boost/test/unit_test.hpp>

#include "build/equations/compiler.hpp"
#include "core/rng.hpp"
#include "sim/interpreter.hpp"
#include "sim/linear_trace.hpp"
#include "sim/runner.hpp"

namespace nb = neurowire::build;
namespace ns = neurowire::sim;

namespace {

nb::SourceText text(const std::string& s) { return {s, "equations", 0}; }

ns::Program qif_network(std::uint32_t n, std::uint64_t steps) {
    nb::ModelEquations m;
    m.population = "qif";
    m.size = n;
    m.equations = {text("d/dt v = (v^2 + eta + I_ext)/tau + k*s_in"), text("d/dt s = -s/tau_s")};
    m.states = {{"v", {-2.0}}, {"s", {0.0}}};
    m.params = {{"tau", {1.0}}, {"k", {1.0}}, {"tau_s", {1.0}}, {"eta", {-5.0}}, {"v_th", {100.0}},
                {"v_reset", {-100.0}}};
    m.inputs = {"s_in", "I_ext"};
    m.output = "s";
    m.sources = {"s"};
    nb::SpikeEquations sp;
    sp.when = text("v >= v_th");
    sp.reset = {{"v", text("v_reset")}};
    sp.add = {{"s", text("1.0")}};
    m.spike = sp;
    ns::Program p;
    p.dt = 1e-3;
    p.steps = steps;
    p.populations.push_back(nb::compile_equations(m));
    const auto& pop = p.populations[0];
    ns::ContinuousProjection c;
    c.source_array = *pop.values.find_array("s");
    c.target_array = *pop.values.find_array("s_in");
    c.dense.set_size(n, n);
    auto g = neurowire::rng::stream(7, neurowire::rng::purpose::weight, 0, 0);
    for (double& w : c.dense) w = 2.0 * neurowire::rng::normal(g) / std::sqrt(static_cast<double>(n));
    p.continuous.push_back(std::move(c));
    ns::Input in;
    in.array = *pop.values.find_array("I_ext");
    in.value = 10.0;
    p.inputs.push_back(in);
    ns::RecordVariable r;
    r.name = "qif.s_in";
    r.array = *pop.values.find_array("s_in");
    p.record.variables = {r};
    p.record.spikes = {0};
    return p;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(equations_linear_trace)

BOOST_AUTO_TEST_CASE(compiled_qif_trace_is_recognised) {
    ns::Program p = qif_network(4, 1);
    ns::run_scalar_code(p.populations[0].scalar_code, p.populations[0].values.scalars);
    const auto trace = ns::find_linear_trace(p, p.continuous[0]);
    BOOST_REQUIRE(trace.has_value());
    double rate = 1.0;
    for (const double f : trace->factors) rate *= f;
    BOOST_TEST(rate == -1.0);   // ds/dt = −s/τ_s with τ_s = 1
    BOOST_TEST(trace->jump == 1.0);
}

BOOST_AUTO_TEST_CASE(compiled_qif_trace_matches_matvec) {
    const ns::Program p = qif_network(200, 3000);
    ns::RunOptions plain{1, {}};
    plain.linear_traces = false;
    const ns::Recording fast = ns::run(p, {1, {}});
    const ns::Recording ref = ns::run(p, plain);
    BOOST_TEST(ref.spikes[0].units.size() > 200u);
    BOOST_TEST(fast.spikes[0].units == ref.spikes[0].units);
    BOOST_TEST(fast.spikes[0].times == ref.spikes[0].times);
    const double scale = arma::abs(ref.traces[0].samples).max();
    const double diff = arma::abs(fast.traces[0].samples - ref.traces[0].samples).max();
    BOOST_TEST_MESSAGE("QIF s_in: max |trace − mat-vec| " << diff << " of " << scale);
    BOOST_TEST(diff <= 1e-12 * scale);
}

BOOST_AUTO_TEST_SUITE_END()
