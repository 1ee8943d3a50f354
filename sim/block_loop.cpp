// The block loop (sim/thread_plan.hpp): the populations are split into one contiguous block per
// thread, and a step is done block by block.
//
// Step k of block b: zero its dynamic input slots, evaluate its source code at t = k·dt, apply
// the external inputs to its units, queue the spikes of step k − 1 (complete since that step
// closed) for its units and add the events due in step k, update its units and detect their
// spikes (into the spike history, slot k, block b), sample its recorded units. A unit sees the operations it would see
// on one thread, in the same order: the results are the same bits for any number of blocks and
// whichever thread runs a block.
//
// Threads do not meet at a barrier. Each claims its own block of the open step, then any block
// no thread has claimed yet; whoever finishes the last block closes the step (the NaN check, the
// spikes and means into the recording, progress) and opens the next. On a busy machine a thread
// that is descheduled, or slow to wake, then costs the step nothing: its partner runs its block
// when it is done with its own, where a barrier would make every step wait for the late thread.
// Measured on 2 cores under a load of 8, the demo network: 2 threads took 2.7 times as long as 1
// with a barrier per step.
#include <atomic>
#include <chrono>
#include <exception>
#include <memory>

#include <omp.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

#include "sim/simulator_impl.hpp"

namespace neurowire::sim {

namespace {

// Waits until `value` exceeds `seen`: spinning for a while (the next step usually opens within
// microseconds), then asleep, so that a long wait leaves the core to others.
void wait_beyond(const std::atomic<std::uint64_t>& value, std::uint64_t seen) {
    const auto start = std::chrono::steady_clock::now();
    for (std::uint32_t i = 1; value.load(std::memory_order_acquire) <= seen; ++i) {
#if defined(__x86_64__) || defined(__i386__)
        _mm_pause();
#endif
        if (i % 64 == 0 && std::chrono::steady_clock::now() - start > std::chrono::microseconds(50)) {
            for (std::uint64_t v; (v = value.load(std::memory_order_acquire)) <= seen;)
                value.wait(v, std::memory_order_acquire);
            return;
        }
    }
}

struct alignas(64) Claim {
    std::atomic<std::uint64_t> step{0};   // 1 + the last step the block was claimed for
};

}  // namespace

void Simulator::Impl::prepare_blocks() {
    for (auto& pop : pops) pop.prepare_blocks(plan.threads);
    recorder.prepare_blocks(blocks);
}

void Simulator::Impl::deliver_block(std::uint32_t b, std::uint64_t k) {
    const double t = static_cast<double>(k) * program.dt;
    for (std::size_t p = 0; p < pops.size(); ++p) {
        const Block& block = blocks[p][b];
        for (const auto slot : dynamic_slots[p]) {
            double* a = pops[p].array(slot);
            std::fill(a + block.begin, a + block.end, 0.0);
        }
        pops[p].set_time(t, static_cast<int>(b));
        pops[p].run_source_code(block.begin, block.end, static_cast<int>(b));
    }
    for (const auto i : dynamic_inputs) {
        const auto& in = program.inputs[i];
        const Block& block = blocks[in.pop][b];
        inputs[i].apply(in, pops[in.pop].array(in.array), k, block.begin, block.end);
    }
    for (std::size_t i = 0; i < events.size(); ++i) {
        const auto& e = program.events[i];
        if (k > 0) events[i].queue(e, history[e.source_pop], k - 1, b);
        events[i].deliver(pops[e.target_pop].array(e.target_array), k, b);
    }
}

bool Simulator::Impl::update_block(std::uint32_t b, std::uint64_t k) {
    bool finite = true;
    for (std::size_t p = 0; p < pops.size(); ++p) {
        auto& spikes = history[p].at(k, b);
        spikes.clear();
        const Block& block = blocks[p][b];
        finite = pops[p].update_block(k, block.begin, block.end, static_cast<int>(b), spikes) && finite;
    }
    return finite;
}

void Simulator::Impl::advance_blocks(std::uint64_t end) {
    const std::uint64_t first = step;
    if (first >= end) return;
    const auto n_blocks = static_cast<std::uint32_t>(plan.threads);
    // What each block's step found, written by the thread that ran it and read by the one that
    // closes the step (ordered by `remaining`).
    constexpr char suspect = 1, failed = 2;
    std::vector<char> found(n_blocks, 0);
    const std::unique_ptr<Claim[]> claims(new Claim[n_blocks]);
    for (std::uint32_t b = 0; b < n_blocks; ++b) claims[b].step.store(first);
    alignas(64) std::atomic<std::uint64_t> open{first};   // the step threads may work on
    alignas(64) std::atomic<std::uint32_t> remaining{n_blocks};
    std::atomic<bool> stop{false};
    bool fatal = false;
    std::uint64_t done = first;   // steps completed, written by the closing thread
    std::exception_ptr error;
    auto keep_error = [&] {
#pragma omp critical(neurowire_block_loop_error)
        if (!error) error = std::current_exception();
    };

    // Everything between the last block of step k and the opening of step k + 1.
    auto close = [&](std::uint64_t k) {
        char all = 0;
        for (const char f : found) all |= f;
        if (all & suspect) {
            // A native kernel's check can raise a false alarm: look for the value itself.
            for (auto& pop : pops) {
                std::uint32_t s = 0, unit = 0;
                fatal = pop.find_nonfinite(s, unit) || fatal;
            }
        }
        if (fatal || (all & failed)) {
            stop.store(true);
        } else {
            recorder.record_shared(program, pops, history, k);
            done = k + 1;
            try {
                if (progress_due(k + 1)) options.progress(k + 1, program.steps);
            } catch (...) {
                keep_error();
                stop.store(true);
            }
        }
        std::fill(found.begin(), found.end(), 0);
        remaining.store(n_blocks, std::memory_order_relaxed);
        open.store(k + 1, std::memory_order_release);
        open.notify_all();
    };

    auto run = [&](std::uint32_t b, std::uint64_t k) {
        char f = 0;
        try {
            deliver_block(b, k);
            if (!update_block(b, k)) f |= suspect;
            recorder.record_blocks(pops, k, static_cast<int>(b));
        } catch (...) {
            keep_error();
            f |= failed;
        }
        found[b] = f;
        if (remaining.fetch_sub(1, std::memory_order_acq_rel) == 1) close(k);
    };
    auto claim = [&](std::uint32_t b, std::uint64_t k) {
        std::uint64_t seen = claims[b].step.load(std::memory_order_relaxed);
        return seen <= k && claims[b].step.compare_exchange_strong(seen, k + 1, std::memory_order_acq_rel);
    };

    // OpenMP may give fewer threads than asked for (nested in a parallel region, a thread limit):
    // the blocks are fixed by plan.threads, and the threads there are run them all.
#pragma omp parallel num_threads(plan.threads) if (plan.threads > 1)
    {
        const auto w = static_cast<std::uint32_t>(omp_get_thread_num());
        const auto n_workers = static_cast<std::uint32_t>(omp_get_num_threads());
        for (std::uint64_t k = first; k < end; ++k) {
            if (k > first) wait_beyond(open, k - 1);
            if (stop.load()) break;
            for (std::uint32_t b = w; b < n_blocks; b += n_workers)
                if (claim(b, k)) run(b, k);
            for (std::uint32_t i = 1; i < n_blocks; ++i) {
                const std::uint32_t b = (w + i) % n_blocks;
                if (claim(b, k)) run(b, k);
            }
        }
    }
    step = done;
    // The program's own t, as the phased loop leaves it: that of the last step delivered.
    const std::uint64_t last = fatal ? step : step - 1;
    if (last >= first)
        for (auto& pop : pops) pop.set_time(static_cast<double>(last) * program.dt);
    if (fatal) fail_nonfinite();
    if (error) std::rethrow_exception(error);
}

}  // namespace neurowire::sim
