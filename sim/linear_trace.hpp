#pragma once
// Dense projections from a linear trace (docs/architecture.md, "Where to find": the step loop).
//
// When the source s of a dense continuous projection obeys ds/dt = m·s between spikes and jumps
// by a fixed amount when its unit spikes (RectiPy's LIF and QIF synaptic traces), u = W·s obeys
// the same dynamics: one Euler step is u ← u + dt·(u·m), plus jump·W[:, j] for every unit j that
// spiked. That costs O(N_target · spikes) per step instead of the O(N_target · N_source) mat-vec.
// The decay is applied to u with the very multiplications the interpreter applies to s, so u
// and W·s differ only by the rounding of the sums.
#include <cstdint>
#include <optional>
#include <vector>

#include "sim/program.hpp"

namespace neurowire::sim {

struct LinearTrace {
    // ds/dt = s · factors[0] · factors[1] · …, multiplied left to right as the interpreter does
    // (a division by a shared value is a multiplication by its reciprocal there; negation is −1).
    std::vector<double> factors;
    double jump = 0.0;   // s += jump when the unit spikes
};

// The trace the projection reads, if its source is one: dense, without delay, the source a state
// whose derivative is a chain of neg/mul/div by constant scalars of the state itself, changed
// otherwise only by a constant spike `add` (no reset, not held while refractory, no events or
// inputs into it). Reads the population's scalars, so call it after the scalar code has run.
std::optional<LinearTrace> find_linear_trace(const Program& program, const ContinuousProjection& c);

}  // namespace neurowire::sim
