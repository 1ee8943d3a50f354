// Delays: an impulse arrives exactly d steps later (continuous scalar and per-connection,
// events), and a gamma chain's impulse response has the requested mean and spread.
#include <cmath>

#include <boost/test/unit_test.hpp>

#include "sim/runner.hpp"
#include "program_builder.hpp"

using namespace neurowire::sim;
using neurowire::sim::testing::PopBuilder;

namespace {

// Source "s" (2 units): its input slot u carries an impulse of `height` in step 0 into unit 0 and
// is the projection source. Target "t" (2 units): input slot "in" is recorded every step, so
// sample k shows what was delivered in step k.
Program impulse_program(std::uint64_t steps, double height = 1.0) {
    Program p;
    p.dt = 1e-3;
    p.steps = steps;
    PopBuilder s("s", 2), t("t", 2);
    s.input("u");
    t.input("in");
    p.populations = {std::move(s.p), std::move(t.p)};
    Input imp;
    imp.pop = 0;
    imp.array = 0;
    imp.kind = input_kind::array;
    imp.units = {0};
    imp.data = arma::mat(steps, 1, arma::fill::zeros);
    imp.data(0, 0) = height;
    p.inputs.push_back(imp);
    RecordVariable r;
    r.name = "t.in";
    r.pop = 1;
    r.array = 0;
    p.record.variables.push_back(r);
    return p;
}

ContinuousProjection projection(bool sparse) {
    ContinuousProjection c;
    c.source_pop = 0;
    c.source_array = 0;
    c.target_pop = 1;
    c.target_array = 0;
    c.sparse = sparse;
    if (sparse) {   // unit 0 → target 1 (w 2), unit 0 → target 0 (w 3)
        c.col_ptr = {0, 2, 2};
        c.row_idx = {0, 1};
        c.values = {3.0, 2.0};
    } else {
        c.dense = arma::mat{{3.0, 0.0}, {2.0, 0.0}};
    }
    return c;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(delays)

BOOST_AUTO_TEST_CASE(continuous_scalar_delay_exact_steps) {
    for (const bool sparse : {false, true})
        for (const std::uint32_t d : {0u, 1u, 2u, 7u}) {
            Program p = impulse_program(12);
            ContinuousProjection c = projection(sparse);
            c.delay_steps = d;
            p.continuous.push_back(c);
            const arma::mat got = run(p, {1, {}}).traces[0].samples;
            for (std::uint64_t k = 0; k < 12; ++k) {
                BOOST_TEST(got(k, 0) == (k == d ? 3.0 : 0.0));
                BOOST_TEST(got(k, 1) == (k == d ? 2.0 : 0.0));
            }
        }
}

BOOST_AUTO_TEST_CASE(continuous_per_connection_delay_exact_steps) {
    Program p = impulse_program(12);
    ContinuousProjection c = projection(true);
    c.connection_delay_steps = {4, 9};
    p.continuous.push_back(c);
    const arma::mat got = run(p, {1, {}}).traces[0].samples;
    for (std::uint64_t k = 0; k < 12; ++k) {
        BOOST_TEST(got(k, 0) == (k == 4 ? 3.0 : 0.0));
        BOOST_TEST(got(k, 1) == (k == 9 ? 2.0 : 0.0));
    }
}

BOOST_AUTO_TEST_CASE(event_delay_exact_steps) {
    // A spiking source: v gets 1 in step 0 (a state input), spikes, resets. The target state g
    // (no dynamics) receives the weights.
    for (const bool per_connection : {false, true}) {
        Program p;
        p.dt = 0.1;
        p.steps = 15;
        PopBuilder s("s", 1), t("t", 2);
        const Operand v = s.array("v", 0.0);
        s.state(v, s.scalar("#0", 0.0));
        SpikeRule& r = s.spiking();
        r.code.push_back({opcode::ge, s.temp(0), v, s.scalar("#1", 1.0), {}});
        r.condition = Operand::temp(0);
        r.reset.push_back({v.index, Operand::scalar(0)});
        const Operand g = t.array("g", 0.0);
        t.state(g, t.scalar("#0", 0.0));
        p.populations = {std::move(s.p), std::move(t.p)};
        Input kick;
        kick.array = v.index;
        kick.kind = input_kind::array;
        kick.data = arma::mat(15, 1, arma::fill::zeros);
        kick.data(0, 0) = 1.0;
        p.inputs.push_back(kick);
        EventProjection e;
        e.target_pop = 1;
        e.target_array = g.index;
        e.col_ptr = {0, 2};
        e.targets = {0, 1};
        e.weights = {0.5, 0.25};
        e.delay_steps = per_connection ? std::vector<std::uint32_t>{3, 6} : std::vector<std::uint32_t>{5};
        p.events.push_back(e);
        p.record.variables.push_back({"t.g", 1, g.index, {}, 1, false});
        p.record.spikes = {0};
        const Recording rec = run(p, {1, {}});
        BOOST_TEST(rec.spikes[0].units.size() == 1u);
        BOOST_TEST(rec.spikes[0].times[0] == 0.1);   // spiked in step 0, stamped at its end
        const arma::mat& got = rec.traces[0].samples;
        const std::uint64_t d0 = per_connection ? 3 : 5, d1 = per_connection ? 6 : 5;
        for (std::uint64_t k = 0; k < 15; ++k) {
            BOOST_TEST(got(k, 0) == (k >= d0 ? 0.5 : 0.0));
            BOOST_TEST(got(k, 1) == (k >= d1 ? 0.25 : 0.0));
        }
    }
}

BOOST_AUTO_TEST_CASE(gamma_chain_mean_and_spread) {
    // μ = 0.5, σ = 0.1 → order n = 25, rate a = 50 (PyRates' linear chain trick). A unit-area
    // impulse (1/dt in one step) through the Euler-stepped chain: each stage is a geometric
    // delay of mean 1/a and variance (1 − a·dt)/a², so the response has mean n/a = μ exactly
    // and variance n(1 − a·dt)/a², within a·dt = 5% of σ² = n/a².
    const double dt = 1e-3, mu = 0.5, sigma = 0.1;
    const auto n = static_cast<std::uint32_t>(std::max(1.0, std::round((mu / sigma) * (mu / sigma))));
    const double a = n / mu;
    BOOST_TEST(n == 25u);
    const std::uint64_t steps = 3000;   // 25 σ past the mean: the tail is negligible
    Program p = impulse_program(steps, 1.0 / dt);
    ContinuousProjection c = projection(false);
    c.dense = arma::mat{{1.0, 0.0}, {0.0, 0.0}};
    c.gamma_order = n;
    c.gamma_rate = a;
    p.continuous.push_back(c);
    const arma::vec w = run(p, {1, {}}).traces[0].samples.col(0);
    const arma::vec t = arma::regspace(0, steps - 1) * dt;   // delivered in step k: delay k·dt
    const double area = arma::accu(w) * dt;
    const double mean = arma::accu(w % t) * dt / area;
    const double var = arma::accu(w % arma::square(t - mean)) * dt / area;
    BOOST_TEST(area == 1.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(mean == mu, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(var == n * (1.0 - a * dt) / (a * a), boost::test_tools::tolerance(1e-6));
    BOOST_TEST(std::sqrt(var) == sigma, boost::test_tools::tolerance(0.03));
}

BOOST_AUTO_TEST_SUITE_END()
