// Event delivery: queued spans, for the whole target or in target blocks, add exactly what a
// queue of (target, weight) arrivals filled at the end of every step adds, in the same order,
// bit for bit.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <tuple>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "core/rng.hpp"
#include "sim/blocks.hpp"
#include "sim/event_link.hpp"
#include "sim/spike_history.hpp"

using namespace neurowire;
using namespace neurowire::sim;

namespace {

// Columns of 40 connections into few targets (so most targets are listed several times in one
// column, often with one delay), weights spanning orders of magnitude so that the order of the
// additions changes the rounded sums, delays 1–7 steps (or one delay).
EventProjection messy_projection(std::uint32_t n_source, std::uint32_t n_target, bool one_delay, bool one_weight) {
    auto g = rng::stream(5, rng::purpose::connect, 0, 0);
    EventProjection e;
    e.col_ptr.push_back(0);
    for (std::uint32_t j = 0; j < n_source; ++j) {
        for (int k = 0; k < 40; ++k) {
            e.targets.push_back(static_cast<index_t>(rng::uniform_index(g, n_target)));
            e.weights.push_back(one_weight ? 0.37 : std::ldexp(rng::uniform(g, 0.5, 1.0), -static_cast<int>(rng::uniform_index(g, 40))));
            if (!one_delay) e.delay_steps.push_back(1 + static_cast<std::uint32_t>(rng::uniform_index(g, 7)));
        }
        e.col_ptr.push_back(e.targets.size());
    }
    if (one_delay) e.delay_steps = {3};
    return e;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

void check_spans_equal_arrivals(bool one_delay, bool one_weight) {
    const std::uint32_t n_source = 600, n_target = 700, steps = 40;
    EventProjection arrivals_p = messy_projection(n_source, n_target, one_delay, one_weight);
    EventProjection whole_p = arrivals_p, split_p = arrivals_p;
    EventLink arrivals(arrivals_p, n_source, n_target, 1, event_delivery::arrivals);
    EventLink whole(whole_p, n_source, n_target, 2, event_delivery::spans);
    EventLink split(split_p, n_source, n_target, 1, event_delivery::spans);
    BOOST_TEST(!arrivals.blockwise());
    BOOST_TEST(whole.blockwise());
    const std::vector<Block> source_blocks = split_units(n_source, 3), target_blocks = split_units(n_target, 3);
    BOOST_REQUIRE(target_blocks[1].size() > 0 && target_blocks[2].size() > 0);
    whole.prepare_blocks(whole_p, {Block{0, n_target}});
    split.prepare_blocks(split_p, target_blocks, 2);
    BOOST_TEST(whole_p.targets != arrivals_p.targets);   // the columns were sorted
    if (!one_delay) BOOST_TEST(split_p.targets != whole_p.targets);   // by block first

    SpikeHistory whole_h(2, 1), split_h(2, 3);
    std::vector<double> a(n_target, 1.0), b(n_target, 1.0), c(n_target, 1.0);
    auto g = rng::stream(9, rng::purpose::init, 0, 0);
    std::uint64_t arrivals_total = 0;
    for (std::uint64_t k = 0; k < steps; ++k) {
        arrivals.deliver_arrivals(a.data(), k);
        if (k > 0) whole.queue(whole_p, whole_h, k - 1, 0);
        whole.deliver(b.data(), k, 0);
        for (std::uint32_t t = 3; t-- > 0;) {   // any order: the blocks are independent
            if (k > 0) split.queue(split_p, split_h, k - 1, t);
            split.deliver(c.data(), k, t);
        }
        BOOST_TEST_REQUIRE(same_bits(a, b), "step " << k << ", whole target");
        BOOST_TEST_REQUIRE(same_bits(a, c), "step " << k << ", three blocks");
        // Spikes of step k: about a tenth of the sources, ascending.
        std::vector<index_t> spikes;
        for (index_t j = 0; j < n_source; ++j)
            if (rng::uniform(g, 0.0, 1.0) < 0.1) spikes.push_back(j);
        arrivals_total += spikes.size() * 40;
        arrivals.push(arrivals_p, spikes, k);
        whole_h.at(k, 0) = spikes;
        for (std::uint32_t s = 0; s < 3; ++s) {
            auto& list = split_h.at(k, s);
            list.clear();
            for (const index_t j : spikes)
                if (j >= source_blocks[s].begin && j < source_blocks[s].end) list.push_back(j);
        }
    }
    const auto& queued_p = arrivals_p;
    BOOST_TEST(arrivals_total > 50000u);
    // The sums do depend on the order: the same arrivals added in another order round apart.
    std::vector<double> sorted_sum(n_target, 1.0);
    for (std::size_t k = 0; k < queued_p.targets.size(); ++k) sorted_sum[queued_p.targets[k]] += queued_p.weights[k];
    std::vector<double> reversed(n_target, 1.0);
    for (std::size_t k = queued_p.targets.size(); k-- > 0;) reversed[queued_p.targets[k]] += queued_p.weights[k];
    if (!one_weight) BOOST_TEST(!same_bits(sorted_sum, reversed));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(event_link)

BOOST_AUTO_TEST_CASE(spans_match_arrivals_with_per_connection_delays_and_weights) {
    check_spans_equal_arrivals(false, false);
}
BOOST_AUTO_TEST_CASE(spans_match_arrivals_with_one_delay) { check_spans_equal_arrivals(true, false); }
BOOST_AUTO_TEST_CASE(spans_match_arrivals_with_one_weight) { check_spans_equal_arrivals(false, true); }

BOOST_AUTO_TEST_CASE(sorting_keeps_the_network) {
    // The same (source, target, weight, delay) connections, column by column, in a new order:
    // by target block, then delay, then target.
    EventProjection before = messy_projection(50, 900, false, false), after = before;
    EventLink link(after, 50, 900, 2);
    BOOST_TEST(link.blockwise());
    const std::vector<Block> blocks = split_units(900, 3);
    link.prepare_blocks(after, blocks, 2);
    auto block_of = [&](index_t t) { return t < blocks[0].end ? 0 : t < blocks[1].end ? 1 : 2; };
    for (std::uint32_t j = 0; j < 50; ++j) {
        using Edge = std::tuple<index_t, double, std::uint32_t>;
        std::vector<Edge> x, y;
        for (auto k = before.col_ptr[j]; k < before.col_ptr[j + 1]; ++k)
            x.emplace_back(before.targets[k], before.weights[k], before.delay_steps[k]);
        for (auto k = after.col_ptr[j]; k < after.col_ptr[j + 1]; ++k)
            y.emplace_back(after.targets[k], after.weights[k], after.delay_steps[k]);
        BOOST_TEST(std::is_sorted(y.begin(), y.end(), [&](const Edge& l, const Edge& r) {
            const auto kl = std::tuple(block_of(std::get<0>(l)), std::get<2>(l), std::get<0>(l));
            const auto kr = std::tuple(block_of(std::get<0>(r)), std::get<2>(r), std::get<0>(r));
            return kl < kr;
        }));
        // Connections to one target with one delay keep their order (their weights differ).
        for (const auto& [target, weight, delay] : y) {
            (void)weight;
            std::vector<double> wx, wy;
            for (const auto& ex : x)
                if (std::get<0>(ex) == target && std::get<2>(ex) == delay) wx.push_back(std::get<1>(ex));
            for (const auto& ey : y)
                if (std::get<0>(ey) == target && std::get<2>(ey) == delay) wy.push_back(std::get<1>(ey));
            BOOST_TEST_REQUIRE((wx == wy), "column " << j << ", target " << target);
        }
        std::sort(x.begin(), x.end());
        std::sort(y.begin(), y.end());
        BOOST_TEST_REQUIRE((x == y), "column " << j);
    }
}

BOOST_AUTO_TEST_CASE(a_wide_delay_span_queues_arrivals) {
    // 300 distinct delays for columns of 40: table rows would be longer than the columns.
    EventProjection e = messy_projection(20, 30, false, false);
    for (std::size_t k = 0; k < e.delay_steps.size(); ++k) e.delay_steps[k] = 1 + static_cast<std::uint32_t>(k % 300);
    BOOST_TEST(!EventLink(e, 20, 30).blockwise());
    for (auto& d : e.delay_steps) d = 1 + d % 50;   // 50 delays: spans
    BOOST_TEST(EventLink(e, 20, 30).blockwise());
}

BOOST_AUTO_TEST_CASE(split_units_gives_aligned_ascending_blocks) {
    for (const index_t n : {0u, 1u, 255u, 256u, 257u, 5000u, 40000u})
        for (const int parts : {1, 2, 3, 4, 7}) {
            const auto blocks = split_units(n, parts);
            BOOST_TEST_REQUIRE(blocks.size() == static_cast<std::size_t>(parts));
            BOOST_TEST(blocks.front().begin == 0u);
            BOOST_TEST(blocks.back().end == n);
            for (std::size_t b = 0; b < blocks.size(); ++b) {
                BOOST_TEST(blocks[b].begin <= blocks[b].end);
                if (b > 0) BOOST_TEST(blocks[b].begin == blocks[b - 1].end);
                if (b + 1 < blocks.size()) BOOST_TEST(blocks[b].end % chunk_size == 0u);
            }
            // Nearly equal: within one chunk of each other, when there are enough chunks.
            if (n >= static_cast<index_t>(parts) * chunk_size) {
                const auto [lo, hi] = std::minmax_element(blocks.begin(), blocks.end(),
                                                          [](const Block& x, const Block& y) { return x.size() < y.size(); });
                BOOST_TEST(hi->size() - lo->size() <= chunk_size);
            }
        }
}

BOOST_AUTO_TEST_SUITE_END()
