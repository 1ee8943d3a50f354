#include "connect/pairwise.hpp"

#include <omp.h>

#include <optional>

#include <algorithm>
#include <atomic>
#include <span>
#include <string>

#include "connect/fixed_degree.hpp"
#include "connect/memory.hpp"
#include "connect/sampler_choice.hpp"
#include "connect/values.hpp"
#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/rng.hpp"

namespace neurowire::connect {

Connectome draw_pairwise(const Problem& p, const Projection& projection, double probability, seed_t seed,
                         std::uint64_t projection_index) {
    const int threads = thread_count(p.options);
    if (p.uniform()) {
        // The expected size is known: refuse before drawing anything.
        const double expected = probability * double(p.n_query) * double(p.n_candidates);
        check_memory("connectome of about " + std::to_string(std::uint64_t(expected)) + " synapses",
                     expected * (bytes_per_edge + 4.0), p.options.memory_limit_bytes);
    }
    // With a kernel the count is known only after drawing: stop drawing once the partners held
    // so far (and the table they will become) pass the budget.
    const double budget = platform_budget(p.options.memory_limit_bytes);
    const double bytes_per_drawn = bytes_per_edge + 4.0;
    std::atomic<std::uint64_t> drawn{0};
    std::atomic<bool> over_budget{false};
    // Phase 1: each thread keeps the sorted partners of the queries it drew, and where they are.
    std::vector<std::vector<index_t>> buffer(static_cast<std::size_t>(threads));
    std::vector<std::uint32_t> where_thread(p.n_query, 0);
    std::vector<edge_t> where_pos(p.n_query, 0), count(p.n_query, 0);
    FirstError errors;   // no exception may leave the regions (FirstError says why)
    with_sampler(p, [&](auto make_sampler) {
        // Every thread runs the same loop: its bound comes from outside the region.
        const auto groups = static_cast<std::int64_t>(make_sampler().group_count());
#pragma omp parallel num_threads(threads)
        {
            // (try blocks, not FirstError::run: clang cannot outline lambdas nested in this
            // generic lambda's parallel region)
            std::optional<decltype(make_sampler())> sampler;
            try {
                sampler.emplace(make_sampler());
            } catch (...) {
                errors.record(0, std::current_exception());
            }
            const auto t = std::uint32_t(omp_get_thread_num());
            std::vector<index_t>& mine = buffer[t];
            std::vector<index_t> queries, partners;
#pragma omp for schedule(dynamic, 1)
            for (std::int64_t g = 0; g < groups; ++g) {
                if (!sampler || stop_requested(p.options.stop) || over_budget.load(std::memory_order_relaxed)) continue;
                try {
                    sampler->group_queries(std::size_t(g), queries);
                    sampler->begin_group(std::size_t(g));
                    for (const index_t q : queries) {
                        sampler->begin_query(q);
                        auto stream = rng::stream(seed, rng::purpose::connect, projection_index, q);
                        sampler->bernoulli(stream, probability, partners);
                        where_thread[q] = t;
                        where_pos[q] = mine.size();
                        count[q] = partners.size();
                        mine.insert(mine.end(), partners.begin(), partners.end());
                        const std::uint64_t so_far =
                            drawn.fetch_add(partners.size(), std::memory_order_relaxed) + partners.size();
                        if (double(so_far) * bytes_per_drawn > budget) over_budget.store(true, std::memory_order_relaxed);
                    }
                } catch (...) {
                    errors.record(UINT64_MAX - 1, std::current_exception());
                }
            }
        }
    });
    throw_if_stopped(p.options.stop);
    errors.rethrow();
    if (over_budget.load())
        throw memory_error("connectome of more than " + std::to_string(drawn.load()) + " synapses (pairwise_bernoulli, " +
                               std::to_string(p.n_query) + " × " + std::to_string(p.n_candidates) + " pairs)",
                           double(drawn.load()) * bytes_per_drawn, budget);
    // Phase 2: exact sizes, then every query's run copied into place in source order.
    std::vector<edge_t> offset(std::size_t(p.n_query) + 1, 0);
    for (index_t q = 0; q < p.n_query; ++q) offset[q + 1] = offset[q] + count[q];
    const edge_t edges = offset.back();
    check_memory("connectome of " + std::to_string(edges) + " synapses", double(edges) * bytes_per_edge,
                 p.options.memory_limit_bytes);
    Connectome c;
    c.n_source = p.n_query;
    c.n_target = p.n_candidates;
    resize_for_filling(c.source, edges, threads, p.options.stop);
    resize_for_filling(c.target, edges, threads, p.options.stop);
    resize_for_filling(c.weight, edges, threads, p.options.stop);
    resize_for_filling(c.delay, edges, threads, p.options.stop);
    const ValueDraw weight_draw(projection.weight, value_role::weight);
    const ValueDraw delay_draw(projection.delay, value_role::delay);
#pragma omp parallel for schedule(dynamic, 256) num_threads(threads)
    for (std::int64_t qi = 0; qi < std::int64_t(p.n_query); ++qi) {
        const auto q = index_t(qi);
        const index_t* from = buffer[where_thread[q]].data() + where_pos[q];
        std::copy(from, from + count[q], c.target.begin() + offset[q]);
        std::fill(c.source.begin() + offset[q], c.source.begin() + offset[q + 1], q);
        errors.run(q, [&] {   // a drawn weight or delay beyond float32 is refused
            draw_values(p, weight_draw, delay_draw, seed, projection_index, q,
                        std::span<const index_t>(c.target.data() + offset[q], count[q]), c.weight.data() + offset[q],
                        c.delay.data() + offset[q]);
        });
    }
    errors.rethrow();
    return c;
}

Connectome draw_one_to_one(const Problem& p, const Projection& projection, seed_t seed,
                           std::uint64_t projection_index) {
    Connectome c;
    c.n_source = p.n_query;
    c.n_target = p.n_candidates;
    const ValueDraw weight_draw(projection.weight, value_role::weight);
    const ValueDraw delay_draw(projection.delay, value_role::delay);
    for (index_t q = 0; q < p.n_query; ++q) {
        if (p.mask.active() && !p.allowed(q, q, p.squared_distance(q, q))) continue;
        const index_t partner[1] = {q};
        float w = 0.0f, d = 0.0f;
        draw_values(p, weight_draw, delay_draw, seed, projection_index, q, std::span<const index_t>(partner, 1), &w, &d);
        c.source.push_back(q);
        c.target.push_back(q);
        c.weight.push_back(w);
        c.delay.push_back(d);
    }
    return c;
}

}  // namespace neurowire::connect
