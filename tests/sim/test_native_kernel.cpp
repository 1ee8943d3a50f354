// Native kernels (sim/native_kernel.hpp) against the interpreter: the same programs must give
// bit-identical arrays, spikes and traces, on one thread and on two, for every opcode the
// generator reproduces, and the same NaN/Inf error.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "coba_program.hpp"
#include "core/rng.hpp"
#include "native_compare.hpp"
#include "program_builder.hpp"
#include "sim/kernels.hpp"
#include "sim/native_kernel.hpp"
#include "sim/population.hpp"

using namespace neurowire::sim;
using namespace neurowire::sim::testing;

namespace {

std::vector<double> uniform_values(std::uint32_t n, double lo, double hi, std::uint64_t key) {
    std::vector<double> v(n);
    auto g = neurowire::rng::stream(key, neurowire::rng::purpose::init, 0, 0);
    for (auto& x : v) x = neurowire::rng::uniform(g, lo, hi);
    return v;
}

// Wilson–Cowan-like rates, E and I in one population: sigmoid through its opcode for E and written
// out with exp for I, a per-unit drive, a sine input into an input slot, a state whose derivative
// is a shared value.
Program rate_model(std::uint32_t n, std::uint64_t steps) {
    PopBuilder b("wc", n);
    const Operand e = b.array("e", uniform_values(n, 0.0, 0.3, 1)), i = b.array("i", uniform_values(n, 0.0, 0.3, 2));
    const Operand drift = b.array("drift", 0.0);
    const Operand drive = b.array("P", uniform_values(n, 0.5, 1.5, 3));
    const Operand in = b.input("in_i");
    const Operand a_e = b.scalar("a_e", 1.3), th_e = b.scalar("th_e", 4.0), a_i = b.scalar("a_i", 2.0);
    const Operand th_i = b.scalar("th_i", 3.7), w_ee = b.scalar("w_ee", 16.0), w_ei = b.scalar("w_ei", 12.0);
    const Operand w_ie = b.scalar("w_ie", 15.0), w_ii = b.scalar("w_ii", 3.0), tau_e = b.scalar("tau_e", 8.0);
    const Operand tau_i = b.scalar("tau_i", 8.0), one = b.scalar("#1", 1.0), rate = b.scalar("rate", 0.01);
    const Operand t0 = b.temp(0), t1 = b.temp(1), t2 = b.temp(2);
    b.emit(opcode::mul, t0, w_ee, e);
    b.emit(opcode::mul_sub, t1, w_ei, i, th_e);         // w_ei·i − th_e
    b.emit(opcode::sub, t0, t0, t1);
    b.emit(opcode::add_mul, t0, t0, drive, a_e);          // (… + P)·a_e
    b.emit(opcode::sigmoid, t0, t0);
    b.emit(opcode::sub_div, t0, t0, e, tau_e);            // (S(…) − e)/τ_e
    b.emit(opcode::mul, t1, w_ie, e);
    b.emit(opcode::mul, t2, w_ii, i);
    b.emit(opcode::sub_add, t1, t1, t2, in);
    b.emit(opcode::sub_mul, t1, t1, th_i, a_i);
    b.emit(opcode::neg, t1, t1);
    b.emit(opcode::exp, t1, t1);
    b.emit(opcode::add, t1, one, t1);
    b.emit(opcode::div, t1, one, t1);                    // 1 / (1 + e^−x), as written out
    b.emit(opcode::sub, t1, t1, i);
    b.emit(opcode::div, t1, t1, tau_i);
    b.state(e, t0);
    b.state(i, t1);
    b.state(drift, rate);                                 // a shared derivative: x += dt·rate
    Program p;
    p.dt = 0.05;
    p.steps = steps;
    p.populations.push_back(std::move(b.p));
    Input sine;
    sine.pop = 0;
    sine.array = in.index;
    sine.kind = input_kind::sine;
    sine.amplitude = 0.4;
    sine.frequency = 0.01;
    p.inputs.push_back(sine);
    RecordVariable r;
    r.name = "wc.e";
    r.array = e.index;
    r.every = 7;
    p.record.variables.push_back(r);
    return p;
}

// QIF: τ dv/dt = v² + η + I; spike at v >= v_peak, v ← v_reset, s += 1, per-unit refractory
// holding v; ds/dt = −s/τ_s; and an assignment with pow of per-unit and shared exponents.
Program qif_model(std::uint32_t n, std::uint64_t steps) {
    PopBuilder b("qif", n);
    const Operand v = b.array("v", uniform_values(n, -2.0, 2.0, 4)), s = b.array("s", 0.0);
    const Operand eta = b.array("eta", uniform_values(n, -1.0, 3.0, 5));
    std::vector<double> ex(n), ref(n);
    for (std::uint32_t k = 0; k < n; ++k) {
        ex[k] = k % 3 == 0 ? 2.0 : 1.5;
        ref[k] = 0.01 * (k % 5);
    }
    const Operand expo = b.array("expo", ex), t_ref = b.array("t_ref", ref), pw = b.array("pw", 0.0);
    const Operand in = b.input("I_in");
    const Operand two = b.scalar("#2", 2.0), tau = b.scalar("tau", 1.0), v_peak = b.scalar("v_peak", 50.0);
    const Operand v_reset = b.scalar("v_reset", -50.0), one = b.scalar("#1", 1.0), tau_s = b.scalar("tau_s", 0.5);
    const Operand half = b.scalar("#1.5", 1.5), i_ext = b.scalar("I_ext", 1.0);
    const Operand t0 = b.temp(0), t1 = b.temp(1), t2 = b.temp(2);
    b.emit(opcode::pow, t0, v, two);                      // v², specialised to v·v
    b.emit(opcode::add_add, t0, t0, eta, in);
    b.emit(opcode::add_div, t0, t0, i_ext, tau);
    b.emit(opcode::neg, t1, s);
    b.emit(opcode::div, t1, t1, tau_s);
    b.emit(opcode::abs, t2, v);
    b.emit(opcode::add, t2, t2, one);
    b.emit(opcode::pow, pw, t2, expo);                    // per-unit exponent: 2 → x·x, 1.5 → pow
    b.emit(opcode::pow, t2, t2, half);
    b.emit(opcode::add, pw, pw, t2);
    b.state(v, t0);
    b.state(s, t1);
    SpikeRule& r = b.spiking();
    r.code.push_back({opcode::ge, b.temp(3), v, v_peak, {}});
    r.condition = b.temp(3);
    r.reset.push_back({v.index, v_reset});
    r.add.push_back({s.index, one});
    r.refractory = t_ref;
    r.held = {0};
    Program p;
    p.dt = 1e-3;
    p.steps = steps;
    p.populations.push_back(std::move(b.p));
    Input drive;
    drive.pop = 0;
    drive.array = in.index;
    drive.kind = input_kind::constant;
    drive.value = 2.5;
    p.inputs.push_back(drive);
    p.record.spikes = {0};
    return p;
}

// Every opcode the generator reproduces, with per-unit, shared and temporary operands, on inputs
// that include ±0, negative values (log, sqrt → NaN), huge ones (exp → Inf), NaN and ±Inf; each
// result lands in an array of its own. Two states move the inputs from step to step, one of them
// through t.
Program every_opcode_model(std::uint32_t n, std::uint64_t steps) {
    PopBuilder b("ops", n);
    std::vector<double> av = uniform_values(n, -3.0, 3.0, 6), bv = uniform_values(n, -2.0, 2.0, 7);
    const double specials[] = {0.0, -0.0, 1.0, -1.0, 2.0, 800.0, -800.0, 1e-300,
                               std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                               -std::numeric_limits<double>::infinity()};
    for (std::size_t k = 0; k < std::size(specials); ++k) {
        av[3 * k] = specials[k];
        bv[3 * k + 1] = specials[k];
    }
    const Operand x = b.array("x", uniform_values(n, 0.5, 1.0, 8)), y = b.array("y", 0.0);
    const Operand a = b.array("a", av), bb = b.array("b", bv);
    const Operand sa = b.scalar("sa", 0.7), sb = b.scalar("sb", -1.25), sc = b.scalar("sc", 2.0);
    const Operand t = b.scalar("t", 0.0);
    b.p.values.time = t.index;
    const Operand tmp = b.temp(0), out = b.temp(1);
    b.emit(opcode::mul, tmp, a, x);                       // a per-unit value that changes with x
    int k = 0;
    auto result = [&](const Operand& value) {
        std::string name = "r";
        name += std::to_string(k++);   // appended: GCC 12 warns falsely about "r" + std::string
        const Operand dst = b.array(name, 0.0);
        b.emit(opcode::copy, dst, value);
    };
    for (const OpcodeInfo& entry : opcode_table) {
        const opcode o = entry.op;
        const int n_args = entry.arity;
        // (array, array, scalar), (array, scalar, array), (scalar, array, temp), (temp, scalar, scalar)
        const Operand combos[][3] = {{a, bb, sc}, {tmp, sb, a}, {sa, bb, tmp}, {tmp, sc, sb}};
        for (const auto& c : combos) {
            b.emit(o, out, c[0], n_args > 1 ? c[1] : Operand{}, n_args > 2 ? c[2] : Operand{});
            result(out);
        }
        if (entry.fast != shortcut::none) {
            // Two shared operands: computed once, and a shared divisor is not a reciprocal then.
            b.emit(o, out, sa, sb, sc);
            result(out);
        }
    }
    const Operand d0 = b.temp(2), d1 = b.temp(3);
    b.emit(opcode::sin, d1, t);
    b.emit(opcode::mul_sub, d0, x, sb, d1);               // x' = −1.25·x − sin t
    b.emit(opcode::sub_mul, d1, sa, y, sc);               // y' = 2·(0.7 − y)
    b.state(x, d0);
    b.state(y, d1);
    Program p;
    p.dt = 0.01;
    p.steps = steps;
    p.populations.push_back(std::move(b.p));
    return p;
}

// A LIF population whose spike condition is one of several forms: a comparison of every kind
// (per-unit or shared operands, either side), a comparison of a temporary, one whose result
// reuses its operand's register, a condition that is not a comparison (fires when not zero),
// and shared conditions (never, always).
Program spike_condition_model(int variant) {
    const std::uint32_t n = 101;   // a tail after the vector groups
    Lif m;
    m.i_ext = 1.3;
    m.t_ref = 0.3;
    PopulationProgram pop = make_lif("n", n, m, uniform_values(n, 0.0, 1.0, 11));
    auto add_scalar = [&](const char* name, double value) {
        pop.values.scalar_names.push_back(name);
        pop.values.scalars.push_back(value);
        return Operand::scalar(static_cast<std::uint32_t>(pop.values.scalars.size() - 1));
    };
    pop.values.array_names.push_back("v_th_unit");
    pop.values.arrays.push_back(uniform_values(n, 0.8, 1.2, 12));
    const Operand v = Operand::array(0), v_th_unit = Operand::array(static_cast<std::uint32_t>(pop.values.arrays.size() - 1));
    const Operand v_th = add_scalar("v_th'", 1.0), zero = add_scalar("#0", 0.0), one = add_scalar("#1'", 1.0);
    const Operand t0 = Operand::temp(0), t1 = Operand::temp(1);
    SpikeRule& r = *pop.spike;
    r.code.clear();
    r.condition = t1;
    switch (variant) {
        case 0: r.code = {{opcode::ge, t1, v, v_th, {}}}; break;
        case 1: r.code = {{opcode::gt, t1, v, v_th_unit, {}}}; break;
        case 2: r.code = {{opcode::le, t1, v_th, v, {}}}; break;
        case 3: r.code = {{opcode::lt, t1, v_th_unit, v, {}}}; break;
        case 4: r.code = {{opcode::ge, t0, v, v_th, {}}, {opcode::eq, t1, t0, one, {}}}; break;
        case 5: r.code = {{opcode::gt, t0, v, v_th_unit, {}}, {opcode::ne, t1, t0, zero, {}}}; break;
        case 6: r.code = {{opcode::sub, t1, v, v_th, {}}, {opcode::ge, t1, t1, zero, {}}}; break;
        case 7: r.code = {{opcode::ge, t0, v, v_th, {}}, {opcode::mul, t1, t0, v, {}}}; break;   // v > 0 here
        case 8: r.condition = zero; break;
        default: r.condition = one; break;
    }
    Program p;
    p.dt = 0.1;
    p.steps = 300;
    p.populations.push_back(std::move(pop));
    p.record.spikes = {0};
    return p;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(native_kernel)

// An input slot fed by constant inputs alone holds the same values all run; the kernel reads it as
// one value when every unit holds the same, per unit otherwise. Either way, the interpreter's bits.
BOOST_AUTO_TEST_CASE(constant_inputs_to_all_units_or_some) {
    for (const bool all : {true, false}) {
        BOOST_TEST_CONTEXT("all units: " << all) {
            const std::uint32_t n = 77;
            Program p;
            p.dt = 0.1;
            p.steps = 300;
            p.populations.push_back(make_lif("n", n, Lif{}, uniform_values(n, 0.0, 1.0, 13)));
            Input drive;
            drive.pop = 0;
            drive.array = *p.populations[0].values.find_array("I_in");
            drive.kind = input_kind::constant;
            drive.value = 1.3;
            if (!all)
                for (neurowire::index_t u = 0; u < n; u += 2) drive.units.push_back(u);
            p.inputs.push_back(drive);
            p.record.spikes = {0};
            const Outcome native = require_native_equals_interpreted(p, 1);
            BOOST_TEST(native.recording.spikes[0].units.size() > 40u);
        }
    }
}

BOOST_AUTO_TEST_CASE(spike_conditions_of_every_form) {
    for (int variant = 0; variant <= 9; ++variant) {
        BOOST_TEST_CONTEXT("variant " << variant) {
            const Outcome native = require_native_equals_interpreted(spike_condition_model(variant), 1);
            if (variant == 8) BOOST_TEST(native.recording.spikes[0].units.empty());
            else BOOST_TEST(native.recording.spikes[0].units.size() > 100u);
        }
    }
}

BOOST_AUTO_TEST_CASE(coba_is_bit_identical_on_one_and_two_threads) {
    const Program p = make_coba(2000, 3);
    for (const int threads : {1, 2}) {
        const Outcome native = require_native_equals_interpreted(p, threads);
        BOOST_TEST(native.recording.spikes[0].units.size() > 1000u);   // the network is active
    }
}

BOOST_AUTO_TEST_CASE(parallel_chunks_are_bit_identical) {
    // 20,000 units are 79 chunks: enough for the chunks to run in parallel on two threads.
    const std::uint32_t n = 20000;
    Lif m;
    m.i_ext = 1.3;
    m.t_ref = 0.4;
    Program p;
    p.dt = 0.1;
    p.steps = 200;
    p.populations.push_back(make_lif("n", n, m, uniform_values(n, 0.0, 1.0, 9)));
    p.record.spikes = {0};
    const Outcome native = require_native_equals_interpreted(p, 2);
    BOOST_TEST(native.recording.spikes[0].units.size() > static_cast<std::size_t>(n));
}

BOOST_AUTO_TEST_CASE(rate_model_with_exp_and_sigmoid) {
    const Program p = rate_model(301, 400);   // 301: a tail of units after the vector groups
    for (const int threads : {1, 2}) require_native_equals_interpreted(p, threads);
}

BOOST_AUTO_TEST_CASE(qif_with_pow_reset_add_and_per_unit_refractoriness) {
    const Program p = qif_model(203, 3000);
    for (const int threads : {1, 2}) {
        const Outcome native = require_native_equals_interpreted(p, threads);
        BOOST_TEST(native.recording.spikes[0].units.size() > 100u);
    }
}

// Refractoriness has one representation (sim/population.hpp): the interpreter and the native
// kernel hand a population over to each other mid-run, refractory units included, and every
// step's state (the last refractory step of every unit too) and spikes stay those of a run
// interpreted throughout.
BOOST_AUTO_TEST_CASE(interpreter_and_kernel_take_over_each_others_refractory_state) {
    const std::uint32_t n = 203;
    Program reference = qif_model(n, 1), handed = reference;
    PopulationRuntime a(reference.populations[0], reference.dt, 1), b(handed.populations[0], handed.dt, 1);
    const NativeKernels native = prepare_kernels(handed, kernel_mode::native);
    BOOST_REQUIRE(native.kernels[0] != nullptr);
    const std::uint32_t in = *reference.populations[0].values.find_array("I_in");
    std::fill(a.array(in), a.array(in) + n, 2.5);
    std::fill(b.array(in), b.array(in) + n, 2.5);
    std::uint64_t spikes = 0, held_at_handover = 0;
    for (std::uint64_t step = 0; step < 3000; ++step) {
        // Native for steps [0, 700), interpreted for [700, 1600), native again from 1600, with
        // the handovers inside refractory periods (checked below).
        if (step == 0 || step == 1600) b.use_kernel(native.kernels[0]);
        if (step == 700) b.use_kernel(nullptr);
        if (step == 700 || step == 1600)
            for (std::uint32_t i = 0; i < n; ++i) held_at_handover += a.refractory_until()[i] >= static_cast<double>(step);
        BOOST_TEST_REQUIRE(a.update(step) == b.update(step));
        BOOST_TEST_REQUIRE(a.spikes() == b.spikes(), "step " << step);
        spikes += a.spikes().size();
        const std::vector<double> ua(a.refractory_until(), a.refractory_until() + n);
        const std::vector<double> ub(b.refractory_until(), b.refractory_until() + n);
        BOOST_TEST_REQUIRE(same_bits(ua, ub), "refractory state, step " << step);
        for (const std::uint32_t slot : {0u, 1u}) {
            const std::vector<double> xa(a.array(slot), a.array(slot) + n), xb(b.array(slot), b.array(slot) + n);
            BOOST_TEST_REQUIRE(same_bits(xa, xb), "array " << slot << ", step " << step);
        }
    }
    BOOST_TEST(spikes > 100u);
    BOOST_TEST(held_at_handover > 0u);   // the handovers happened with units refractory
}

BOOST_AUTO_TEST_CASE(every_opcode_with_every_operand_kind) {
    const Program p = every_opcode_model(67, 50);
    for (const int threads : {1, 2}) require_native_equals_interpreted(p, threads);
}

BOOST_AUTO_TEST_CASE(nonfinite_error_names_the_same_unit_and_step) {
    // x' = x²: the unit that starts highest overflows first.
    PopBuilder b("blow", 40);
    std::vector<double> x0(40, 0.5);
    x0[17] = 3.0;
    const Operand x = b.array("x", x0);
    b.emit(opcode::mul, b.temp(0), x, x);
    b.state(x, b.temp(0));
    Program p;
    p.dt = 0.1;
    p.steps = 1000;
    p.populations.push_back(std::move(b.p));
    auto failure = [&](kernel_mode mode) {
        RunOptions o;
        o.threads = 1;
        o.kernels = mode;
        Simulator sim(p, o);
        try {
            sim.run();
        } catch (const nonfinite_error& e) {
            BOOST_TEST(sim.recording().steps_done == e.step);
            return std::string(e.what());
        }
        return std::string("no error");
    };
    const std::string native = failure(kernel_mode::native);
    BOOST_TEST(native.find("unit 17") != std::string::npos, native);
    BOOST_TEST(native == failure(kernel_mode::interpreted));
}

BOOST_AUTO_TEST_CASE(unsupported_programs_say_why) {
    PopBuilder b("p", 4);
    const Operand x = b.array("x", 1.0);
    b.emit(opcode::add, b.temp(0), x, b.temp(1));   // temp 1 is never written
    b.state(x, b.temp(0));
    const KernelSource src = generate_euler_kernel(b.p);
    BOOST_TEST(src.text.empty());
    BOOST_TEST(src.unsupported.find("temporary read before") != std::string::npos, src.unsupported);
    // In automatic mode such a population simply runs interpreted, and says so.
    const ScopedEnv automatic("NEUROWIRE_KERNELS", nullptr);
    Program p;
    p.dt = 0.1;
    p.steps = 3;
    p.populations.push_back(std::move(b.p));
    const Outcome o = run_with(p, 1, kernel_mode::automatic);
    BOOST_TEST(o.report.native_count() == 0u);
    BOOST_TEST(o.report.summary().find("not generated") != std::string::npos, o.report.summary());
}

BOOST_AUTO_TEST_SUITE_END()
