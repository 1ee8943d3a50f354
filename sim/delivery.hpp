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

// One event projection. Each future step has a queue of (target, weight) arrivals; at its step
// the queue is added to the target state in push order (deterministic) and emptied. Queues
// keep their capacity, so a steady run stops allocating; the cost per step is the arrivals, not
// the target population.
class EventLink {
public:
    explicit EventLink(const EventProjection& p);
    void deliver(double* target, std::uint64_t step);
    // Spikes of `step` (ascending source ids), due at step + delay.
    void push(const EventProjection& p, const std::vector<index_t>& spikes, std::uint64_t step);

private:
    struct Arrival {
        index_t target;
        double weight;
    };
    std::uint32_t ring_length_;
    std::vector<std::vector<Arrival>> queues_;   // one per slot of the ring
};

}  // namespace neurowire::sim
