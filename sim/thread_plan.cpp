#include "sim/thread_plan.hpp"

#include <algorithm>

#include "sim/dense_product.hpp"
#include "sim/population.hpp"

namespace neurowire::sim {

namespace {

std::string grouped(std::uint64_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string threads_text(int n) { return std::to_string(n) + (n == 1 ? " thread" : " threads"); }

// Why the block loop cannot run this program; empty if it can.
std::string block_obstacle(const Program& program, const std::vector<bool>& events_blockwise) {
    if (program.method == solver::heun) return "Heun's method";
    if (program.method == solver::rk4) return "the rk4 solver";
    if (!program.continuous.empty()) return "continuous projections";
    for (const auto& pop : program.populations)
        if (pop.function != node_function::none) return "function nodes";
    if (std::find(events_blockwise.begin(), events_blockwise.end(), false) != events_blockwise.end())
        return "an event projection with more distinct delays than connections per source";
    return {};
}

}  // namespace

ThreadPlan plan_threads(const Program& program, const std::vector<bool>& events_blockwise, int requested, int processors,
                        bool exact) {
    ThreadPlan plan;
    int want = std::max(1, requested);
    std::string note;
    if (!exact && processors > 0 && want > processors) {
        note = " (" + std::to_string(want) + " requested, " + std::to_string(processors) + " processors)";
        want = processors;
    }
    std::uint64_t units = 0, largest = 0;
    for (const auto& pop : program.populations) {
        if (pop.function != node_function::none) continue;
        units += pop.size;
        largest = std::max<std::uint64_t>(largest, pop.size);
    }

    const std::string obstacle = block_obstacle(program, events_blockwise);
    if (obstacle.empty()) {
        plan.blocks = true;
        if (want == 1) {
            plan.reason = "1 thread" + (note.empty() ? std::string(requested == 1 ? " requested" : "") : note);
            return plan;
        }
        const auto paying = static_cast<int>(std::min<std::uint64_t>(
            static_cast<std::uint64_t>(want), std::max<std::uint64_t>(1, units / block_min_units_per_thread)));
        plan.threads = exact ? want : paying;
        if (plan.threads == 1) {
            plan.reason = "1 thread: " + grouped(units) + " units per step, a second thread pays from " +
                          grouped(2 * block_min_units_per_thread) + note;
        } else {
            plan.reason = threads_text(plan.threads) + ", each updating and delivering into its own block of " +
                          grouped(units / static_cast<std::uint64_t>(plan.threads)) + " units" +
                          (plan.threads < want ? " (a thread pays from " + grouped(block_min_units_per_thread) + ")"
                                               : std::string()) +
                          note;
        }
        return plan;
    }

    // The phased loop: threads where a population or a dense product is large enough.
    plan.threads = want;
    const std::uint64_t min_units = static_cast<std::uint64_t>(parallel_min_chunks) * chunk_size;
    bool uses = largest >= min_units;
    for (const auto& c : program.continuous)
        if (!c.sparse && static_cast<std::uint64_t>(c.dense.n_elem) >= dense_parallel_min_elements) uses = true;
    if (want > 1 && !uses && !exact) plan.threads = 1;
    plan.reason = threads_text(plan.threads) + ", phased (" + obstacle + "): threads for populations from " +
                  grouped(min_units) + " units and dense products from " + grouped(dense_parallel_min_elements) +
                  " weights" + note;
    return plan;
}

}  // namespace neurowire::sim
