// The connectome spec: top level, populations and projections.
#include "spec/connectome_spec.hpp"
#include "spec/schema.hpp"

#include <set>
#include <string>

#include "spec/connectome_spec_detail.hpp"

namespace neurowire::spec {

namespace y = yaml;

namespace detail {

void check_name(const std::string& name, const YAML::Node& node, const std::string& key_path, const y::Context& ctx) {
    // Checked at parse time: a name too long for a file name would otherwise fail only when the
    // outputs are written, naming a staging path.
    if (name.size() > max_name_length)
        y::fail(node, key_path, ctx,
                "a name of at most " + std::to_string(max_name_length) + " characters (it names files)",
                "a name of " + std::to_string(name.size()) + " characters '" + name.substr(0, 20) + "…'");
    bool ok = !name.empty() && name.front() != '-';
    for (char c : name)
        ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-');
    if (!ok) y::fail(node, key_path, ctx, "a name of letters, digits, '_' and '-' (it names files)", "'" + name + "'");
}

}  // namespace detail

std::optional<std::size_t> ConnectomeSpec::find_population(const std::string& name) const {
    for (std::size_t i = 0; i < populations.size(); ++i)
        if (populations[i].name == name) return i;
    return std::nullopt;
}

namespace {

std::vector<PopulationSpec> parse_populations(const YAML::Node& node, const y::Context& ctx) {
    const std::string path = "populations";
    if (!node.IsMap() || node.size() == 0) y::fail(node, path, ctx, "a map of populations by name, at least one");
    std::vector<PopulationSpec> pops;
    std::set<std::string> seen;
    for (const auto& entry : node) {
        const std::string name = entry.first.IsScalar() ? entry.first.Scalar() : "";
        detail::check_name(name, entry.first, path, ctx);
        const std::string pop_path = y::child(path, name);
        if (!seen.insert(name).second)
            y::fail(entry.first, pop_path, ctx, "each population name once", "a second population '" + name + "'");
        const YAML::Node pop = entry.second;
        y::check_keys(pop, pop_path, ctx, schema::keys("connectome.population"));
        PopulationSpec spec;
        spec.name = name;
        spec.line = y::line_of(entry.first);
        if (const YAML::Node pos = y::optional(pop, "positions"))
            spec.positions = parse_positions(pos, y::child(pop_path, "positions"), ctx);
        spec.size = parse_population_size(pop, pop_path, ctx, spec.positions);
        pops.push_back(std::move(spec));
    }
    return pops;
}

std::size_t resolve_population(const ConnectomeSpec& spec, const YAML::Node& proj, const std::string& proj_path,
                               const y::Context& ctx, std::string_view key, std::string& name) {
    const YAML::Node node = y::require(proj, proj_path, ctx, key);
    name = y::get_string(node, y::child(proj_path, key), ctx);
    if (const auto index = spec.find_population(name)) return *index;
    std::vector<std::string> known;
    for (const auto& p : spec.populations) known.push_back("'" + p.name + "'");
    y::fail(node, y::child(proj_path, key), ctx, "a population of this spec: " + y::join_choices(known),
            "'" + name + "'");
}

std::vector<ProjectionSpec> parse_projections(const YAML::Node& node, const ConnectomeSpec& spec, const y::Context& ctx) {
    const std::string path = "projections";
    y::require_list(node, path, ctx);
    std::vector<ProjectionSpec> projections;
    std::set<std::string> seen;
    const std::vector<std::string>& allowed = schema::keys("connectome.projection");
    for (std::size_t i = 0; i < node.size(); ++i) {
        const YAML::Node proj = node[i];
        const std::string proj_path = y::item(path, i);
        y::check_keys(proj, proj_path, ctx, allowed);
        ProjectionSpec p;
        p.line = y::line_of(proj);
        p.source_index = resolve_population(spec, proj, proj_path, ctx, "source", p.source);
        p.target_index = resolve_population(spec, proj, proj_path, ctx, "target", p.target);
        const YAML::Node name_node = y::optional(proj, "name");
        p.name = name_node ? y::get_string(name_node, y::child(proj_path, "name"), ctx) : p.source + "_to_" + p.target;
        detail::check_name(p.name, name_node ? name_node : proj, y::child(proj_path, "name"), ctx);
        if (!seen.insert(p.name).second)
            y::fail(name_node ? name_node : proj, y::child(proj_path, "name"), ctx,
                    "a projection name used once (name the projections between the same populations)",
                    "a second projection '" + p.name + "'");
        p.projection = parse_connection(proj, proj_path, ctx);
        p.projection.name = p.name;
        p.projection.same_population = p.source_index == p.target_index;
        validate_connection(p.projection, proj, proj_path, ctx, spec.populations[p.source_index],
                            spec.populations[p.target_index]);
        projections.push_back(std::move(p));
    }
    return projections;
}

}  // namespace

ConnectomeSpec parse_connectome_spec(const YAML::Node& root, const y::Context& ctx) {
    ConnectomeSpec spec;
    spec.file = ctx.file;
    if (!root.IsMap()) y::fail(root, "", ctx, "a map with the keys seed, populations and projections");
    y::check_keys(root, "", ctx, schema::keys("connectome"));
    if (const YAML::Node seed = y::optional(root, "seed")) spec.seed = y::get_uint(seed, "seed", ctx);
    spec.populations = parse_populations(y::require(root, "", ctx, "populations"), ctx);
    if (const YAML::Node projections = y::optional(root, "projections"))
        spec.projections = parse_projections(projections, spec, ctx);
    return spec;
}

ConnectomeSpec parse_connectome_spec(const std::filesystem::path& file) {
    const YAML::Node root = y::load_file(file);
    return parse_connectome_spec(root, y::Context{file.string(), file.parent_path()});
}

ConnectomeSpec parse_connectome_spec_text(const std::string& yaml_text, const std::string& file,
                                          const std::filesystem::path& base_dir) {
    const y::Context ctx{file, base_dir};
    return parse_connectome_spec(y::load_string(yaml_text, ctx), ctx);
}

}  // namespace neurowire::spec
