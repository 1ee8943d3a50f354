#pragma once
// In-memory recordings of a run.
//
// A variable is sampled at the end of steps every, 2·every, … (after the spike check), at time
// (step + 1)·dt: the first sample is the state after one step. (PyRates and RectiPy instead
// record the state *before* each step, times 0 … T − dt; their row k is our sample at time k·dt.)
// A spike detected in step k is stamped (k + 1)·dt, the time the state crossed the threshold.
#include <cstdint>
#include <string>
#include <vector>

#include <armadillo>

#include "core/types.hpp"

namespace neurowire::sim {

struct Trace {
    std::string name;               // "pop.var"
    std::uint32_t pop = 0, array = 0;
    std::vector<index_t> units;     // the recorded units (all of them if the spec listed none)
    bool mean = false;              // one column: the mean over `units`
    std::uint32_t every = 1;
    arma::vec times;                // one per sample
    arma::mat samples;              // samples × units (or samples × 1 for a mean)
};

struct SpikeTrain {
    std::string population;
    std::uint32_t pop = 0;
    std::vector<double> times;      // ascending; ties in ascending unit order
    std::vector<index_t> units;
};

struct Recording {
    double dt = 0.0;
    std::uint64_t steps_done = 0;   // steps completed (fewer than planned if the run stopped)
    std::vector<Trace> traces;
    std::vector<SpikeTrain> spikes;

    const Trace* trace(const std::string& name) const {
        for (const auto& t : traces)
            if (t.name == name) return &t;
        return nullptr;
    }
    const SpikeTrain* spike_train(const std::string& population) const {
        for (const auto& s : spikes)
            if (s.population == population) return &s;
        return nullptr;
    }
};

}  // namespace neurowire::sim
