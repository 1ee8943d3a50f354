#pragma once
// Fills a Recording during a run (phase 5 of the step loop). Sample buffers are sized for the
// whole run up front; `sync` publishes the samples taken so far, so a run that stops early
// still leaves a consistent recording.
//
// The block loop (each thread owns a block of every population) records in two parts: each
// thread samples the recorded units of its own blocks right after it updated them
// (record_blocks), and one thread adds the spikes of the step and the means over units, which
// read every block, once all threads are done with the step (record_shared).
#include <cstdint>
#include <vector>

#include "sim/blocks.hpp"
#include "sim/population.hpp"
#include "sim/program.hpp"
#include "sim/recording.hpp"
#include "sim/spike_history.hpp"

namespace neurowire::sim {

class Recorder {
public:
    void start(const Program& program);
    void record(const Program& program, std::vector<PopulationRuntime>& pops, std::uint64_t step);
    void sync(std::uint64_t steps_done);
    const Recording& recording() const { return recording_; }
    Recording take() { return std::move(recording_); }

    // Block loop. `blocks[p][t]`: the units of population p that thread t owns.
    void prepare_blocks(const std::vector<std::vector<Block>>& blocks);
    void record_blocks(std::vector<PopulationRuntime>& pops, std::uint64_t step, int thread);
    // True if a mean over units is sampled after `step` (record_shared must then run before any
    // thread changes a state again).
    bool means_due(std::uint64_t step) const;
    void record_shared(const Program& program, std::vector<PopulationRuntime>& pops,
                       const std::vector<SpikeHistory>& history, std::uint64_t step);

private:
    void record_trace(std::size_t k, std::vector<PopulationRuntime>& pops, std::uint64_t step);
    void add_spikes(std::size_t k, const std::vector<index_t>& ids, double time);

    Recording recording_;
    // Per trace: columns × planned samples, one contiguous column per sample (a step writes one
    // run of memory); sync() transposes into Trace::samples (samples × columns).
    std::vector<arma::mat> buffers_;
    // Block loop, per trace and thread: the columns (positions in Trace::units) it samples.
    std::vector<std::vector<std::vector<std::uint32_t>>> columns_;
    std::vector<std::vector<char>> keep_;    // per spike train: units kept (empty: all)
};

}  // namespace neurowire::sim
