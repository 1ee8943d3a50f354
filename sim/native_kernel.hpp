#pragma once
// Native kernels, part 1: one population's Euler step as C++ source.
//
// The chunked interpreter makes one pass over a chunk per instruction, storing and reloading
// every intermediate, where a fused hand-written loop keeps them in registers; on the COBA
// network the difference is several-fold (bench/ measures it). So, as Brian2 does, a
// population's program is turned into C++ with a single loop over units, compiled at run time
// (sim/kernel_cache.hpp) and called instead of the interpreter; the interpreter stays as the
// fallback for what cannot be generated or compiled.
//
// The generated loop does, for each unit, what PopulationRuntime's interpreted update does for a
// chunk — evaluate `code`, take the Euler step of every state (held states keep their value while
// the unit is refractory), check the new states for NaN/Inf, then the spike check: the rule's
// code, refractoriness, and reset/add on the units that fired, whose ids it collects — with the
// same operations in the same order, so the results are bit-identical: every instruction becomes a
// local `const double`, compiled with -ffp-contract=off and no -ffast-math, and the interpreter's
// own rewrites are reproduced (a shared divisor becomes a multiplication by its reciprocal, x^2 is
// x·x, min/max/clip/sigmoid/heaviside as sim/opcode_table.hpp defines them, the same libm calls).
//
// Scalar values (parameters, constants, t), the values of uniform arrays (below) and dt are read at
// run time, so the source depends only on the program's structure: one compiled kernel serves every
// parameter value and seed.
// The one exception is pow: an exponent that is a scalar equal to 2 (not t) is specialised to x·x
// at generation time, exactly as the interpreter decides per value; scalars do not change after the
// scalar code has run, except t.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/program.hpp"

namespace neurowire::sim {

// The generated function, `extern "C"` in the kernel library:
//   arrays     the population's per-unit arrays (value table order)
//   scalars    its scalars
//   until      per unit, the last step in which it is refractory (held states frozen, no spike);
//              set for the units that fire to step + their refractory steps
//   ref_steps  refractory steps after a spike: one value, or one per unit
//   spikes     receives the units that fired, ascending; *n_spikes their number
//   dt, step   the time step and the index of the step being taken
//   units [begin, end)
// Spiking populations only use until, ref_steps, spikes and n_spikes. Returns non-zero if a state
// may have become NaN or ±Inf (PopulationRuntime::find_nonfinite then looks for it: the check can
// raise a false alarm, never miss one).
using euler_kernel_fn = std::uint64_t (*)(double* const* arrays, const double* scalars, double* until,
                                          const double* ref_steps, std::uint32_t* spikes, std::uint64_t* n_spikes,
                                          double dt, double step, std::uint64_t begin, std::uint64_t end);

inline constexpr const char* euler_kernel_symbol = "neurowire_euler_kernel";

struct KernelSource {
    std::string text;         // a self-contained C++ translation unit (no #include)
    std::string unsupported;  // non-empty: why this population cannot have a kernel; text is empty
};

// The Euler kernel of `pop`, whose scalar code must have run (see the pow note above).
// `uniform_arrays` lists array slots that hold one value for every unit for the whole run and that
// nothing in the program writes (input slots fed by constant inputs alone, sim/inputs.hpp): the
// kernel reads their first element once per call instead of one element per unit. Each unit still
// sees its own value, so the results are the interpreter's.
KernelSource generate_euler_kernel(const PopulationProgram& pop, const std::vector<std::uint32_t>& uniform_arrays = {});

}  // namespace neurowire::sim
