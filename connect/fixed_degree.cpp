#include "connect/fixed_degree.hpp"

#include <omp.h>

#include <algorithm>
#include <optional>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "connect/memory.hpp"
#include "connect/partner_draws.hpp"
#include "connect/partner_sorter.hpp"
#include "connect/sampler_choice.hpp"
#include "connect/values.hpp"
#include "core/interrupt.hpp"
#include "core/rng.hpp"

namespace neurowire::connect {

int thread_count(const Options& options) { return options.threads > 0 ? options.threads : omp_get_max_threads(); }

void draw_fixed_degrees(const Problem& p, const Projection& projection, const std::vector<edge_t>& offset,
                        seed_t seed, std::uint64_t projection_index, index_t* partners, float* weight,
                        float* delay) {
    const ValueDraw weight_draw(projection.weight, value_role::weight);
    const ValueDraw delay_draw(projection.delay, value_role::delay);
    const bool multapses = projection.rule.multapses;
    FirstError errors;
    with_sampler(p, [&](auto make_sampler) {
        // Every thread runs the same loop: its bound comes from outside the region.
        const auto groups = static_cast<std::int64_t>(make_sampler().group_count());
#pragma omp parallel num_threads(thread_count(p.options))
        {
            // (try blocks, not FirstError::run: clang cannot outline lambdas nested in this
            // generic lambda's parallel region)
            std::optional<decltype(make_sampler())> sampler;
            std::optional<SuccessiveWorkspace> successive;
            std::optional<PartnerSorter> sorter;
            std::vector<index_t> queries;
            try {
                sampler.emplace(make_sampler());
                successive.emplace(multapses ? 0 : p.n_candidates);
                sorter.emplace();
            } catch (...) {
                errors.record(0, std::current_exception());
            }
#pragma omp for schedule(dynamic, 1)
            for (std::int64_t g = 0; g < groups; ++g) {
                if (!sorter || stop_requested(p.options.stop)) continue;
                try {
                    sampler->group_queries(static_cast<std::size_t>(g), queries);
                    const bool any = std::any_of(queries.begin(), queries.end(),
                                                 [&](index_t q) { return offset[q + 1] > offset[q]; });
                    if (!any) continue;
                    sampler->begin_group(static_cast<std::size_t>(g));
                } catch (...) {
                    errors.record(UINT64_MAX - 1, std::current_exception());
                    continue;
                }
                for (const index_t q : queries) {
                    const std::uint64_t k = offset[q + 1] - offset[q];
                    if (k == 0) continue;
                    try {
                        sampler->begin_query(q);
                        auto stream = rng::stream(seed, rng::purpose::connect, projection_index, q);
                        index_t* out = partners + offset[q];
                        if (multapses) draw_with_replacement(*sampler, stream, q, k, out);
                        else successive->draw(*sampler, stream, q, k, out);
                        sorter->sort(out, k);
                        draw_values(p, weight_draw, delay_draw, seed, projection_index, q,
                                    std::span<const index_t>(out, k), weight + offset[q], delay + offset[q]);
                    } catch (...) {
                        errors.record(q, std::current_exception());
                    }
                }
            }
        }
    });
    throw_if_stopped(p.options.stop);
    errors.rethrow();
}

namespace {

std::vector<edge_t> offsets_of(const std::vector<std::uint64_t>& degree) {
    std::vector<edge_t> offset(degree.size() + 1, 0);
    for (std::size_t q = 0; q < degree.size(); ++q) offset[q + 1] = offset[q] + degree[q];
    return offset;
}

// Bytes besides the edge table: indexes over positions and each thread's work space.
double work_space_bytes(const Problem& p) {
    const double per_neuron = 64.0;
    return per_neuron * (double(p.n_query) + double(p.n_candidates)) * (1 + thread_count(p.options));
}

}  // namespace

Connectome draw_by_outdegree(const Problem& p, const Projection& projection, const std::vector<std::uint64_t>& degree,
                             seed_t seed, std::uint64_t projection_index) {
    const std::vector<edge_t> offset = offsets_of(degree);
    const edge_t edges = offset.back();
    check_memory("connectome of " + std::to_string(edges) + " synapses",
                 double(edges) * bytes_per_edge + work_space_bytes(p), p.options.memory_limit_bytes);
    Connectome c;
    c.n_source = p.n_query;
    c.n_target = p.n_candidates;
    resize_for_filling(c.source, edges, thread_count(p.options), p.options.stop);
    resize_for_filling(c.target, edges, thread_count(p.options), p.options.stop);
    resize_for_filling(c.weight, edges, thread_count(p.options), p.options.stop);
    resize_for_filling(c.delay, edges, thread_count(p.options), p.options.stop);
#pragma omp parallel for schedule(static) num_threads(thread_count(p.options))
    for (std::int64_t q = 0; q < std::int64_t(p.n_query); ++q)
        std::fill(c.source.begin() + offset[q], c.source.begin() + offset[q + 1], index_t(q));
    draw_fixed_degrees(p, projection, offset, seed, projection_index, c.target.data(), c.weight.data(), c.delay.data());
    return c;
}

Connectome draw_by_indegree(const Problem& p, const Projection& projection, const std::vector<std::uint64_t>& degree,
                            seed_t seed, std::uint64_t projection_index) {
    const std::vector<edge_t> offset = offsets_of(degree);
    const edge_t edges = offset.back();
    // The per-target draws (source, weight, delay) live beside the final table until sorted.
    check_memory("connectome of " + std::to_string(edges) + " synapses",
                 double(edges) * (bytes_per_edge + 12.0) + work_space_bytes(p), p.options.memory_limit_bytes);
    std::vector<index_t> by_target_source;
    std::vector<float> by_target_weight, by_target_delay;
    resize_for_filling(by_target_source, edges, thread_count(p.options), p.options.stop);
    resize_for_filling(by_target_weight, edges, thread_count(p.options), p.options.stop);
    resize_for_filling(by_target_delay, edges, thread_count(p.options), p.options.stop);
    draw_fixed_degrees(p, projection, offset, seed, projection_index, by_target_source.data(),
                       by_target_weight.data(), by_target_delay.data());

    Connectome c;
    c.n_source = p.n_candidates;
    c.n_target = p.n_query;
    // Counting sort by source. Walking the rows in target order and placing each at its
    // source's next free slot keeps targets ascending within every source: no comparison sort.
    std::vector<edge_t> start(std::size_t(c.n_source) + 1, 0);
    for (const index_t s : by_target_source) ++start[s + 1];
    for (std::size_t s = 0; s < c.n_source; ++s) start[s + 1] += start[s];
    resize_for_filling(c.source, edges, thread_count(p.options), p.options.stop);
    resize_for_filling(c.target, edges, thread_count(p.options), p.options.stop);
    resize_for_filling(c.weight, edges, thread_count(p.options), p.options.stop);
    resize_for_filling(c.delay, edges, thread_count(p.options), p.options.stop);
    const int threads = thread_count(p.options);
    // Each thread owns a range of sources and scans the whole table: the result is the same
    // for any thread count, and no two threads write the same slot.
    FirstError errors;
#pragma omp parallel num_threads(threads)
    errors.run(0, [&] {
        const auto t = static_cast<std::uint64_t>(omp_get_thread_num());
        const auto nt = static_cast<std::uint64_t>(omp_get_num_threads());
        const index_t lo = static_cast<index_t>(std::uint64_t(c.n_source) * t / nt);
        const index_t hi = static_cast<index_t>(std::uint64_t(c.n_source) * (t + 1) / nt);
        std::vector<edge_t> next(start.begin() + lo, start.begin() + hi);
        for (index_t target = 0; target < c.n_target; ++target) {
            for (edge_t e = offset[target]; e < offset[target + 1]; ++e) {
                const index_t s = by_target_source[e];
                if (s < lo || s >= hi) continue;
                const edge_t slot = next[s - lo]++;
                c.source[slot] = s;
                c.target[slot] = target;
                c.weight[slot] = by_target_weight[e];
                c.delay[slot] = by_target_delay[e];
            }
        }
    });
    errors.rethrow();
    return c;
}

}  // namespace neurowire::connect
