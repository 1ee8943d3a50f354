#pragma once
// The Simulator's state, shared by the phased step loop (runner.cpp) and the block loop
// (block_loop.cpp). Internal to sim/.
#include <cstdint>
#include <vector>

#include "sim/blocks.hpp"
#include "sim/delivery.hpp"
#include "sim/event_link.hpp"
#include "sim/inputs.hpp"
#include "sim/population.hpp"
#include "sim/recorder.hpp"
#include "sim/runner.hpp"
#include "sim/spike_history.hpp"
#include "sim/thread_plan.hpp"

namespace neurowire::sim {

struct Simulator::Impl {
    Program program;
    RunOptions options;
    ThreadPlan plan;
    RunStats stats;
    std::vector<PopulationRuntime> pops;
    NativeKernels kernels;
    std::vector<ContinuousLink> continuous;
    std::vector<EventLink> events;
    // Per population: the spikes of its last steps, as event delivery and the recorder read them.
    std::vector<SpikeHistory> history;
    std::vector<InputDriver> inputs;
    // Input slots zeroed and summed into every step; the static ones (inputs.hpp) are filled
    // once and left out, together with the inputs that feed them.
    std::vector<std::vector<std::uint32_t>> dynamic_slots;   // per population
    std::vector<std::uint32_t> dynamic_inputs;               // indices into program.inputs
    std::vector<std::vector<std::uint32_t>> projections_from_function;   // per population
    std::vector<std::uint32_t> projections_from_dynamic;
    Recorder recorder;
    std::uint64_t step = 0;
    bool heun = false;
    bool rk4 = false;
    // Heun and rk4: the input slots after the external inputs of the step, before any projection.
    std::vector<std::vector<double>> external_;   // one per (population, input slot) in order
    // blocks[p][b]: the units of population p in block b (one block per thread in the block
    // loop; the whole population in the phased loop).
    std::vector<std::vector<Block>> blocks;

    Impl(Program p, RunOptions o);

    void sync_program();
    std::vector<std::vector<std::uint32_t>> fill_static_inputs();
    std::vector<std::vector<std::uint32_t>> uniform_slots(const std::vector<std::vector<std::uint32_t>>& fixed);
    void fail_nonfinite();
    bool progress_due(std::uint64_t steps_done) const;
    void advance(std::uint64_t n);

    // The phased loop.
    void deliver_continuous(std::uint32_t i);
    void deliver_events();
    void deliver_inputs();
    void save_external();
    void redeliver_continuous(std::uint32_t i);
    void redeliver_inputs(double t);
    void one_step();

    // The block loop (block_loop.cpp).
    void prepare_blocks();
    void advance_blocks(std::uint64_t end);
    void deliver_block(std::uint32_t b, std::uint64_t k);
    bool update_block(std::uint32_t b, std::uint64_t k);
};

}  // namespace neurowire::sim
