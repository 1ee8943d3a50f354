// Threads: the block loop gives the same bits for 1, 2, 3 and 4 threads (native kernels and the
// interpreter; per-connection and shared delays, inputs, t, recordings, NaN stops, progress),
// the thread plan follows its thresholds, dense products give the same bits
// on any number of threads, and OpenBLAS's threads follow the run's.
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "core/rng.hpp"
#include "native_compare.hpp"
#include "program_builder.hpp"
#include "sim/blas_threads.hpp"
#include "sim/dense_product.hpp"
#include "sim/runner.hpp"
#include "sim/thread_plan.hpp"

using namespace neurowire;
using namespace neurowire::sim;
using neurowire::sim::testing::Lif;
using neurowire::sim::testing::make_lif;
using neurowire::sim::testing::PopBuilder;
using neurowire::sim::testing::require_same_arrays;
using neurowire::sim::testing::require_same_recording;
using neurowire::sim::testing::same_bits;

namespace {

std::vector<double> uniform_values(std::uint32_t n, double lo, double hi, std::uint64_t seed) {
    std::vector<double> v(n);
    auto g = rng::stream(seed, rng::purpose::init, 0, 0);
    for (auto& x : v) x = rng::uniform(g, lo, hi);
    return v;
}

// Random connections, `k` per source; per-connection weights and delays 1..max_delay, or one
// weight and one delay.
EventProjection random_events(std::uint32_t src, std::uint32_t n_src, std::uint32_t tgt, std::uint32_t n_tgt,
                              std::uint32_t array, std::uint32_t k, double w_lo, double w_hi, std::uint32_t max_delay,
                              bool shared, std::uint64_t seed) {
    auto g = rng::stream(seed, rng::purpose::connect, src, tgt);
    EventProjection e;
    e.source_pop = src;
    e.target_pop = tgt;
    e.target_array = array;
    e.col_ptr.push_back(0);
    for (std::uint32_t j = 0; j < n_src; ++j) {
        for (std::uint32_t c = 0; c < k; ++c) {
            e.targets.push_back(static_cast<index_t>(rng::uniform_index(g, n_tgt)));
            e.weights.push_back(shared ? w_hi : rng::uniform(g, w_lo, w_hi));
            if (!shared) e.delay_steps.push_back(1 + static_cast<std::uint32_t>(rng::uniform_index(g, max_delay)));
        }
        e.col_ptr.push_back(e.targets.size());
    }
    if (shared) e.delay_steps = {max_delay};
    return e;
}

// A non-spiking population whose code reads t: dx/dt = sin(ω·t) − x.
PopulationProgram clock_population(std::uint32_t n) {
    PopBuilder b("clock", n);
    const Operand x = b.array("x", uniform_values(n, -1.0, 1.0, 4));
    const Operand t = b.scalar("t", 0.0);
    b.p.values.time = t.index;
    const Operand omega = b.scalar("omega", 0.37);
    b.emit(opcode::mul, b.temp(0), t, omega);
    b.emit(opcode::sin, b.temp(0), b.temp(0));
    b.emit(opcode::sub, b.temp(0), b.temp(0), x);
    b.state(x, b.temp(0));
    return std::move(b.p);
}

RecordVariable record(const Program& p, std::uint32_t pop, const std::string& var, std::vector<index_t> units,
                      std::uint32_t every, bool mean = false) {
    RecordVariable r;
    r.name = p.populations[pop].name + "." + var;
    r.pop = pop;
    r.array = *p.populations[pop].values.find_array(var);
    r.units = std::move(units);
    r.every = every;
    r.mean = mean;
    return r;
}

// Two LIF populations (3,000 and 1,100 units: blocks of every thread count up to 4 hold units of
// both) and a clock; events with per-connection delays and weights, with one delay and one
// weight, into a state and into an input slot; Poisson and sine inputs; traces of every kind.
Program mixed_network(std::uint64_t steps = 600) {
    Lif m;
    m.tau = 10.0;
    m.t_ref = 0.5;
    m.i_ext = 0.6;
    Program p;
    p.dt = 0.1;
    p.steps = steps;
    p.seed = 11;
    p.populations.push_back(make_lif("A", 3000, m, uniform_values(3000, 0.0, 1.0, 1)));
    Lif driven = m;
    driven.i_ext = 1.05;
    p.populations.push_back(make_lif("B", 1100, driven, uniform_values(1100, 0.0, 1.0, 2)));
    p.populations.push_back(clock_population(700));
    const std::uint32_t v = *p.populations[0].values.find_array("v");
    const std::uint32_t in = *p.populations[0].values.find_array("I_in");
    p.events.push_back(random_events(0, 3000, 0, 3000, v, 30, -0.02, 0.03, 15, false, 1));
    p.events.push_back(random_events(0, 3000, 1, 1100, v, 10, 0.0, 0.02, 2, true, 2));
    p.events.push_back(random_events(1, 1100, 0, 3000, in, 25, -0.5, 0.2, 6, false, 3));
    Input poisson;
    poisson.pop = 0;
    poisson.array = v;
    poisson.kind = input_kind::poisson;
    poisson.rate = 0.3;
    poisson.weight = 0.1;
    p.inputs.push_back(poisson);
    Input sine;
    sine.pop = 1;
    sine.array = in;
    sine.kind = input_kind::sine;
    sine.amplitude = 0.5;
    sine.frequency = 0.02;
    sine.units = {1099, 5, 600, 5, 2000 % 1100};   // not ascending, one unit twice
    p.inputs.push_back(sine);
    p.record.spikes = {0, 1};
    p.record.variables = {record(p, 0, "v", {}, 1), record(p, 1, "v", {1099, 3, 600, 3}, 3),
                          record(p, 0, "s", {}, 2, true), record(p, 2, "x", {}, 5)};
    return p;
}

struct Result {
    Program program;
    Recording recording;
    RunStats stats;
};

Result run_exact(const Program& p, int threads, kernel_mode mode) {
    RunOptions o;
    o.threads = threads;
    o.exact_threads = true;
    o.kernels = mode;
    Simulator sim(p, o);
    sim.run();
    return {sim.program(), sim.recording(), sim.run_stats()};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(threads)

BOOST_AUTO_TEST_CASE(block_loop_is_bit_identical_for_one_to_four_threads) {
    const Program p = mixed_network();
    const Result reference = run_exact(p, 1, kernel_mode::interpreted);
    BOOST_TEST(reference.stats.threads_used == 1);
    BOOST_TEST(reference.recording.spikes[0].units.size() > 3000u);   // both populations are active
    BOOST_TEST(reference.recording.spikes[1].units.size() > 1100u);
    for (const kernel_mode mode : {kernel_mode::interpreted, kernel_mode::automatic})
        for (const int threads : {1, 2, 3, 4}) {
            BOOST_TEST_CONTEXT((mode == kernel_mode::interpreted ? "interpreted, " : "automatic, ")
                               << threads << " threads") {
                const Result r = run_exact(p, threads, mode);
                BOOST_TEST(r.stats.threads_used == threads);
                if (threads > 1)
                    BOOST_TEST(r.stats.threads_reason.find("block") != std::string::npos, r.stats.threads_reason);
                require_same_arrays(reference.program, r.program);
                require_same_recording(reference.recording, r.recording);
            }
        }
}

BOOST_AUTO_TEST_CASE(advancing_in_pieces_equals_one_run) {
    const Program p = mixed_network(300);
    const Result whole = run_exact(p, 1, kernel_mode::automatic);
    RunOptions o;
    o.threads = 3;
    o.exact_threads = true;
    Simulator sim(p, o);
    for (const std::uint64_t n : {1u, 7u, 100u, 1000u}) sim.advance(n);
    BOOST_TEST(sim.steps_done() == 300u);
    require_same_arrays(whole.program, sim.program());
    require_same_recording(whole.recording, sim.recording());
}

BOOST_AUTO_TEST_CASE(nonfinite_stop_is_the_same_for_any_thread_count) {
    // x' = x² in 1,000 units; the unit that starts highest (in the last block) overflows first.
    PopBuilder b("blow", 1000);
    std::vector<double> x0(1000, 0.5);
    x0[917] = 3.0;
    const Operand x = b.array("x", x0);
    b.emit(opcode::mul, b.temp(0), x, x);
    b.state(x, b.temp(0));
    Program p;
    p.dt = 0.1;
    p.steps = 1000;
    p.populations.push_back(std::move(b.p));
    p.record.variables = {record(p, 0, "x", {0, 917}, 1)};
    auto failure = [&](int threads) {
        RunOptions o;
        o.threads = threads;
        o.exact_threads = true;
        Simulator sim(p, o);
        try {
            sim.run();
        } catch (const nonfinite_error& e) {
            BOOST_TEST(sim.recording().steps_done == e.step);
            BOOST_TEST(sim.recording().traces[0].samples.n_rows == e.step);
            return std::pair{e.unit, e.step};
        }
        BOOST_FAIL("no nonfinite_error");
        return std::pair{index_t{0}, std::uint64_t{0}};
    };
    const auto one = failure(1);
    BOOST_TEST(one.first == 917u);
    for (const int threads : {2, 4}) {
        const auto many = failure(threads);
        BOOST_TEST(many.first == one.first);
        BOOST_TEST(many.second == one.second);
    }
}

BOOST_AUTO_TEST_CASE(progress_reports_and_its_exceptions_stop_alike) {
    const Program p = mixed_network(400);
    for (const int threads : {1, 3}) {
        std::vector<std::uint64_t> seen;
        RunOptions o;
        o.threads = threads;
        o.exact_threads = true;
        o.progress = [&](std::uint64_t done, std::uint64_t total) {
            BOOST_TEST(total == 400u);
            seen.push_back(done);
            if (done == 200) throw std::runtime_error("cancelled");
        };
        Simulator sim(p, o);
        BOOST_CHECK_THROW(sim.run(), std::runtime_error);
        BOOST_TEST(sim.steps_done() == 200u);
        BOOST_TEST(sim.recording().steps_done == 200u);
        BOOST_TEST(seen.size() == 50u);   // every 4 steps (a hundredth of 400)
        BOOST_TEST(seen.back() == 200u);
    }
}

BOOST_AUTO_TEST_CASE(plan_follows_the_measured_threshold) {
    auto spiking = [](std::uint32_t n) {
        Program p;
        p.dt = 0.1;
        p.steps = 10;
        p.populations.push_back(make_lif("n", n, Lif{}));
        return p;
    };
    const std::uint64_t pays = block_min_units_per_thread;
    const ThreadPlan big = plan_threads(spiking(static_cast<std::uint32_t>(2 * pays)), {}, 2, 2, false);
    BOOST_TEST(big.blocks);
    BOOST_TEST(big.threads == 2);
    const ThreadPlan small = plan_threads(spiking(static_cast<std::uint32_t>(2 * pays - 1)), {}, 2, 2, false);
    BOOST_TEST(small.blocks);
    BOOST_TEST(small.threads == 1);
    BOOST_TEST(small.reason.find("pays from") != std::string::npos, small.reason);
    const ThreadPlan capped = plan_threads(spiking(static_cast<std::uint32_t>(8 * pays)), {}, 4, 2, false);
    BOOST_TEST(capped.threads == 2);
    BOOST_TEST(capped.reason.find("4 requested, 2 processors") != std::string::npos, capped.reason);
    BOOST_TEST(plan_threads(spiking(100), {}, 4, 2, true).threads == 4);
    BOOST_TEST(plan_threads(spiking(100), {}, 1, 2, false).reason == "1 thread requested");
    BOOST_TEST(!plan_threads(spiking(100), {false}, 2, 2, false).blocks);   // an event projection that queues

    Program rate = spiking(100);
    ContinuousProjection c;
    c.dense = arma::mat(100, 100, arma::fill::zeros);
    rate.continuous.push_back(c);
    const ThreadPlan phased = plan_threads(rate, {}, 2, 2, false);
    BOOST_TEST(!phased.blocks);
    BOOST_TEST(phased.threads == 1);   // nothing large enough for a second thread
    BOOST_TEST(phased.reason.find("continuous projections") != std::string::npos, phased.reason);
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

// Wilson–Cowan style rate network: τ dr/dt = −r + sigmoid(W r + r_ext), W dense n × n.
Program dense_rate_network(std::uint32_t n, std::uint64_t steps) {
    PopBuilder b("e", n);
    const Operand r = b.array("r", uniform_values(n, 0.0, 1.0, 3));
    const Operand in = b.input("r_in");
    const Operand tau = b.scalar("tau", 10.0), ext = b.scalar("r_ext", 1.0);
    b.emit(opcode::add, b.temp(0), in, ext);
    b.emit(opcode::sigmoid, b.temp(0), b.temp(0));
    b.emit(opcode::sub, b.temp(0), b.temp(0), r);
    b.emit(opcode::div, b.temp(0), b.temp(0), tau);
    b.state(r, b.temp(0));
    Program p;
    p.dt = 0.1;
    p.steps = steps;
    p.populations.push_back(std::move(b.p));
    ContinuousProjection c;
    c.source_pop = 0;
    c.source_array = r.index;
    c.target_pop = 0;
    c.target_array = in.index;
    c.dense.set_size(n, n);
    auto g = rng::stream(3, rng::purpose::weight, 0, 0);
    for (double& w : c.dense) w = rng::normal(g) / std::sqrt(static_cast<double>(n));
    c.dense.diag().fill(1.5);
    p.continuous.push_back(std::move(c));
    p.record.variables = {record(p, 0, "r", {}, 10)};
    return p;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(dense_products)

// The product against the plain loop it promises: per row, products added in ascending column
// order from zero, the sum added to y last. Shapes off every unrolling and block size.
BOOST_AUTO_TEST_CASE(product_is_the_ascending_column_sum_for_any_thread_count) {
    for (const auto& [rows, cols] : {std::pair<arma::uword, arma::uword>{517, 263}, {3, 5}, {700, 1030}}) {
        arma::mat w(rows, cols);
        auto g = rng::stream(11, rng::purpose::weight, rows, cols);
        for (double& x : w) x = rng::normal(g);
        std::vector<double> x(cols), y0(rows);
        for (double& v : x) v = rng::normal(g);
        for (double& v : y0) v = rng::normal(g);
        std::vector<double> expected = y0;
        for (arma::uword i = 0; i < rows; ++i) {
            double sum = 0.0;
            for (arma::uword j = 0; j < cols; ++j) sum += w(i, j) * x[j];
            expected[i] += sum;
        }
        for (const int threads : {1, 2, 3}) {
            std::vector<double> y = y0;
            add_dense_product(w, x.data(), y.data(), threads);
            BOOST_TEST(same_bits(y, expected), rows << " x " << cols << ", " << threads << " threads");
        }
        // And it is the product BLAS computes, to rounding.
        const arma::vec blas_y = arma::vec(y0) + w * arma::vec(x);
        std::vector<double> y = y0;
        add_dense_product(w, x.data(), y.data(), 1);
        BOOST_TEST(arma::approx_equal(arma::vec(y), blas_y, "absdiff", 1e-11));
    }
}

BOOST_AUTO_TEST_CASE(small_dense_product_stays_on_the_calling_thread) {
    const Program p = dense_rate_network(100, 500);
    const int before = blas::threads();
    const Result one = run_exact(p, 1, kernel_mode::automatic);
    const Result two = run_exact(p, 2, kernel_mode::automatic);
    BOOST_TEST(blas::threads() == before);   // the caller's setting is back
    BOOST_TEST(two.stats.dense_threads == 1);
    require_same_arrays(one.program, two.program);
    require_same_recording(one.recording, two.recording);
    BOOST_TEST(arma::approx_equal(one.recording.traces[0].samples, two.recording.traces[0].samples, "absdiff", 0.0));
}

BOOST_AUTO_TEST_CASE(large_dense_product_follows_the_runner_threads) {
    const auto n = static_cast<std::uint32_t>(std::sqrt(static_cast<double>(dense_parallel_min_elements))) + 1;
    const Program p = dense_rate_network(n, 40);
    const int before = blas::threads();
    const Result one = run_exact(p, 1, kernel_mode::automatic);
    const Result two = run_exact(p, 2, kernel_mode::automatic);
    const Result three = run_exact(p, 3, kernel_mode::automatic);
    BOOST_TEST(blas::threads() == before);
    BOOST_TEST(one.stats.dense_threads == 1);
    BOOST_TEST(two.stats.dense_threads == 2);
    BOOST_TEST(three.stats.dense_threads == 3);
    require_same_arrays(one.program, two.program);
    require_same_recording(one.recording, two.recording);
    require_same_arrays(one.program, three.program);
    require_same_recording(one.recording, three.recording);
}

// While a run steps, OpenBLAS holds the run's thread count (anything reaching BLAS follows
// --threads), and the caller's count is back afterwards.
BOOST_AUTO_TEST_CASE(openblas_follows_the_run_threads) {
    if (!blas::available()) return;
    const int before = blas::threads();
    for (const int threads : {1, 2}) {
        RunOptions o;
        o.threads = threads;
        o.exact_threads = true;
        int seen = -1;
        o.progress = [&](std::uint64_t, std::uint64_t) { seen = blas::threads(); };
        Simulator sim(dense_rate_network(100, 20), o);
        sim.run();
        BOOST_TEST(seen == threads);
        BOOST_TEST(sim.run_stats().blas_threads == threads);
        BOOST_TEST(blas::threads() == before);
    }
}

BOOST_AUTO_TEST_SUITE_END()
