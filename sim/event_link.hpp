#pragma once
// Run-time state of one event projection: spikes of the source arrive at the target state after
// each connection's delay, target += w.
//
// Each source's column is sorted by delay and, within one delay, by target (stably: connections
// to one target keep their order). The sort is done in place in the program, which describes the
// same network afterwards. A column is then a run of connections per delay, and within a run the
// connections into one block of targets are contiguous: a span. The target population is split
// into blocks (one per thread in the block loop, one in all in the phased loop); a table gives
// where each (source, delay, block) span starts, and per block a ring of queues holds the target
// ids (and weights) due in each coming step.
//
// At the start of step k each block copies, for every source that spiked in step k − 1
// (ascending), the spans of its targets into the queue of each span's delay: one pass along the
// source's row of the table and one sequential read of its column. Step k then adds its queue in
// order. Per target that is the order in which one queue of (target, weight) arrivals filled at
// the end of every step adds them — oldest spikes first, then ascending source, then column
// order — so the sums are the same bits for any number of blocks, and no block touches another's
// targets (no atomics). Copying a column in one burst when the spike is queued, rather than
// reading one span of it in each of the next steps, reads each cache line of the edge table once.
//
// A delay span far wider than the columns (hundreds of distinct delays for tens of connections)
// would make the table rows longer than the columns; such a projection queues (target, weight)
// arrivals connection by connection at the end of each step instead, in the same order, for the
// whole target at once.
#include <cstdint>
#include <vector>

#include "sim/blocks.hpp"
#include "sim/program.hpp"
#include "sim/spike_history.hpp"

namespace neurowire::sim {

// How a projection's events are delivered: automatic chooses by the delay span as above.
enum class event_delivery : std::uint8_t { automatic, spans, arrivals };

class EventLink {
public:
    // With spans, prepare_blocks must follow.
    EventLink(EventProjection& p, std::uint32_t n_source, std::uint32_t n_target, int threads = 1,
              event_delivery mode = event_delivery::automatic);

    // True if delivery works per target block (spans); false: arrivals for the whole target.
    bool blockwise() const { return !arrivals_; }
    std::uint32_t max_delay() const { return d_hi_; }

    // Spans: the target blocks; builds the span table and empties the queues.
    // Sorts p's columns as described above (a parallel pass, `threads` wide).
    void prepare_blocks(EventProjection& p, const std::vector<Block>& target_blocks, int threads = 1);
    // Spans, block b: queues the connections into block b of the sources that spiked in `step`
    // (every block of `source`); deliver then adds what is due in `step` to those targets.
    // Calls for different blocks may run at once.
    void queue(const EventProjection& p, const SpikeHistory& source, std::uint64_t step, std::uint32_t b);
    void deliver(double* target, std::uint64_t step, std::uint32_t b);

    // Arrivals: spikes of `step` (ascending ids) enter the queues; deliver_arrivals adds and
    // empties the queue due in `step`.
    void push(const EventProjection& p, const std::vector<index_t>& spikes, std::uint64_t step);
    void deliver_arrivals(double* target, std::uint64_t step);

private:
    // Where source j's connections into block b with delay d_lo + q start:
    // starts[(j·n_blocks + b)·n_delays + q]; each span ends where the next entry starts.
    template <class Position>
    using Starts = std::vector<Position>;
    template <class Position>
    void build(const EventProjection& p, const std::vector<Block>& blocks, Starts<Position>& starts,
               int threads) const;
    template <class Position>
    void queue_spans(const Starts<Position>& starts, const EventProjection& p, const SpikeHistory& source,
                     std::uint64_t step, std::uint32_t b);
    void sort_columns(EventProjection& p, const std::vector<Block>& blocks, int threads) const;

    std::uint32_t n_source_, n_target_;
    std::uint32_t d_lo_ = 1, d_hi_ = 1;   // delays in steps
    std::uint32_t n_delays_ = 1;          // d_hi − d_lo + 1
    std::uint32_t n_blocks_ = 1;
    bool per_connection_delay_ = false;
    // One weight for every connection (a constant weight rule): delivery then reads only the
    // target ids, a third of the bytes per connection.
    bool one_weight_ = false;
    double weight_ = 0.0;
    // 32-bit positions where the projection has fewer than 2³² connections.
    Starts<std::uint32_t> starts32_;
    Starts<std::uint64_t> starts64_;
    bool wide_ = false;   // starts64_ in use
    struct Due {
        std::vector<index_t> targets;
        std::vector<double> weights;   // empty with one weight
    };
    std::vector<std::vector<Due>> due_;   // per block, per ring slot

    bool arrivals_ = false;
    struct Arrival {
        index_t target;
        double weight;
    };
    std::vector<std::vector<Arrival>> arrival_queues_;   // one per ring slot
};

}  // namespace neurowire::sim
