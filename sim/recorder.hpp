#pragma once
// Fills a Recording during a run (phase 5 of the step loop). Sample buffers are sized for the
// whole run up front; `sync` publishes the samples taken so far, so a run that stops early
// still leaves a consistent recording.
#include <cstdint>
#include <vector>

#include "sim/population.hpp"
#include "sim/program.hpp"
#include "sim/recording.hpp"

namespace neurowire::sim {

class Recorder {
public:
    void start(const Program& program);
    void record(const Program& program, std::vector<PopulationRuntime>& pops, std::uint64_t step);
    void sync(std::uint64_t steps_done);
    const Recording& recording() const { return recording_; }
    Recording take() { return std::move(recording_); }

private:
    Recording recording_;
    std::vector<arma::mat> buffers_;         // per trace: planned samples × columns
    std::vector<std::uint64_t> counts_;      // per trace: samples taken
    std::vector<std::vector<char>> keep_;    // per spike train: units kept (empty: all)
};

}  // namespace neurowire::sim
