#pragma once
// Hand-built programs for the sim tests (the sim module knows no equation compiler).
#include <string>
#include <vector>

#include "sim/program.hpp"

namespace neurowire::sim::testing {

struct PopBuilder {
    PopulationProgram p;

    PopBuilder(std::string name, std::uint32_t size) {
        p.name = std::move(name);
        p.size = size;
    }
    Operand array(const std::string& name, double init = 0.0) {
        return array(name, std::vector<double>(p.size, init));
    }
    Operand array(const std::string& name, std::vector<double> init) {
        p.values.array_names.push_back(name);
        p.values.arrays.push_back(std::move(init));
        return Operand::array(static_cast<std::uint32_t>(p.values.arrays.size() - 1));
    }
    Operand scalar(const std::string& name, double value) {
        p.values.scalar_names.push_back(name);
        p.values.scalars.push_back(value);
        return Operand::scalar(static_cast<std::uint32_t>(p.values.scalars.size() - 1));
    }
    Operand temp(std::uint32_t i) {
        p.values.n_temps = std::max(p.values.n_temps, i + 1);
        return Operand::temp(i);
    }
    Operand input(const std::string& name) {
        const Operand o = array(name);
        p.inputs.push_back(o.index);
        return o;
    }
    std::uint32_t state(const Operand& value, const Operand& derivative) {
        p.states.push_back({value.index, derivative});
        return static_cast<std::uint32_t>(p.states.size() - 1);
    }
    void emit(opcode op, Operand dst, Operand a, Operand b = {}, Operand c = {}) {
        p.code.push_back({op, dst, a, b, c});
    }
    SpikeRule& spiking() {
        if (!p.spike) p.spike.emplace();
        return *p.spike;
    }
};

// τ dv/dt = −(v − v_rest) + I_in + I_ext; spike when v >= v_th, v ← v_reset, s += 1,
// refractory t_ref holding v; ds/dt = −s/τ_s. Scalar parameters.
struct Lif {
    double tau = 10.0, v_rest = 0.0, v_th = 1.0, v_reset = 0.0, t_ref = 0.0, tau_s = 5.0, i_ext = 0.0;
};

inline PopulationProgram make_lif(const std::string& name, std::uint32_t n, const Lif& m,
                                  std::vector<double> v0 = {}) {
    PopBuilder b(name, n);
    const Operand v = v0.empty() ? b.array("v", m.v_rest) : b.array("v", std::move(v0));
    const Operand s = b.array("s", 0.0);
    const Operand in = b.input("I_in");
    const Operand tau = b.scalar("tau", m.tau), v_rest = b.scalar("v_rest", m.v_rest);
    const Operand v_th = b.scalar("v_th", m.v_th), v_reset = b.scalar("v_reset", m.v_reset);
    const Operand t_ref = b.scalar("t_ref", m.t_ref), tau_s = b.scalar("tau_s", m.tau_s);
    const Operand i_ext = b.scalar("I_ext", m.i_ext), one = b.scalar("#1", 1.0);
    const Operand t0 = b.temp(0), t1 = b.temp(1);
    b.emit(opcode::sub, t0, v, v_rest);
    b.emit(opcode::sub, t0, in, t0);
    b.emit(opcode::add, t0, t0, i_ext);
    b.emit(opcode::div, t0, t0, tau);
    b.emit(opcode::neg, t1, s);
    b.emit(opcode::div, t1, t1, tau_s);
    b.state(v, t0);
    b.state(s, t1);
    SpikeRule& r = b.spiking();
    r.code.push_back({opcode::ge, t0, v, v_th, {}});
    r.condition = t0;
    r.reset.push_back({v.index, v_reset});
    r.add.push_back({s.index, one});
    r.refractory = t_ref;
    r.held = {0};
    b.p.output = s.index;
    return std::move(b.p);
}

}  // namespace neurowire::sim::testing
