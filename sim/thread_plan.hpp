#pragma once
// How many threads step a network, and why: a pure function of the program's shape, so a run's
// summary can say what was decided before anything runs.
//
// Two ways to use threads:
//  - the block loop (spiking and rate networks without continuous projections, function nodes
//    or Heun): each thread owns a contiguous block of every population and, for the whole step,
//    delivers the events into its blocks, updates them and detects their spikes; the threads
//    meet once per step. It is used when every population's units are independent within a
//    step, which continuous projections (W · source reads every source unit) and function nodes
//    (softmax reads every unit) break, and Heun's second evaluation needs them redelivered;
//  - the phased loop (everything else): the phases run one after the other, each population's
//    update split over threads when it is large (parallel_min_chunks), dense mat-vecs split by
//    rows when they are large (dense_parallel_min_elements).
// Either way the results are the same bits for any thread count.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/program.hpp"

namespace neurowire::sim {

// A block loop thread pays once it has this many units to update per step (measured with the
// demo network and COBA-like networks from 4,000 to 40,000 units on two cores, see
// bench/run.cpp): below it the meeting at the end of every step costs more than the thread
// saves.
inline constexpr std::uint64_t block_min_units_per_thread = 8192;

struct ThreadPlan {
    int threads = 1;        // threads stepping the network
    bool blocks = false;    // the block loop (else the phased loop)
    std::string reason;     // one line for a run summary
};

// `requested` threads (already resolved from 0 = all cores), `processors` available; `exact`
// keeps `requested` whatever the thresholds say (tests use it to run many blocks on few cores).
// `events_blockwise` says per event projection whether its delivery can run per block
// (EventLink::blockwise).
ThreadPlan plan_threads(const Program& program, const std::vector<bool>& events_blockwise, int requested,
                        int processors, bool exact);

}  // namespace neurowire::sim
