#include "sim/linear_trace.hpp"

#include <algorithm>

namespace neurowire::sim {

namespace {

bool writes_array(const std::vector<Instruction>& code, std::uint32_t slot) {
    return std::any_of(code.begin(), code.end(),
                       [&](const Instruction& i) { return i.dst == Operand::array(slot); });
}

// A scalar that keeps its value for the whole run: anything but the time slot (unit code never
// writes scalars; scalar code has run once already).
bool fixed_scalar(const PopulationProgram& pop, const Operand& o) {
    return o.kind == operand_kind::scalar && o.index != pop.values.time;
}

// Follows the derivative back through the unit code: each link must be s·c, c·s, s/c or −s
// (s the state or the previous link's temporary, c a fixed scalar). Returns the factors from
// the state outwards.
std::optional<std::vector<double>> decay_factors(const PopulationProgram& pop, std::uint32_t state_slot,
                                                 Operand value) {
    std::vector<double> outward_reversed;
    std::size_t end = pop.code.size();
    const auto& scalars = pop.values.scalars;
    while (value != Operand::array(state_slot)) {
        if (value.kind != operand_kind::temp) return std::nullopt;
        std::size_t i = end;
        while (i > 0 && pop.code[i - 1].dst != value) --i;
        if (i == 0) return std::nullopt;
        const Instruction& ins = pop.code[--i];
        end = i;
        switch (info(ins.op).scales) {
            case scaling::identity:
                value = ins.a;
                break;
            case scaling::negation:
                outward_reversed.push_back(-1.0);
                value = ins.a;
                break;
            case scaling::product:
                if (fixed_scalar(pop, ins.b)) {
                    outward_reversed.push_back(scalars[ins.b.index]);
                    value = ins.a;
                } else if (fixed_scalar(pop, ins.a)) {
                    outward_reversed.push_back(scalars[ins.a.index]);
                    value = ins.b;
                } else {
                    return std::nullopt;
                }
                break;
            case scaling::quotient:
                if (!fixed_scalar(pop, ins.b) || ins.a.kind == operand_kind::scalar) return std::nullopt;
                outward_reversed.push_back(1.0 / scalars[ins.b.index]);
                value = ins.a;
                break;
            default:
                return std::nullopt;
        }
    }
    if (outward_reversed.empty()) return std::nullopt;   // ds/dt = s itself: not worth a case
    return std::vector<double>(outward_reversed.rbegin(), outward_reversed.rend());
}

}  // namespace

std::optional<LinearTrace> find_linear_trace(const Program& program, const ContinuousProjection& c) {
    if (c.sparse || c.delay_steps != 0 || c.gamma_order != 0 || !c.connection_delay_steps.empty())
        return std::nullopt;
    const PopulationProgram& pop = program.populations[c.source_pop];
    const std::uint32_t s = c.source_array;
    if (pop.function != node_function::none) return std::nullopt;
    const auto state = std::find_if(pop.states.begin(), pop.states.end(),
                                    [&](const StateVar& v) { return v.value == s; });
    if (state == pop.states.end()) return std::nullopt;
    if (writes_array(pop.source_code, s) || writes_array(pop.code, s)) return std::nullopt;
    for (const auto& e : program.events)
        if (e.target_pop == c.source_pop && e.target_array == s) return std::nullopt;
    for (const auto& in : program.inputs)
        if (in.pop == c.source_pop && in.array == s) return std::nullopt;
    for (const auto& other : program.continuous)
        if (other.target_pop == c.source_pop && other.target_array == s) return std::nullopt;

    LinearTrace trace;
    if (pop.spike) {
        const SpikeRule& rule = *pop.spike;
        if (writes_array(rule.code, s)) return std::nullopt;
        for (const auto& r : rule.reset)
            if (r.array == s) return std::nullopt;
        const auto index = static_cast<std::uint32_t>(state - pop.states.begin());
        if (rule.refractory.valid() && std::find(rule.held.begin(), rule.held.end(), index) != rule.held.end())
            return std::nullopt;
        int adds = 0;
        for (const auto& a : rule.add) {
            if (a.array != s) continue;
            if (++adds > 1 || !fixed_scalar(pop, a.value)) return std::nullopt;
            trace.jump = pop.values.scalars[a.value.index];
        }
    }
    auto factors = decay_factors(pop, s, state->derivative);
    if (!factors) return std::nullopt;
    trace.factors = std::move(*factors);
    return trace;
}

}  // namespace neurowire::sim
