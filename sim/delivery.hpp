#pragma once
// Run-time state of projections: delay ring buffers, gamma chains and event queues.
#include <cstdint>
#include <vector>

#include <armadillo>

#include "sim/program.hpp"

namespace neurowire::sim {

// One continuous projection. The source vector of every step enters a ring of the last
// max-delay + 1 steps, zero before the run (PyRates' convention: zero history, not the
// initial value), so a delay of d steps reads the source of step k − d.
class ContinuousLink {
public:
    ContinuousLink(const ContinuousProjection& p, std::uint32_t n_source, std::uint32_t n_target, double dt);
    // target += W · source(step − delay); `source` is the state at the start of `step`.
    void deliver(const ContinuousProjection& p, const double* source, double* target, std::uint64_t step);

private:
    const double* delayed_source(const ContinuousProjection& p, const double* source, std::uint64_t step);
    void advance_chain(const ContinuousProjection& p, const double* source);

    std::uint32_t n_source_, n_target_;
    double dt_;
    std::uint32_t ring_length_ = 0;     // 0: no ring
    std::vector<double> ring_;          // ring_length_ × n_source
    std::vector<double> chain_;         // gamma_order × n_source, stage k at k·n_source
};

// One event projection: weights due at a future step accumulate per target in a ring of
// max-delay + 1 slots; a slot is added to the target state and cleared at its step.
class EventLink {
public:
    EventLink(const EventProjection& p, std::uint32_t n_target);
    void deliver(double* target, std::uint64_t step);
    // Spikes of `step` (ascending source ids), due at step + delay.
    void push(const EventProjection& p, const std::vector<index_t>& spikes, std::uint64_t step);

private:
    std::uint32_t n_target_;
    std::uint32_t ring_length_;
    std::vector<double> ring_;          // ring_length_ × n_target
    std::vector<char> pending_;         // per slot: anything queued
};

}  // namespace neurowire::sim
