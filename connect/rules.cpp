#include "connect/rules.hpp"

#include "connect/fixed_degree.hpp"
#include "connect/memory.hpp"
#include "connect/pairwise.hpp"
#include "connect/problem.hpp"
#include "core/error.hpp"

namespace neurowire::connect {

Problem make_problem(const spatial::Positions* source, const spatial::Positions* target, index_t n_source,
                     index_t n_target, const Projection& projection, const Options& options, bool query_is_source) {
    Problem p;
    p.query = query_is_source ? source : target;
    p.candidates = query_is_source ? target : source;
    p.n_query = query_is_source ? n_source : n_target;
    p.n_candidates = query_is_source ? n_target : n_source;
    p.query_is_source = query_is_source;
    p.exclude_self = projection.same_population && !projection.rule.autapses;
    p.kernel = KernelFn(projection.kernel);
    p.mask = MaskFn(projection.mask);
    if (p.has_positions()) {
        p.extent = target->extent;
        p.dims = target->dims();
        for (std::size_t a = 0; a < p.dims; ++a)
            if (p.extent.is_periodic(a)) p.period[a] = p.extent.side(a);
    } else {
        p.query = p.candidates = nullptr;
    }
    p.options = options;
    return p;
}

namespace {

std::vector<std::uint64_t> degrees(const Rule& rule, index_t n) {
    if (!rule.k_per_neuron.empty()) return rule.k_per_neuron;
    return std::vector<std::uint64_t>(n, rule.k);
}

}  // namespace

Connectome generate(const spatial::Positions* source, const spatial::Positions* target, index_t n_source,
                    index_t n_target, const Projection& projection, seed_t seed, std::uint64_t projection_index,
                    const Options& options) {
    validate(source, target, n_source, n_target, projection, options);
    const Rule& rule = projection.rule;
    const bool from_targets = rule.kind == rule_kind::fixed_indegree;
    const Problem p = make_problem(source, target, n_source, n_target, projection, options, !from_targets);
    switch (rule.kind) {
        case rule_kind::all_to_all: return draw_pairwise(p, projection, 1.0, seed, projection_index);
        case rule_kind::one_to_one: return draw_one_to_one(p, projection, seed, projection_index);
        case rule_kind::pairwise_bernoulli: return draw_pairwise(p, projection, rule.p, seed, projection_index);
        case rule_kind::fixed_outdegree:
            return draw_by_outdegree(p, projection, degrees(rule, n_source), seed, projection_index);
        case rule_kind::fixed_indegree:
            return draw_by_indegree(p, projection, degrees(rule, n_target), seed, projection_index);
        case rule_kind::fixed_total_number:
            // n is known before anything is drawn: refuse a table that cannot fit before the
            // split, which takes O(n) time.
            check_memory("connectome of " + std::to_string(rule.n) + " synapses", double(rule.n) * bytes_per_edge,
                         options.memory_limit_bytes);
            return draw_by_outdegree(p, projection, split_total_number(p, projection, seed, projection_index), seed,
                                     projection_index);
    }
    throw config_error("rule.kind", "a known rule", "value " + std::to_string(int(rule.kind)));
}

}  // namespace neurowire::connect
