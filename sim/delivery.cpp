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

EventLink::EventLink(const EventProjection& p) {
    std::uint32_t max_delay = 1;
    for (const auto d : p.delay_steps) max_delay = std::max(max_delay, d);
    ring_length_ = max_delay + 1;
    queues_.resize(ring_length_);
}

void EventLink::deliver(double* target, std::uint64_t step) {
    auto& due = queues_[step % ring_length_];
    for (const Arrival& a : due) target[a.target] += a.weight;
    due.clear();
}

void EventLink::push(const EventProjection& p, const std::vector<index_t>& spikes, std::uint64_t step) {
    if (spikes.empty()) return;
    const std::uint64_t* col = p.col_ptr.data();
    const index_t* targets = p.targets.data();
    const double* weights = p.weights.data();
    if (p.delay_steps.size() == 1) {
        // Sized once, then written through a raw pointer: no capacity check per arrival.
        auto& due = queues_[(step + p.delay_steps[0]) % ring_length_];
        std::size_t at = due.size(), total = at;
        for (const index_t j : spikes) total += col[j + 1] - col[j];
        due.resize(total);
        Arrival* out = due.data();
        for (const index_t j : spikes)
            for (std::uint64_t k = col[j]; k < col[j + 1]; ++k) out[at++] = {targets[k], weights[k]};
        return;
    }
    for (const index_t j : spikes)
        for (std::uint64_t k = col[j]; k < col[j + 1]; ++k)
            queues_[(step + p.delay_steps[k]) % ring_length_].push_back({targets[k], weights[k]});
}

}  // namespace neurowire::sim
