// Checks of a projection that need both of its populations.
#include <string>

#include "spec/connectome_spec.hpp"
#include "spec/connectome_spec_detail.hpp"

namespace neurowire::spec {

namespace y = yaml;

namespace {

std::string quoted(const std::string& s) { return "'" + s + "'"; }

// The node a distance-dependent feature was written at, for pointing errors at it.
std::pair<YAML::Node, std::string> distance_user(const connect::Projection& p, const YAML::Node& proj,
                                                 const std::string& proj_path) {
    const char* key = p.kernel.kind != connect::kernel_kind::none ? "kernel"
                      : p.mask.kind != connect::mask_kind::none   ? "mask"
                      : p.weight.kind == connect::value_kind::distance ? "weight"
                                                                   : "delay";
    return {y::optional(proj, key), y::child(proj_path, key)};
}

void check_positions(const connect::Projection& p, const YAML::Node& proj, const std::string& proj_path,
                     const y::Context& ctx, const PopulationSpec& source, const PopulationSpec& target) {
    const auto [node, path] = distance_user(p, proj, proj_path);
    for (const PopulationSpec* pop : {&source, &target})
        if (!pop->positions.present())
            y::fail(node, path, ctx, "positions on both populations (distances are needed here)",
                    "population " + quoted(pop->name) + " without positions");
    const PositionsSpec& a = source.positions;
    const PositionsSpec& b = target.positions;
    if (a.dims != b.dims)
        y::fail(node, path, ctx, "source and target positions of the same dimension",
                quoted(source.name) + " in " + std::to_string(a.dims) + "-D, " + quoted(target.name) + " in " +
                    std::to_string(b.dims) + "-D");
    // Minimum-image distances need one box: both populations must share it.
    if (a.any_periodic() || b.any_periodic()) {
        const bool same_box = a.periodic == b.periodic && a.low == b.low && a.high == b.high;
        if (!same_box)
            y::fail(node, path, ctx, "the same extent and periodic flags on both populations (periodic distances)",
                    "different boxes for " + quoted(source.name) + " and " + quoted(target.name));
    }
    if (p.mask.kind == connect::mask_kind::box && p.mask.lower.size() != a.dims) {
        const YAML::Node mask = y::optional(proj, "mask");
        y::fail(y::optional(mask, "lower"), y::child(proj_path, "mask.lower"), ctx,
                std::to_string(a.dims) + " values (the dimension of the positions)", std::to_string(p.mask.lower.size()));
    }
}

void check_counts(const connect::Projection& p, const YAML::Node& proj, const std::string& proj_path,
                  const y::Context& ctx, const PopulationSpec& source, const PopulationSpec& target) {
    using connect::rule_kind;
    const connect::Rule& r = p.rule;
    const YAML::Node rule_node = y::optional(proj, "rule");
    const std::string rule_path = y::child(proj_path, "rule");
    const bool self_excluded = p.same_population && !r.autapses;
    const std::uint64_t ns = source.size, nt = target.size;

    if (r.kind == rule_kind::one_to_one && ns != nt)
        y::fail(rule_node, rule_path, ctx, "populations of equal size for one_to_one",
                quoted(source.name) + " with " + std::to_string(ns) + " and " + quoted(target.name) + " with " +
                    std::to_string(nt) + " neurons");

    if (r.kind == rule_kind::fixed_outdegree || r.kind == rule_kind::fixed_indegree) {
        const bool out = r.kind == rule_kind::fixed_outdegree;
        const PopulationSpec& chooser = out ? source : target;    // whose neurons each draw k partners
        const PopulationSpec& partners = out ? target : source;
        const std::uint64_t available = partners.size - (self_excluded ? 1 : 0);
        const YAML::Node k_node = y::optional(rule_node, "k");
        const std::string k_path = y::child(rule_path, "k");
        if (!r.k_per_neuron.empty() && r.k_per_neuron.size() != chooser.size)
            y::fail(k_node, k_path, ctx,
                    "one k per neuron of " + quoted(chooser.name) + " (" + std::to_string(chooser.size) + " values)",
                    std::to_string(r.k_per_neuron.size()) + " values");
        std::uint64_t k_max = r.k;
        std::size_t where = 0;
        for (std::size_t i = 0; i < r.k_per_neuron.size(); ++i)
            if (r.k_per_neuron[i] > k_max) k_max = r.k_per_neuron[i], where = i;
        // A list names the entry; k from a file (a map) names the file with the index.
        const bool listed = !r.k_per_neuron.empty() && k_node.IsSequence();
        const YAML::Node at = listed ? k_node[where] : k_node;
        const std::string at_path = listed ? y::item(k_path, where)
                                           : r.k_per_neuron.empty() ? k_path : y::child(k_path, "file") + "[" + std::to_string(where) + "]";
        const std::string who = "the " + std::to_string(available) + " possible partners in " + quoted(partners.name) +
                                (self_excluded ? " (itself excluded: autapses false)" : "");
        if (!r.multapses && k_max > available)
            y::fail(at, at_path, ctx, "k <= " + std::to_string(available) + ": without multapses k cannot exceed " + who,
                    std::to_string(k_max));
        if (r.multapses && k_max > 0 && available == 0)
            y::fail(at, at_path, ctx, "k = 0: there are no possible partners", std::to_string(k_max));
    }

    if (r.kind == rule_kind::fixed_total_number) {
        const std::uint64_t pairs = ns * nt - (self_excluded ? ns : 0);
        const YAML::Node n_node = y::optional(rule_node, "n");
        if (!r.multapses && r.n > pairs)
            y::fail(n_node, y::child(rule_path, "n"), ctx,
                    "n <= " + std::to_string(pairs) + ": without multapses n cannot exceed the possible pairs",
                    std::to_string(r.n));
        if (r.n > 0 && pairs == 0)
            y::fail(n_node, y::child(rule_path, "n"), ctx, "n = 0: there are no possible pairs", std::to_string(r.n));
    }
}

}  // namespace

void validate_connection(const connect::Projection& projection, const YAML::Node& proj, const std::string& proj_path,
                         const y::Context& ctx, const PopulationSpec& source, const PopulationSpec& target) {
    check_counts(projection, proj, proj_path, ctx, source, target);
    if (uses_distance(projection)) check_positions(projection, proj, proj_path, ctx, source, target);
}

}  // namespace neurowire::spec
