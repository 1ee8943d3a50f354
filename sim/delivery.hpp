#pragma once
// Run-time state of projections: delay ring buffers, gamma chains and event queues.
#include <cstdint>
#include <optional>
#include <vector>

#include <armadillo>

#include "sim/linear_trace.hpp"
#include "sim/program.hpp"

namespace neurowire::sim {

// One continuous projection. The source vector of every step enters a ring of the last
// max-delay + 1 steps, zero before the run (PyRates' convention: zero history, not the
// initial value), so a delay of d steps reads the source of step k − d.
class ContinuousLink {
public:
    ContinuousLink(const ContinuousProjection& p, std::uint32_t n_source, std::uint32_t n_target, double dt);
    // target += W · source(step − delay); `source` is the state at the start of `step`,
    // `source_spikes` the units of the source that spiked in the step before.
    void deliver(const ContinuousProjection& p, const double* source, const std::vector<index_t>& source_spikes,
                 double* target, std::uint64_t step);
    // Heun's second evaluation within `step`, after deliver(): target += W · source again, where
    // a projection without delay reads `source` (the predicted state) and a delayed one reads
    // exactly what deliver() read — the history ring, or the gamma chain's last stage as it was
    // before deliver() advanced it — since the history does not change within a step. Never
    // writes the ring or the chain. Requires keep_delayed_source() before the run, and no
    // linear trace.
    void redeliver(const ContinuousProjection& p, const double* source, double* target, std::uint64_t step);
    // deliver() keeps a copy of the gamma chain's output for redeliver().
    void keep_delayed_source() { keep_delayed_ = true; }
    // From now on W · source is carried along as the trace's dynamics (see linear_trace.hpp).
    void use_linear_trace(LinearTrace trace) { trace_ = std::move(trace); }
    bool uses_linear_trace() const { return trace_.has_value(); }

private:
    void deliver_trace(const ContinuousProjection& p, const double* source, const std::vector<index_t>& spikes,
                       double* target);
    const double* delayed_source(const ContinuousProjection& p, const double* source, std::uint64_t step);
    void add_product(const ContinuousProjection& p, const double* x, double* target, std::uint64_t step) const;
    void advance_chain(const ContinuousProjection& p, const double* source);

    std::uint32_t n_source_, n_target_;
    double dt_;
    std::uint32_t ring_length_ = 0;     // 0: no ring
    std::vector<double> ring_;          // ring_length_ × n_source
    std::vector<double> chain_;         // gamma_order × n_source, stage k at k·n_source
    std::optional<LinearTrace> trace_;
    bool keep_delayed_ = false;
    std::vector<double> chain_out_;     // gamma: the last stage deliver() read this step
    std::vector<double> trace_product_;   // W · source, carried from step to step
    std::uint32_t trace_age_ = 0;         // steps since W · source was last computed in full
};

// One event projection. Each future step has a queue of arrivals; at its step the queue is added
// to the target state in push order (deterministic) and emptied. With one delay for the whole
// projection the queue holds the source ids that spiked, and delivery walks their CSC columns:
// half the memory traffic of writing and re-reading (target, weight) pairs, in the same order of
// additions. Per-connection delays queue (target, weight) pairs. Queues keep their capacity, so
// a steady run stops allocating; the cost per step is the arrivals, not the target population.
class EventLink {
public:
    explicit EventLink(const EventProjection& p);
    void deliver(const EventProjection& p, double* target, std::uint64_t step);
    // Spikes of `step` (ascending source ids), due at step + delay.
    void push(const EventProjection& p, const std::vector<index_t>& spikes, std::uint64_t step);

private:
    struct Arrival {
        index_t target;
        double weight;
    };
    std::uint32_t ring_length_;
    bool one_delay_;
    // One weight for every connection (a constant weight rule): delivery then reads only the
    // target ids, a third of the bytes per connection.
    bool one_weight_ = false;
    double weight_ = 0.0;
    std::vector<std::vector<Arrival>> queues_;       // per-connection delays: one per ring slot
    std::vector<std::vector<index_t>> sources_;      // one delay: one per ring slot
};

}  // namespace neurowire::sim
