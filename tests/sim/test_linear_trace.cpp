// Dense projections from a linear trace: W · s carried along as the trace's dynamics must agree
// with the plain mat-vec every step within rounding, and the pattern must be refused where it
// does not hold. Also: thread gating keeps results identical on a population large enough to
// run in parallel.
#include <cmath>

#include <boost/test/unit_test.hpp>

#include "core/rng.hpp"
#include "sim/linear_trace.hpp"
#include "sim/runner.hpp"
#include "program_builder.hpp"

using namespace neurowire::sim;
using neurowire::sim::testing::Lif;
using neurowire::sim::testing::make_lif;

namespace {

RecordVariable record_all(const Program& p, const std::string& var) {
    RecordVariable r;
    r.name = var;
    r.array = *p.populations[0].values.find_array(var);
    return r;
}

// LIF units with trace s (ds/dt = −s/τ_s, s += 1 per spike) coupled all-to-all through s.
Program trace_network(std::uint32_t n, std::uint64_t steps) {
    Lif m;
    m.tau = 10.0;
    m.i_ext = 1.3;
    m.t_ref = 1.0;
    m.tau_s = 4.0;
    std::vector<double> v0(n);
    auto g = neurowire::rng::stream(11, neurowire::rng::purpose::init, 0, 0);
    for (auto& x : v0) x = neurowire::rng::uniform(g, 0.0, 1.0);
    Program p;
    p.dt = 0.1;
    p.steps = steps;
    p.populations.push_back(make_lif("n", n, m, v0));
    ContinuousProjection c;
    c.source_array = *p.populations[0].values.find_array("s");
    c.target_array = *p.populations[0].values.find_array("I_in");
    c.dense.set_size(n, n);
    for (double& w : c.dense) w = neurowire::rng::normal(g) * 0.02;
    p.continuous.push_back(std::move(c));
    p.record.spikes = {0};
    p.record.variables = {record_all(p, "v"), record_all(p, "I_in")};
    return p;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(linear_trace)

BOOST_AUTO_TEST_CASE(trace_projection_matches_matvec) {
    // 3,000 steps: three full refreshes of W · s happen on the way (every 1,000 steps).
    const Program p = trace_network(300, 3000);
    BOOST_REQUIRE(find_linear_trace(p, p.continuous[0]).has_value());
    RunOptions plain{1, {}};
    plain.linear_traces = false;
    const Recording fast = run(p, {1, {}});
    const Recording ref = run(p, plain);
    BOOST_TEST(ref.spikes[0].units.size() > 1000u);
    BOOST_TEST(fast.spikes[0].units == ref.spikes[0].units);
    BOOST_TEST(fast.spikes[0].times == ref.spikes[0].times);
    const arma::mat& input_fast = fast.traces[1].samples;
    const arma::mat& input_ref = ref.traces[1].samples;
    const double scale = arma::abs(input_ref).max();
    BOOST_TEST_MESSAGE("max |Δ input| " << arma::abs(input_fast - input_ref).max() << " of " << scale);
    BOOST_TEST(arma::abs(input_fast - input_ref).max() <= 1e-12 * scale);
    BOOST_TEST(arma::abs(fast.traces[0].samples - ref.traces[0].samples).max() <= 1e-10);
}

BOOST_AUTO_TEST_CASE(pattern_refused_where_it_does_not_hold) {
    {
        Program p = trace_network(8, 1);
        p.continuous[0].delay_steps = 2;   // a delayed source is not the current trace
        BOOST_TEST(!find_linear_trace(p, p.continuous[0]).has_value());
    }
    {
        Program p = trace_network(8, 1);
        p.populations[0].spike->held = {0, 1};   // s frozen while refractory: not linear
        BOOST_TEST(!find_linear_trace(p, p.continuous[0]).has_value());
    }
    {
        Program p = trace_network(8, 1);
        p.populations[0].spike->reset.push_back({p.continuous[0].source_array, p.populations[0].spike->add[0].value});
        BOOST_TEST(!find_linear_trace(p, p.continuous[0]).has_value());
    }
    {
        Program p = trace_network(8, 1);
        p.continuous[0].source_array = *p.populations[0].values.find_array("v");   // v is not linear
        BOOST_TEST(!find_linear_trace(p, p.continuous[0]).has_value());
    }
    {
        Program p = trace_network(8, 1);
        Input in;
        in.array = p.continuous[0].source_array;   // kicks into s from outside
        in.value = 1.0;
        p.inputs.push_back(in);
        BOOST_TEST(!find_linear_trace(p, p.continuous[0]).has_value());
    }
}

BOOST_AUTO_TEST_CASE(parallel_population_identical_for_one_and_two_threads) {
    // Big enough (≥ parallel_min_chunks chunks) for the update to run in a parallel region.
    const std::uint32_t n = 64 * chunk_size + 77;
    Lif m;
    m.tau = 10.0;
    m.i_ext = 1.2;
    m.t_ref = 0.5;
    std::vector<double> v0(n);
    auto g = neurowire::rng::stream(5, neurowire::rng::purpose::init, 0, 0);
    for (auto& x : v0) x = neurowire::rng::uniform(g, 0.0, 1.0);
    Program p;
    p.dt = 0.1;
    p.steps = 200;
    p.populations.push_back(make_lif("n", n, m, v0));
    p.record.spikes = {0};
    p.record.variables = {record_all(p, "v")};
    const Recording one = run(p, {1, {}});
    const Recording two = run(p, {2, {}});
    BOOST_TEST(one.spikes[0].units.size() > 1000u);
    BOOST_TEST(one.spikes[0].units == two.spikes[0].units);
    BOOST_TEST(arma::approx_equal(one.traces[0].samples, two.traces[0].samples, "absdiff", 0.0));
}

BOOST_AUTO_TEST_SUITE_END()
