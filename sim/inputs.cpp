#include "sim/inputs.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace neurowire::sim {

InputDriver::InputDriver(const Input& in, std::uint32_t input_index, std::uint32_t pop_size, seed_t seed,
                         double dt, bool into_input_slot)
    : dt_(dt), into_input_slot_(into_input_slot), units_(in.units) {
    if (units_.empty()) {
        all_units_ = true;
        units_.resize(pop_size);
        for (std::uint32_t i = 0; i < pop_size; ++i) units_[i] = i;
    }
    ascending_ = std::is_sorted(units_.begin(), units_.end());
    if (in.kind != input_kind::poisson) return;
    engines_.reserve(units_.size());
    next_event_.resize(units_.size(), std::numeric_limits<double>::infinity());
    for (std::size_t k = 0; k < units_.size(); ++k) {
        engines_.push_back(rng::stream(seed, rng::purpose::poisson, input_index, units_[k]));
        if (in.rate > 0.0) next_event_[k] = rng::exponential(engines_[k]) / in.rate;
    }
}

double InputDriver::value_at(const Input& in, std::uint64_t step) const {
    const double t = static_cast<double>(step) * dt_;
    switch (in.kind) {
        case input_kind::constant: return in.value;
        case input_kind::sine:
            return in.amplitude * std::sin(2.0 * std::numbers::pi * in.frequency * t + in.phase) + in.offset;
        case input_kind::step: {
            double v = 0.0;
            for (std::size_t k = 0; k < in.step_times.size() && in.step_times[k] <= t; ++k) v = in.step_values[k];
            return v;
        }
        default: return 0.0;
    }
}

void InputDriver::apply(const Input& in, double* target, std::uint64_t step) {
    apply_positions(in, target, step, 0, units_.size(), 0, std::numeric_limits<index_t>::max());
}

void InputDriver::apply(const Input& in, double* target, std::uint64_t step, index_t begin, index_t end) {
    std::size_t k0 = 0, k1 = units_.size();
    if (ascending_) {
        k0 = static_cast<std::size_t>(std::lower_bound(units_.begin(), units_.end(), begin) - units_.begin());
        k1 = static_cast<std::size_t>(std::lower_bound(units_.begin(), units_.end(), end) - units_.begin());
    }
    apply_positions(in, target, step, k0, k1, begin, end);
}

void InputDriver::apply_positions(const Input& in, double* target, std::uint64_t step, std::size_t k0,
                                  std::size_t k1, index_t begin, index_t end) {
    // Units outside [begin, end) can only be among [k0, k1) when the list is not ascending.
    auto skip = [&](std::size_t k) { return !ascending_ && (units_[k] < begin || units_[k] >= end); };
    if (in.kind == input_kind::array) {
        for (std::size_t k = k0; k < k1; ++k)
            if (!skip(k)) target[units_[k]] += in.data(step, k);
        return;
    }
    if (in.kind == input_kind::poisson) {
        // Event times are continuous; an event at time s belongs to the step whose [t, t + dt)
        // holds s. Comparing against (step + 1)·dt, not an accumulated t, keeps steps exact.
        const double end_time = static_cast<double>(step + 1) * dt_;
        const double pulse = into_input_slot_ ? in.weight / dt_ : in.weight;
        for (std::size_t k = k0; k < k1; ++k) {
            if (skip(k)) continue;
            unsigned count = 0;
            while (next_event_[k] < end_time) {
                ++count;
                next_event_[k] += rng::exponential(engines_[k]) / in.rate;
            }
            if (count) target[units_[k]] += pulse * count;
        }
        return;
    }
    const double v = value_at(in, step);
    if (all_units_) {
        for (std::size_t k = k0; k < k1; ++k) target[k] += v;
        return;
    }
    for (std::size_t k = k0; k < k1; ++k)
        if (!skip(k)) target[units_[k]] += v;
}

namespace {

void mark_written(const std::vector<Instruction>& code, std::vector<char>& written) {
    for (const Instruction& ins : code)
        if (ins.dst.kind == operand_kind::array && ins.dst.index < written.size()) written[ins.dst.index] = 1;
}

}  // namespace

std::vector<std::vector<std::uint32_t>> static_input_slots(const Program& program) {
    std::vector<std::vector<std::uint32_t>> out(program.populations.size());
    // Per population and array: 1 = fed or written by something that changes, 2 = constant-fed.
    std::vector<std::vector<char>> changing(program.populations.size());
    for (std::size_t p = 0; p < program.populations.size(); ++p) {
        const PopulationProgram& pop = program.populations[p];
        auto& w = changing[p];
        w.assign(pop.values.arrays.size(), 0);
        if (pop.function != node_function::none) {
            for (const auto slot : pop.inputs) w[slot] = 1;   // recomputed from projections
            continue;
        }
        mark_written(pop.source_code, w);
        mark_written(pop.code, w);
        for (const StateVar& sv : pop.states) w[sv.value] = 1;
        if (pop.spike) {
            mark_written(pop.spike->code, w);
            for (const SpikeUpdate& u : pop.spike->reset) w[u.array] = 1;
            for (const SpikeUpdate& u : pop.spike->add) w[u.array] = 1;
        }
    }
    for (const auto& c : program.continuous) changing[c.target_pop][c.target_array] = 1;
    for (const auto& e : program.events) changing[e.target_pop][e.target_array] = 1;
    for (const auto& in : program.inputs)
        if (in.kind != input_kind::constant) changing[in.pop][in.array] = 1;
    for (std::size_t p = 0; p < program.populations.size(); ++p)
        for (const auto slot : program.populations[p].inputs)
            if (!changing[p][slot]) out[p].push_back(slot);
    return out;
}

}  // namespace neurowire::sim
