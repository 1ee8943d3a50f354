#include "sim/delivery.hpp"

#include <algorithm>

namespace neurowire::sim {

ContinuousLink::ContinuousLink(const ContinuousProjection& p, std::uint32_t n_source, std::uint32_t n_target,
                               double dt)
    : n_source_(n_source), n_target_(n_target), dt_(dt) {
    std::uint32_t max_delay = p.delay_steps;
    for (const auto d : p.connection_delay_steps) max_delay = std::max(max_delay, d);
    if (max_delay > 0) {
        ring_length_ = max_delay + 1;
        ring_.assign(static_cast<std::size_t>(ring_length_) * n_source, 0.0);
    }
    if (p.gamma_order > 0) chain_.assign(static_cast<std::size_t>(p.gamma_order) * n_source, 0.0);
}

// Euler step of dz1/dt = a(x − z1), dzk/dt = a(z_{k−1} − zk), all from the start-of-step
// values: stages are updated last to first so each reads its predecessor before it changes.
void ContinuousLink::advance_chain(const ContinuousProjection& p, const double* source) {
    const double h = dt_ * p.gamma_rate;
    for (std::uint32_t k = p.gamma_order; k-- > 0;) {
        double* z = chain_.data() + static_cast<std::size_t>(k) * n_source_;
        const double* prev = k == 0 ? source : z - n_source_;
        for (std::uint32_t j = 0; j < n_source_; ++j) z[j] += h * (prev[j] - z[j]);
    }
}

const double* ContinuousLink::delayed_source(const ContinuousProjection& p, const double* source,
                                             std::uint64_t step) {
    if (ring_length_ > 0) {
        std::copy(source, source + n_source_, ring_.data() + (step % ring_length_) * n_source_);
        if (p.connection_delay_steps.empty())
            return ring_.data() + ((step + ring_length_ - p.delay_steps) % ring_length_) * n_source_;
    }
    if (!chain_.empty()) return chain_.data() + static_cast<std::size_t>(p.gamma_order - 1) * n_source_;
    return source;
}

void ContinuousLink::deliver(const ContinuousProjection& p, const double* source, double* target,
                             std::uint64_t step) {
    const double* x = delayed_source(p, source, step);
    if (!p.connection_delay_steps.empty()) {
        for (std::uint32_t j = 0; j < n_source_; ++j)
            for (std::uint32_t k = p.col_ptr[j]; k < p.col_ptr[j + 1]; ++k) {
                const std::uint64_t slot = (step + ring_length_ - p.connection_delay_steps[k]) % ring_length_;
                target[p.row_idx[k]] += p.values[k] * ring_[slot * n_source_ + j];
            }
    } else if (p.sparse) {
        for (std::uint32_t j = 0; j < n_source_; ++j) {
            const double xj = x[j];
            if (xj == 0.0) continue;
            for (std::uint32_t k = p.col_ptr[j]; k < p.col_ptr[j + 1]; ++k) target[p.row_idx[k]] += p.values[k] * xj;
        }
    } else {
        const arma::vec xv(const_cast<double*>(x), n_source_, false, true);
        arma::vec yv(target, n_target_, false, true);
        yv += p.dense * xv;
    }
    if (!chain_.empty()) advance_chain(p, source);
}

EventLink::EventLink(const EventProjection& p, std::uint32_t n_target) : n_target_(n_target) {
    std::uint32_t max_delay = 1;
    for (const auto d : p.delay_steps) max_delay = std::max(max_delay, d);
    ring_length_ = max_delay + 1;
    ring_.assign(static_cast<std::size_t>(ring_length_) * n_target, 0.0);
    pending_.assign(ring_length_, 0);
}

void EventLink::deliver(double* target, std::uint64_t step) {
    const std::size_t slot = step % ring_length_;
    if (!pending_[slot]) return;
    double* due = ring_.data() + slot * n_target_;
    for (std::uint32_t i = 0; i < n_target_; ++i) target[i] += due[i];
    std::fill(due, due + n_target_, 0.0);
    pending_[slot] = 0;
}

void EventLink::push(const EventProjection& p, const std::vector<index_t>& spikes, std::uint64_t step) {
    if (spikes.empty()) return;
    if (p.delay_steps.size() == 1) {
        const std::size_t slot = (step + p.delay_steps[0]) % ring_length_;
        double* due = ring_.data() + slot * n_target_;
        for (const index_t j : spikes)
            for (std::uint64_t k = p.col_ptr[j]; k < p.col_ptr[j + 1]; ++k) due[p.targets[k]] += p.weights[k];
        pending_[slot] = 1;
        return;
    }
    for (const index_t j : spikes)
        for (std::uint64_t k = p.col_ptr[j]; k < p.col_ptr[j + 1]; ++k) {
            const std::size_t slot = (step + p.delay_steps[k]) % ring_length_;
            ring_[slot * n_target_ + p.targets[k]] += p.weights[k];
            pending_[slot] = 1;
        }
}

}  // namespace neurowire::sim
