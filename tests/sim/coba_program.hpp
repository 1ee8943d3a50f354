#pragma once
// The COBA E/I network (docs/models.md §6) as a hand-built Program: the 7 instructions
// (11 operations, fused in pairs; I_syn, unrecorded, in a register) are what the equation
// compiler emits (tests/build checks) for
//   I_syn = g_e*(E_e - v) + g_i*(E_i - v)
//   d/dt v = (-(v - v_rest) + I_ext + I_syn) / tau
//   d/dt g_e = -g_e / tau_e ;  d/dt g_i = -g_i / tau_i
//   spike when v >= v_th: v = v_reset, refractory tau_ref holding v
// with pairwise Bernoulli (p = 0.02) event projections drawn by geometric skipping.
#include <vector>

#include "core/rng.hpp"
#include "program_builder.hpp"
#include "sim/program.hpp"

namespace neurowire::sim::testing {

inline PopulationProgram make_coba_population(const std::string& name, std::uint32_t n, seed_t seed,
                                              std::uint32_t pop_index) {
    PopBuilder b(name, n);
    std::vector<double> v0(n);
    for (std::uint32_t i = 0; i < n; ++i) {
        auto g = rng::stream(seed, rng::purpose::init, pop_index, i);
        v0[i] = rng::normal(g, -55.0, 2.0);
    }
    const Operand v = b.array("v", std::move(v0)), ge = b.array("g_e"), gi = b.array("g_i");
    const Operand v_rest = b.scalar("v_rest", -60.0), tau = b.scalar("tau", 20.0);
    const Operand e_e = b.scalar("E_e", 0.0), e_i = b.scalar("E_i", -80.0);
    b.scalar("tau_e", 5.0);
    b.scalar("tau_i", 10.0);
    const Operand v_th = b.scalar("v_th", -50.0), v_reset = b.scalar("v_reset", -60.0);
    const Operand tau_ref = b.scalar("tau_ref", 5.0), i_ext = b.scalar("I_ext", 20.0);
    const Operand t0 = b.temp(0), t1 = b.temp(1), t2 = b.temp(2), t3 = b.temp(3);
    b.emit(opcode::sub_mul, t0, e_e, v, ge);   // (E_e − v)·g_e
    b.emit(opcode::sub_mul, t1, e_i, v, gi);
    b.emit(opcode::add, t1, t0, t1);           // I_syn: read by nothing else, so a register
    b.emit(opcode::sub_add, t0, v_rest, v, i_ext);   // −(v − v_rest) + I_ext, as the compiler rewrites it
    b.emit(opcode::add_div, t1, t0, t1, tau);
    b.emit(opcode::div, t0, ge, b.scalar("-tau_e", -5.0));   // −g_e/τ_e with the sign hoisted
    b.emit(opcode::div, t2, gi, b.scalar("-tau_i", -10.0));
    b.state(v, t1);
    b.state(ge, t0);
    b.state(gi, t2);
    SpikeRule& r = b.spiking();
    r.code.push_back({opcode::ge, t3, v, v_th, {}});
    r.condition = t3;
    r.reset.push_back({v.index, v_reset});
    r.refractory = tau_ref;
    r.held = {0};
    b.p.output = v.index;
    return std::move(b.p);
}

// Pairwise Bernoulli(p) without autapses when source == target, CSC by source.
inline EventProjection bernoulli_events(std::uint32_t src, std::uint32_t n_src, std::uint32_t tgt,
                                        std::uint32_t n_tgt, std::uint32_t array, double w, double p,
                                        seed_t seed, std::uint32_t projection) {
    EventProjection e;
    e.source_pop = src;
    e.target_pop = tgt;
    e.target_array = array;
    e.col_ptr.push_back(0);
    for (std::uint32_t j = 0; j < n_src; ++j) {
        auto g = rng::stream(seed, rng::purpose::connect, projection, j);
        for (std::uint64_t i = rng::geometric(g, p); i < n_tgt; i += 1 + rng::geometric(g, p)) {
            if (src == tgt && i == j) continue;
            e.targets.push_back(static_cast<index_t>(i));
            e.weights.push_back(w);
        }
        e.col_ptr.push_back(e.targets.size());
    }
    e.delay_steps = {1};
    return e;
}

inline Program make_coba(std::uint64_t steps = 10000, seed_t seed = 1, std::uint32_t n_e = 3200,
                         std::uint32_t n_i = 800) {
    Program prog;
    prog.dt = 0.1;
    prog.steps = steps;
    prog.seed = seed;
    prog.populations.push_back(make_coba_population("E", n_e, seed, 0));
    prog.populations.push_back(make_coba_population("I", n_i, seed, 1));
    const std::uint32_t ge = 1, gi = 2;   // array slots of g_e and g_i
    prog.events.push_back(bernoulli_events(0, n_e, 0, n_e, ge, 0.6, 0.02, seed, 0));
    prog.events.push_back(bernoulli_events(0, n_e, 1, n_i, ge, 0.6, 0.02, seed, 1));
    prog.events.push_back(bernoulli_events(1, n_i, 0, n_e, gi, 6.7, 0.02, seed, 2));
    prog.events.push_back(bernoulli_events(1, n_i, 1, n_i, gi, 6.7, 0.02, seed, 3));
    prog.record.spikes = {0, 1};
    return prog;
}

}  // namespace neurowire::sim::testing
