// Fused opcodes: (a x b) y c in one instruction must equal, bit for bit, the two instructions it
// replaces, for every combination of broadcast and per-unit operands. Likewise the spike pass's
// built-in threshold comparison and the interpreted condition it stands for.
#include <cstring>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "core/rng.hpp"
#include "sim/interpreter.hpp"
#include "sim/runner.hpp"
#include "program_builder.hpp"

using namespace neurowire::sim;

BOOST_AUTO_TEST_SUITE(fused_opcodes)

BOOST_AUTO_TEST_CASE(fused_equals_the_pair_it_replaces) {
    const std::uint32_t n = 203;
    std::vector<std::vector<double>> arrays(3, std::vector<double>(n));
    for (std::uint32_t i = 0; i < n; ++i) {
        arrays[0][i] = 0.37 * i - 11.3;
        arrays[1][i] = 1.0 / (i + 0.7) - 0.21;
        arrays[2][i] = (i % 7) * 0.913 + 0.17;
    }
    std::vector<double*> pointers{arrays[0].data(), arrays[1].data(), arrays[2].data()};
    const std::vector<double> scalars{-80.0, 0.3, 7.0};
    std::vector<double> temps(3 * chunk_size, 0.0);
    const Frame fr{pointers.data(), scalars.data(), temps.data(), 0, n};
    const opcode firsts[] = {opcode::add, opcode::sub, opcode::mul};
    const opcode seconds[] = {opcode::add, opcode::sub, opcode::mul, opcode::div};
    int cases = 0;
    for (const opcode x : firsts)
        for (const opcode y : seconds)
            for (int mask = 0; mask < 8; ++mask) {
                auto operand = [&](int k) { return (mask >> k) & 1 ? Operand::scalar(k) : Operand::array(k); };
                const Operand a = operand(0), b = operand(1), c = operand(2);
                const Operand t0 = Operand::temp(0), t1 = Operand::temp(1), t2 = Operand::temp(2);
                run_chunk({{x, t0, a, b, {}}, {y, t1, t0, c, {}}}, fr);
                run_chunk({{fused_opcode(x, y), t2, a, b, c}}, fr);
                BOOST_TEST(is_fused(fused_opcode(x, y)));
                BOOST_TEST((fused_first(fused_opcode(x, y)) == x));
                BOOST_TEST((fused_second(fused_opcode(x, y)) == y));
                BOOST_TEST(std::memcmp(temps.data() + chunk_size, temps.data() + 2 * chunk_size, n * sizeof(double)) == 0,
                           "opcode pair " << int(x) << "," << int(y) << " operands mask " << mask);
                ++cases;
            }
    BOOST_TEST(cases == 96);
}

BOOST_AUTO_TEST_CASE(threshold_fast_path_equals_interpreted_condition) {
    // v >= v_th is evaluated inside the spike pass; H(v − v_th) goes through the interpreter.
    // The two agree exactly (the sign of v − v_th is exact), so the spikes must be identical.
    const std::uint32_t n = 700;
    testing::Lif m;
    m.i_ext = 1.4;
    m.t_ref = 0.3;
    std::vector<double> v0(n);
    auto g = neurowire::rng::stream(3, neurowire::rng::purpose::init, 0, 0);
    for (auto& x : v0) x = neurowire::rng::uniform(g, 0.0, 1.0);
    Program fast;
    fast.dt = 0.1;
    fast.steps = 500;
    fast.populations.push_back(testing::make_lif("n", n, m, v0));
    fast.record.spikes = {0};
    Program slow = fast;
    SpikeRule& r = *slow.populations[0].spike;
    const Operand cond = r.condition;
    const Operand v = r.code[0].a, v_th = r.code[0].b;
    r.code = {{opcode::sub, cond, v, v_th, {}}, {opcode::heaviside, cond, cond, {}, {}}};
    const Recording a = run(fast, {1, {}});
    const Recording b = run(slow, {1, {}});
    BOOST_TEST(a.spikes[0].units.size() > 500u);
    BOOST_TEST(a.spikes[0].units == b.spikes[0].units);
    BOOST_TEST(a.spikes[0].times == b.spikes[0].times);
}

BOOST_AUTO_TEST_SUITE_END()
