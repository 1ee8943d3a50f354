#pragma once
// Run-time state of continuous projections: delay ring buffers and gamma chains (event
// projections: sim/event_link.hpp).
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
    // Threads for this projection's dense mat-vec (sim/dense_product.hpp): `threads` if it is
    // large enough to pay, else 1.
    void set_threads(const ContinuousProjection& p, int threads);
    int product_threads() const { return product_threads_; }

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
    int product_threads_ = 1;
    std::vector<double> chain_out_;     // gamma: the last stage deliver() read this step
    std::vector<double> trace_product_;   // W · source, carried from step to step
    std::uint32_t trace_age_ = 0;         // steps since W · source was last computed in full
};

}  // namespace neurowire::sim
