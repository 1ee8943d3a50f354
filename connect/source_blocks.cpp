#include "connect/source_blocks.hpp"

#include <algorithm>

#include "connect/fixed_degree.hpp"
#include "connect/memory.hpp"
#include "connect/rules.hpp"
#include "core/error.hpp"

namespace neurowire::connect {

bool SourceBlocks::supports(const Projection& projection) {
    return projection.rule.kind == rule_kind::fixed_outdegree || projection.rule.kind == rule_kind::fixed_total_number;
}

SourceBlocks::SourceBlocks(const spatial::Positions* source, const spatial::Positions* target, index_t n_source,
                           index_t n_target, const Projection& projection, seed_t seed, std::uint64_t projection_index,
                           const Options& options)
    : projection_(projection), seed_(seed), projection_index_(projection_index) {
    if (!supports(projection)) throw std::logic_error("SourceBlocks: a rule whose counts are known only after drawing");
    validate(source, target, n_source, n_target, projection, options);
    problem_ = make_problem(source, target, n_source, n_target, projection, options, true);
    std::vector<std::uint64_t> degree;
    if (projection.rule.kind == rule_kind::fixed_total_number) {
        degree = split_total_number(problem_, projection, seed, projection_index);
    } else if (!projection.rule.k_per_neuron.empty()) {
        degree = projection.rule.k_per_neuron;
    } else {
        degree.assign(n_source, projection.rule.k);
    }
    offset_.assign(degree.size() + 1, 0);
    for (std::size_t q = 0; q < degree.size(); ++q) offset_[q + 1] = offset_[q] + degree[q];
}

edge_t SourceBlocks::expected_rows(const Projection& projection, index_t n_source) {
    const Rule& rule = projection.rule;
    if (rule.kind == rule_kind::fixed_total_number) return rule.n;
    if (rule.k_per_neuron.empty()) return edge_t(n_source) * rule.k;
    edge_t sum = 0;
    for (const auto k : rule.k_per_neuron) sum += k;
    return sum;
}

double SourceBlocks::working_bytes(index_t n_source, index_t n_target, const Options& options) {
    const double neurons = double(n_source) + double(n_target);
    // Two offset tables (the whole one and a block's), the sampler's trees over both sides
    // (measured: about 40 bytes a neuron, 2-D narrow kernel) and each thread's partner marks.
    return 16.0 * double(n_source) + 40.0 * neurons + 4.0 * double(n_target) * thread_count(options);
}

double SourceBlocks::working_bytes() const { return working_bytes(problem_.n_query, problem_.n_candidates, problem_.options); }

Connectome SourceBlocks::draw(index_t first, index_t last) const {
    const edge_t begin = offset_[first], end = offset_[last];
    const edge_t rows = end - begin;
    // Queries outside the block draw nothing (a zero count), so every group keeps its envelope
    // and each source in the block draws exactly what it draws in the whole.
    std::vector<edge_t> block_offset(offset_.size());
    for (std::size_t q = 0; q < offset_.size(); ++q) block_offset[q] = std::clamp(offset_[q], begin, end) - begin;
    Connectome c;
    c.n_source = problem_.n_query;
    c.n_target = problem_.n_candidates;
    c.source.resize(rows);
    c.target.resize(rows);
    c.weight.resize(rows);
    c.delay.resize(rows);
    for (index_t q = first; q < last; ++q)
        std::fill(c.source.begin() + (offset_[q] - begin), c.source.begin() + (offset_[q + 1] - begin), q);
    draw_fixed_degrees(problem_, projection_, block_offset, seed_, projection_index_, c.target.data(), c.weight.data(),
                       c.delay.data());
    return c;
}

}  // namespace neurowire::connect
