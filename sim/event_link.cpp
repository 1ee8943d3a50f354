#include "sim/event_link.hpp"

#include <algorithm>
#include <bit>
#include <limits>
#include <utility>

namespace neurowire::sim {

namespace {

// Up to this many distinct delays a projection always queues spans; beyond it only if its columns
// are at least as long as the delay span (table entries per spike no more than connections).
constexpr std::uint32_t spans_max_delays = 64;

// target[targets[k]] += w, four connections per iteration: the adds are independent
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

EventLink::EventLink(EventProjection& p, std::uint32_t n_source, std::uint32_t n_target, int threads,
                     event_delivery mode)
    : n_source_(n_source), n_target_(n_target) {
    per_connection_delay_ = p.delay_steps.size() > 1;
    d_lo_ = std::numeric_limits<std::uint32_t>::max();
    d_hi_ = 1;
    for (const auto d : p.delay_steps) d_lo_ = std::min(d_lo_, d), d_hi_ = std::max(d_hi_, d);
    if (p.delay_steps.empty()) d_lo_ = 1;
    n_delays_ = d_hi_ - d_lo_ + 1;
    if (!p.weights.empty() && std::all_of(p.weights.begin(), p.weights.end(), [&](double w) {
            return std::bit_cast<std::uint64_t>(w) == std::bit_cast<std::uint64_t>(p.weights[0]);
        })) {
        one_weight_ = true;
        weight_ = p.weights[0];
    }
    const double mean_column = n_source ? static_cast<double>(p.targets.size()) / n_source : 0.0;
    arrivals_ = mode == event_delivery::automatic
                    ? n_delays_ > spans_max_delays && static_cast<double>(n_delays_) > mean_column
                    : mode == event_delivery::arrivals;
    if (arrivals_) {
        arrival_queues_.resize(d_hi_ + 1);
        return;
    }
    (void)threads;
    wide_ = p.targets.size() >= std::numeric_limits<std::uint32_t>::max();
}

// Sorts every column by (target block, delay, target), keeping the order of equal keys, and
// permutes targets, weights and per-connection delays alike.
void EventLink::sort_columns(EventProjection& p, const std::vector<Block>& blocks, int threads) const {
    const auto n = static_cast<std::int64_t>(n_source_);
    const bool with_weights = p.weights.size() == p.targets.size();
    auto block_of = [&](index_t t) {
        std::uint32_t b = 0;
        while (t >= blocks[b].end) ++b;
        return b;
    };
    struct Key {
        std::uint32_t block, delay;
        index_t target;
        std::uint64_t position;   // unique: the sort is stable
        bool operator<(const Key& o) const {
            if (block != o.block) return block < o.block;
            if (delay != o.delay) return delay < o.delay;
            if (target != o.target) return target < o.target;
            return position < o.position;
        }
    };
#pragma omp parallel num_threads(std::max(1, threads))
    {
        std::vector<Key> keys;
        std::vector<index_t> targets;
        std::vector<double> weights;
        std::vector<std::uint32_t> delays;
#pragma omp for schedule(dynamic, 1024)
        for (std::int64_t j = 0; j < n; ++j) {
            const std::uint64_t a = p.col_ptr[j], e = p.col_ptr[j + 1];
            keys.clear();
            for (std::uint64_t k = a; k < e; ++k)
                keys.push_back({block_of(p.targets[k]), per_connection_delay_ ? p.delay_steps[k] : 0, p.targets[k], k});
            if (std::is_sorted(keys.begin(), keys.end())) continue;
            std::sort(keys.begin(), keys.end());
            targets.clear(), weights.clear(), delays.clear();
            for (const Key& key : keys) {
                targets.push_back(p.targets[key.position]);
                if (with_weights) weights.push_back(p.weights[key.position]);
                if (per_connection_delay_) delays.push_back(p.delay_steps[key.position]);
            }
            std::copy(targets.begin(), targets.end(), p.targets.begin() + static_cast<std::ptrdiff_t>(a));
            if (with_weights) std::copy(weights.begin(), weights.end(), p.weights.begin() + static_cast<std::ptrdiff_t>(a));
            if (per_connection_delay_)
                std::copy(delays.begin(), delays.end(), p.delay_steps.begin() + static_cast<std::ptrdiff_t>(a));
        }
    }
}

void EventLink::prepare_blocks(EventProjection& p, const std::vector<Block>& target_blocks, int threads) {
    if (arrivals_) return;
    n_blocks_ = static_cast<std::uint32_t>(target_blocks.size());
    sort_columns(p, target_blocks, threads);
    if (wide_) build(p, target_blocks, starts64_, threads);
    else build(p, target_blocks, starts32_, threads);
    due_.assign(n_blocks_, std::vector<Due>(d_hi_ + 1));
}

// One pass over each column: its parts by block, each split by delay.
template <class Position>
void EventLink::build(const EventProjection& p, const std::vector<Block>& blocks, Starts<Position>& starts,
                      int threads) const {
    const std::size_t per_source = static_cast<std::size_t>(n_delays_) * n_blocks_;
    starts.assign(static_cast<std::size_t>(n_source_) * per_source + 1, 0);
    const auto n = static_cast<std::int64_t>(n_source_);
#pragma omp parallel for num_threads(std::max(1, threads)) schedule(static)
    for (std::int64_t j = 0; j < n; ++j) {
        const std::uint64_t e = p.col_ptr[j + 1];
        std::uint64_t k = p.col_ptr[j];
        Position* row = starts.data() + static_cast<std::size_t>(j) * per_source;
        for (std::uint32_t b = 0; b < n_blocks_; ++b)
            for (std::uint32_t q = 0; q < n_delays_; ++q) {
                row[static_cast<std::size_t>(b) * n_delays_ + q] = static_cast<Position>(k);
                while (k < e && p.targets[k] < blocks[b].end && (!per_connection_delay_ || p.delay_steps[k] == d_lo_ + q))
                    ++k;
            }
    }
    starts.back() = static_cast<Position>(p.targets.size());
}

void EventLink::queue(const EventProjection& p, const SpikeHistory& source, std::uint64_t step, std::uint32_t b) {
    if (wide_) queue_spans(starts64_, p, source, step, b);
    else queue_spans(starts32_, p, source, step, b);
}

// The row of a source that spiked is read once, along its delays, and each of its spans is
// copied into the queue of the step it is due in. Sources in ascending order (the blocks of the
// source in order, each ascending).
//
// The rows and columns of the sources that spiked are scattered through tables of megabytes that
// the population update streams past every step: each would be a wait for memory. They are
// fetched ahead in two stages, the row of the source eight ahead, then (its row now at hand) the
// column of the source four ahead, so that the waits overlap.
template <class Position>
void EventLink::queue_spans(const Starts<Position>& starts, const EventProjection& p, const SpikeHistory& source,
                            std::uint64_t step, std::uint32_t b) {
    auto& due = due_[b];
    const std::size_t ring = due.size(), per_source = static_cast<std::size_t>(n_delays_) * n_blocks_;
    const Position* table = starts.data();
    const index_t* targets = p.targets.data();
    const double* weights = one_weight_ ? nullptr : p.weights.data();
    const std::size_t slot0 = (step + d_lo_) % ring;
    const std::size_t block_row = static_cast<std::size_t>(b) * n_delays_;
    auto fetch_row = [&](index_t j) {
        const char* row = reinterpret_cast<const char*>(table + j * per_source + block_row);
        for (std::size_t at = 0; at < (n_delays_ + 1) * sizeof(Position); at += 64) __builtin_prefetch(row + at);
    };
    auto fetch_column = [&](index_t j) {
        const Position* row = table + j * per_source + block_row;
        const char* first = reinterpret_cast<const char*>(targets + row[0]);
        const char* last = reinterpret_cast<const char*>(targets + row[n_delays_]);
        for (const char* at = first; at < last; at += 64) __builtin_prefetch(at);
        if (weights)
            for (std::uint64_t k = row[0]; k < row[n_delays_]; k += 64 / sizeof(double)) __builtin_prefetch(weights + k);
    };
    constexpr std::size_t row_ahead = 8, column_ahead = 4;
    for (std::uint32_t sb = 0; sb < source.blocks(); ++sb) {
        const std::vector<index_t>& spikes = source.at(step, sb);
        const std::size_t n = spikes.size();
        for (std::size_t i = 0; i < n && i < row_ahead; ++i) fetch_row(spikes[i]);
        for (std::size_t i = 0; i < n && i < column_ahead; ++i) fetch_column(spikes[i]);
        for (std::size_t i = 0; i < n; ++i) {
            if (i + row_ahead < n) fetch_row(spikes[i + row_ahead]);
            if (i + column_ahead < n) fetch_column(spikes[i + column_ahead]);
            const Position* row = table + spikes[i] * per_source + block_row;
            std::size_t slot = slot0;
            for (std::uint32_t q = 0; q < n_delays_; ++q, ++row, slot = slot + 1 == ring ? 0 : slot + 1) {
                const Position a = row[0], e = row[1];
                if (a == e) continue;
                Due& d = due[slot];
                d.targets.insert(d.targets.end(), targets + a, targets + e);
                if (weights) d.weights.insert(d.weights.end(), weights + a, weights + e);
            }
        }
    }
}

void EventLink::deliver(double* target, std::uint64_t step, std::uint32_t b) {
    Due& d = due_[b][step % due_[b].size()];
    const std::size_t n = d.targets.size();
    if (d.weights.empty()) {
        add_constant(target, d.targets.data(), 0, n, weight_);
    } else {
        const index_t* t = d.targets.data();
        const double* w = d.weights.data();
        for (std::size_t k = 0; k < n; ++k) target[t[k]] += w[k];
    }
    d.targets.clear();
    d.weights.clear();
}

void EventLink::deliver_arrivals(double* target, std::uint64_t step) {
    auto& due = arrival_queues_[step % arrival_queues_.size()];
    for (const Arrival& a : due) target[a.target] += a.weight;
    due.clear();
}

void EventLink::push(const EventProjection& p, const std::vector<index_t>& spikes, std::uint64_t step) {
    const std::uint64_t* col = p.col_ptr.data();
    const std::size_t ring = arrival_queues_.size();
    for (const index_t j : spikes)
        for (std::uint64_t k = col[j]; k < col[j + 1]; ++k) {
            const std::uint32_t d = per_connection_delay_ ? p.delay_steps[k] : p.delay_steps[0];
            arrival_queues_[(step + d) % ring].push_back({p.targets[k], one_weight_ ? weight_ : p.weights[k]});
        }
}

}  // namespace neurowire::sim
