#pragma once
// External inputs at run time.
//
// Into an input slot (zeroed each step) the value of the step is summed. Into any other array
// (a state) the value is added as an increment, as an event would be. A Poisson input counts the
// events of each unit's own process that fall in [t, t + dt): into a state each adds `weight`;
// into an input slot the count enters as weight·count/dt, a delta pulse whose Euler integral
// is `weight`. Each unit's process is its own keyed stream (seed, poisson, input index, unit) —
// keyed by the input rather than the population so two Poisson inputs to one population are
// independent — and therefore the same for any thread count.
#include <cstdint>
#include <vector>

#include "core/rng.hpp"
#include "sim/program.hpp"

namespace neurowire::sim {

class InputDriver {
public:
    InputDriver(const Input& in, std::uint32_t input_index, std::uint32_t pop_size, seed_t seed, double dt,
                bool into_input_slot);
    void apply(const Input& in, double* target, std::uint64_t step);
    // The same for the units in [begin, end) only: the units of one thread's block. Each unit
    // gets exactly what apply() gives it, in the same order.
    void apply(const Input& in, double* target, std::uint64_t step, index_t begin, index_t end);

private:
    double value_at(const Input& in, std::uint64_t step) const;
    // apply() over the positions [k0, k1) of units_ whose unit is in [begin, end).
    void apply_positions(const Input& in, double* target, std::uint64_t step, std::size_t k0, std::size_t k1,
                         index_t begin, index_t end);

    double dt_;
    bool into_input_slot_;
    std::vector<index_t> units_;          // resolved: all units when the spec lists none
    bool all_units_ = false;              // the spec lists none: a contiguous, vectorised add
    bool ascending_ = true;               // units_ ascending: a block's units are one range of it
    std::vector<rng::engine> engines_;    // poisson: one per unit
    std::vector<double> next_event_;      // poisson: time of each unit's next event
};

// Input slots that hold the same values in every step: fed only by constant inputs, and by no
// projection, and written by nothing else. Zeroing such a slot and adding the same constants again
// every step would only recompute what it already holds, so the runner fills it once, before the
// first step, and leaves it alone (the sums are formed in the same order, so the values are those
// the per-step path gives). Per population, the static slots in ascending order.
std::vector<std::vector<std::uint32_t>> static_input_slots(const Program& program);

}  // namespace neurowire::sim
