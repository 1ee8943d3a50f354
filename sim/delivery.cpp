#include "sim/delivery.hpp"

#include <algorithm>

#include "sim/dense_product.hpp"

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

void ContinuousLink::set_threads(const ContinuousProjection& p, int threads) {
    product_threads_ = p.sparse ? 1 : dense_product_threads(p.dense, threads);
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
        add_dense_product(p.dense, source, u, product_threads_);
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
        add_dense_product(p.dense, x, target, product_threads_);
    }
}

}  // namespace neurowire::sim
