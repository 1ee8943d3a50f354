#pragma once
// What a Simulator will hold for a Program, estimated before anything is allocated, so that a
// run that cannot fit is refused up front (core/platform/memory_budget.hpp) instead of ending in
// "out of memory" after hours of steps.
#include <vector>

#include "core/platform/memory_budget.hpp"
#include "sim/program.hpp"

namespace neurowire::sim {

// The large parts: value tables at run time (with Heun's copies), continuous delay rings and
// gamma chains, recorded traces (samples and times). Spike trains grow with the activity and
// are not included. Indices out of range are skipped (validate() reports them).
std::vector<platform::MemoryPart> memory_parts(const Program& program);

// memory_error naming the largest parts when their sum exceeds the budget.
void check_memory(const Program& program);

}  // namespace neurowire::sim
