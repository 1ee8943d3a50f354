// The step loop: interpreter semantics, spikes, refractoriness, thread independence, NaN stops,
// input checks.
#include <cmath>
#include <string>

#include <boost/test/unit_test.hpp>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "sim/interpreter.hpp"
#include "sim/opcode_table.hpp"
#include "sim/runner.hpp"
#include "program_builder.hpp"

using namespace neurowire::sim;
using neurowire::sim::testing::Lif;
using neurowire::sim::testing::make_lif;
using neurowire::sim::testing::PopBuilder;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

RecordVariable record_all(const Program& p, std::uint32_t pop, const std::string& var) {
    RecordVariable r;
    r.name = p.populations[pop].name + "." + var;
    r.pop = pop;
    r.array = *p.populations[pop].values.find_array(var);
    return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(runner)

BOOST_AUTO_TEST_CASE(interpreter_matches_scalar_semantics_across_chunks) {
    // 600 units: two full chunks and a partial one; every opcode of the table with array and scalar
    // operands.
    const std::uint32_t n = 600;
    std::vector<double> av(n), bv(n);
    for (std::uint32_t i = 0; i < n; ++i) {
        av[i] = 0.01 * i - 2.5;
        bv[i] = std::cos(0.1 * i);
    }
    for (const OpcodeInfo& entry : opcode_table) {
        const opcode op = entry.op;
        const int op_i = static_cast<int>(op);
        for (int scalar_b = 0; scalar_b < 2; ++scalar_b) {
            PopBuilder b("p", n);
            const Operand a = b.array("a", av), bo = scalar_b ? b.scalar("b", 0.3) : b.array("b", bv);
            const Operand c = b.scalar("c", 0.7), dst = b.array("d", 0.0);
            b.emit(op, b.temp(0), a, bo, c);
            b.emit(opcode::copy, dst, b.temp(0));
            std::vector<double*> arrays;
            for (auto& x : b.p.values.arrays) arrays.push_back(x.data());
            std::vector<double> temps(chunk_size);
            for (std::uint32_t begin = 0; begin < n; begin += chunk_size)
                run_chunk(b.p.code, {arrays.data(), b.p.values.scalars.data(), temps.data(), begin,
                                     std::min(chunk_size, n - begin)});
            for (std::uint32_t i = 0; i < n; ++i) {
                const double expect = apply(op, av[i], scalar_b ? 0.3 : bv[i], 0.7);
                const double got = b.p.values.arrays[dst.index][i];
                // Division by a shared scalar multiplies by the reciprocal: within an ulp.
                // So does a fused pair's division by the shared c.
                const bool reciprocal = entry.fast == shortcut::shared_divisor && (scalar_b || is_fused(op));
                const double tol = reciprocal ? 2.3e-16 * std::abs(expect) : 0.0;
                BOOST_TEST_REQUIRE(((std::isnan(expect) && std::isnan(got)) || expect == got || std::abs(expect - got) <= tol),
                                   "opcode " << op_i << " unit " << i << ": " << got << " vs " << expect);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(refractory_holds_v_reset_and_add) {
    Lif m;
    m.i_ext = 2.0;   // v → 2 > v_th = 1
    m.t_ref = 2.0;   // 20 steps
    Program p;
    p.dt = 0.1;
    p.steps = 400;
    p.populations.push_back(make_lif("n", 1, m));
    p.record.variables = {record_all(p, 0, "v"), record_all(p, 0, "s")};
    p.record.spikes = {0};
    const Recording rec = run(p, {1, {}});
    const auto& sp = rec.spikes[0];
    BOOST_REQUIRE(sp.times.size() >= 3u);
    const arma::mat& v = rec.traces[0].samples;
    const arma::mat& s = rec.traces[1].samples;
    // Independent Euler loop up to threshold from v = 0: the steps between spikes.
    int climb = 0;
    for (double x = 0.0; x < 1.0; ++climb) x += 0.1 * (2.0 - x) / 10.0;
    const auto k0 = static_cast<std::size_t>(std::llround(sp.times[0] / p.dt)) - 1;   // step of spike 0
    BOOST_TEST(k0 + 1 == static_cast<std::size_t>(climb));
    for (std::size_t k = k0; k <= k0 + 20; ++k) BOOST_TEST(v(k, 0) == 0.0);   // reset, then held 20 steps
    BOOST_TEST(v(k0 + 21, 0) == 0.1 * (2.0 / 10.0));
    // The second spike comes 20 held steps plus the same climb later.
    const auto k1 = static_cast<std::size_t>(std::llround(sp.times[1] / p.dt)) - 1;
    BOOST_TEST(k1 - k0 == 20u + static_cast<std::size_t>(climb));
    // add: s jumps by exactly 1 on top of its Euler decay.
    BOOST_TEST(s(k0, 0) == s(k0 - 1, 0) * 1.0 - 0.1 * s(k0 - 1, 0) / 5.0 + 1.0);
    BOOST_TEST(s(k0 - 1, 0) == 0.0);
}

BOOST_AUTO_TEST_CASE(spikes_identical_for_one_and_two_threads) {
    const std::uint32_t n = 1500;
    Lif m;
    m.tau = 20.0;
    m.t_ref = 2.0;
    std::vector<double> v0(n);
    auto g = neurowire::rng::stream(7, neurowire::rng::purpose::init, 0, 0);
    for (auto& x : v0) x = neurowire::rng::uniform(g, 0.0, 1.0);
    Program p;
    p.dt = 0.1;
    p.steps = 1000;
    p.seed = 3;
    p.populations.push_back(make_lif("n", n, m, v0));
    EventProjection e;
    e.target_array = *p.populations[0].values.find_array("v");
    e.col_ptr.push_back(0);
    for (std::uint32_t j = 0; j < n; ++j) {
        for (std::uint32_t k = 0; k < 20; ++k) {
            e.targets.push_back(neurowire::rng::uniform_index(g, n));
            e.weights.push_back(neurowire::rng::uniform(g, -0.05, 0.06));
            e.delay_steps.push_back(1 + neurowire::rng::uniform_index(g, 15));
        }
        e.col_ptr.push_back(e.targets.size());
    }
    p.events.push_back(e);
    Input in;
    in.array = e.target_array;
    in.kind = input_kind::poisson;
    in.rate = 0.5;
    in.weight = 0.2;
    p.inputs.push_back(in);
    p.record.spikes = {0};
    p.record.variables = {record_all(p, 0, "v")};
    const Recording one = run(p, {1, {}});
    const Recording two = run(p, {2, {}});
    BOOST_TEST(one.spikes[0].units.size() > 1000u);
    BOOST_TEST(one.spikes[0].units == two.spikes[0].units);
    BOOST_TEST(one.spikes[0].times == two.spikes[0].times);
    BOOST_TEST(arma::approx_equal(one.traces[0].samples, two.traces[0].samples, "absdiff", 0.0));
}

BOOST_AUTO_TEST_CASE(nonfinite_state_stops_with_names_and_keeps_recording) {
    // dx/dt = x²: unit 3 starts highest and overflows first.
    PopBuilder b("blow", 5);
    const Operand x = b.array("x", std::vector<double>{1, 1, 1, 2, 1});
    b.emit(opcode::mul, b.temp(0), x, x);
    b.state(x, b.temp(0));
    Program p;
    p.dt = 0.1;
    p.steps = 1000;
    p.populations.push_back(std::move(b.p));
    p.record.variables = {record_all(p, 0, "x")};
    std::uint64_t expect_step = 0;
    for (double v = 2.0; std::isfinite(v); ++expect_step) v += 0.1 * v * v;
    --expect_step;   // the step in which it became infinite
    Simulator sim(p, {1, {}});
    try {
        sim.run();
        BOOST_FAIL("no error");
    } catch (const nonfinite_error& e) {
        BOOST_TEST(e.population == "blow");
        BOOST_TEST(e.variable == "x");
        BOOST_TEST(e.unit == 3u);
        BOOST_TEST(e.step == expect_step);
        BOOST_TEST(contains(e.what(), "population 'blow', variable 'x', unit 3"));
    }
    BOOST_TEST(sim.recording().steps_done == expect_step);
    BOOST_TEST(sim.recording().traces[0].samples.n_rows == expect_step);
    BOOST_TEST(std::isfinite(sim.recording().traces[0].samples(expect_step - 1, 3)));
}

BOOST_AUTO_TEST_CASE(input_shape_error_names_both_shapes) {
    Program p;
    p.steps = 10;
    PopBuilder b("q", 4);
    b.input("I");
    p.populations.push_back(std::move(b.p));
    Input in;
    in.array = 0;
    in.kind = input_kind::array;
    in.data = arma::mat(5, 3, arma::fill::zeros);
    p.inputs.push_back(in);
    try {
        validate(p);
        BOOST_FAIL("no error");
    } catch (const neurowire::config_error& e) {
        BOOST_TEST(contains(e.what(), "10 × 4"));
        BOOST_TEST(contains(e.what(), "5 × 3"));
    }
    p.inputs[0].units = {1, 2, 3};
    p.inputs[0].data = arma::mat(10, 3, arma::fill::ones);
    BOOST_CHECK_NO_THROW(validate(p));
}

BOOST_AUTO_TEST_CASE(function_node_softmax) {
    Program p;
    p.steps = 1;
    p.populations.push_back(make_function_node("f", 3, node_function::softmax));
    Input in;
    in.array = 0;
    in.kind = input_kind::array;
    in.data = arma::mat{{1.0, 2.0, 3.0}};
    p.inputs.push_back(in);
    p.record.variables = {record_all(p, 0, "out")};
    const Recording r = run(p, {1, {}});
    const double z = std::exp(1.0) + std::exp(2.0) + std::exp(3.0);
    BOOST_TEST(r.traces[0].samples(0, 2) == std::exp(3.0) / z, boost::test_tools::tolerance(1e-14));
}

BOOST_AUTO_TEST_SUITE_END()
