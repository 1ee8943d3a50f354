#include "sim/delivery.hpp"

#include "sim/dense_product.hpp"

#include <algorithm>
#include <bit>

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

// Every so many steps W · source is recomputed in full, so rounding cannot drift for long runs;
// the full product is also taken when so many units spiked that it is the cheaper way.
constexpr std::uint32_t trace_refresh_steps = 1000;

void ContinuousLink::deliver_trace(const ContinuousProjection& p, const double* source,
                                   const std::vector<index_t>& spikes, double* target) {
    double* u = trace_product_.data();
    const std::uint32_t n = n_target_;
    if (trace_product_.empty() || trace_age_ >= trace_refresh_steps || spikes.size() * 4 > n_source_) {
        trace_product_.assign(n, 0.0);
        u = trace_product_.data();
        dense_multiply_add(p.dense.memptr(), n, n_source_, source, u);
        trace_age_ = 0;
    } else {
        // The Euler step the interpreter takes on the source, x + dt·(x·f1·f2…), taken on u.
        const double* f = trace_->factors.data();
        const std::size_t nf = trace_->factors.size();
        for (std::uint32_t i = 0; i < n; ++i) {
            double d = u[i];
            for (std::size_t k = 0; k < nf; ++k) d *= f[k];
            u[i] += dt_ * d;
        }
        const double jump = trace_->jump;
        for (const index_t j : spikes) {
            const double* w = p.dense.colptr(j);
            for (std::uint32_t i = 0; i < n; ++i) u[i] += jump * w[i];
        }
        ++trace_age_;
    }
    for (std::uint32_t i = 0; i < n; ++i) target[i] += u[i];
}

void ContinuousLink::deliver(const ContinuousProjection& p, const double* source,
                             const std::vector<index_t>& source_spikes, double* target, std::uint64_t step) {
    if (trace_) {
        deliver_trace(p, source, source_spikes, target);
        return;
    }
    const double* x = delayed_source(p, source, step);
    add_product(p, x, target, step);
    if (!chain_.empty()) {
        if (keep_delayed_) chain_out_.assign(x, x + n_source_);
        advance_chain(p, source);
    }
}

void ContinuousLink::redeliver(const ContinuousProjection& p, const double* source, double* target,
                               std::uint64_t step) {
    const double* x = source;
    if (ring_length_ > 0 && p.connection_delay_steps.empty())
        x = ring_.data() + ((step + ring_length_ - p.delay_steps) % ring_length_) * n_source_;
    else if (!chain_.empty())
        x = chain_out_.data();
    add_product(p, x, target, step);
}

// target += W · x; with per-connection delays each connection reads its own ring slot instead.
void ContinuousLink::add_product(const ContinuousProjection& p, const double* x, double* target,
                                 std::uint64_t step) const {
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
        dense_multiply_add(p.dense.memptr(), n_target_, n_source_, x, target);
    }
}

EventLink::EventLink(const EventProjection& p) : one_delay_(p.delay_steps.size() == 1) {
    std::uint32_t max_delay = 1;
    for (const auto d : p.delay_steps) max_delay = std::max(max_delay, d);
    ring_length_ = max_delay + 1;
    if (one_delay_) sources_.resize(ring_length_);
    else queues_.resize(ring_length_);
    if (!p.weights.empty() &&
        std::all_of(p.weights.begin(), p.weights.end(), [&](double w) {
            return std::bit_cast<std::uint64_t>(w) == std::bit_cast<std::uint64_t>(p.weights[0]);
        })) {
        one_weight_ = true;
        weight_ = p.weights[0];
    }
}

namespace {

// The columns of the sources due are scattered through an edge table of a megabyte or more (L2 at
// best), and each add needs its target id first: the loop waits on those loads. Fetching the next
// source's column (ids, and weights when they differ) while the current one is added overlaps
// that wait with useful work.
inline void prefetch_column(const index_t* targets, const double* weights, std::uint64_t begin,
                            std::uint64_t end) {
    for (std::uint64_t k = begin; k < end; k += 64 / sizeof(index_t)) __builtin_prefetch(targets + k);
    if (weights)
        for (std::uint64_t k = begin; k < end; k += 64 / sizeof(double)) __builtin_prefetch(weights + k);
}

// target[targets[k]] += w over one column, four connections per iteration: the adds are independent
// loads and stores, so the loop's own compare, branch and increments are a large part of the
// work. The adds are made in column order (a target listed twice gets both, in order).
inline void add_constant(double* target, const index_t* targets, std::uint64_t k, std::uint64_t end, double w) {
    for (; k + 4 <= end; k += 4) {
        const index_t t0 = targets[k], t1 = targets[k + 1], t2 = targets[k + 2], t3 = targets[k + 3];
        target[t0] += w;
        target[t1] += w;
        target[t2] += w;
        target[t3] += w;
    }
    for (; k < end; ++k) target[targets[k]] += w;
}

}  // namespace

void EventLink::deliver(const EventProjection& p, double* target, std::uint64_t step) {
    const std::size_t slot = step % ring_length_;
    if (one_delay_) {
        auto& due = sources_[slot];
        const std::uint64_t* col = p.col_ptr.data();
        const index_t* targets = p.targets.data();
        const double* weights = one_weight_ ? nullptr : p.weights.data();
        const std::size_t n = due.size();
        if (n > 0) prefetch_column(targets, weights, col[due[0]], col[due[0] + 1]);
        for (std::size_t d = 0; d < n; ++d) {
            const index_t j = due[d];
            if (d + 1 < n) prefetch_column(targets, weights, col[due[d + 1]], col[due[d + 1] + 1]);
            if (weights) {
                for (std::uint64_t k = col[j]; k < col[j + 1]; ++k) target[targets[k]] += weights[k];
            } else {
                add_constant(target, targets, col[j], col[j + 1], weight_);
            }
        }
        due.clear();
        return;
    }
    auto& due = queues_[slot];
    for (const Arrival& a : due) target[a.target] += a.weight;
    due.clear();
}

void EventLink::push(const EventProjection& p, const std::vector<index_t>& spikes, std::uint64_t step) {
    if (spikes.empty()) return;
    if (one_delay_) {
        auto& due = sources_[(step + p.delay_steps[0]) % ring_length_];
        due.insert(due.end(), spikes.begin(), spikes.end());
        return;
    }
    const std::uint64_t* col = p.col_ptr.data();
    for (const index_t j : spikes)
        for (std::uint64_t k = col[j]; k < col[j + 1]; ++k)
            queues_[(step + p.delay_steps[k]) % ring_length_].push_back({p.targets[k], p.weights[k]});
}

}  // namespace neurowire::sim
