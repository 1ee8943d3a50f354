#include "sim/memory_estimate.hpp"

#include <algorithm>
#include <string>

namespace neurowire::sim {

std::vector<platform::MemoryPart> memory_parts(const Program& program) {
    std::vector<platform::MemoryPart> parts;
    for (const auto& pop : program.populations) {
        const double n = pop.size;
        double arrays = double(pop.values.arrays.size());
        if (program.method == solver::heun) arrays += 2.0 * double(pop.states.size());
        parts.push_back({"population " + pop.name + " (" + std::to_string(pop.size) + " units)", arrays * n * 8.0 + n * 8.0});
    }
    for (const auto& c : program.continuous) {
        if (c.source_pop >= program.populations.size()) continue;
        const double n_source = program.populations[c.source_pop].size;
        std::uint32_t max_delay = c.delay_steps;
        for (const auto d : c.connection_delay_steps) max_delay = std::max(max_delay, d);
        const double ring = max_delay > 0 ? double(max_delay) + 1.0 : 0.0;
        const double bytes = (ring + double(c.gamma_order)) * n_source * 8.0;
        if (bytes > 0.0) parts.push_back({"delay ring of " + c.name + " (" + std::to_string(max_delay) + " steps)", bytes});
    }
    for (const auto& v : program.record.variables) {
        if (v.pop >= program.populations.size() || v.every == 0) continue;
        const double units = v.mean ? 1.0 : double(v.units.empty() ? program.populations[v.pop].size : v.units.size());
        const double samples = double(program.steps / v.every);
        parts.push_back({"recording of " + v.name + " (" + std::to_string(program.steps / v.every) + " samples × " +
                             std::to_string(std::uint64_t(units)) + " units)",
                         samples * (units + 1.0) * 8.0});
    }
    return parts;
}

void check_memory(const Program& program) {
    platform::check_memory("simulation of " + std::to_string(program.steps) + " steps", memory_parts(program));
}

}  // namespace neurowire::sim
