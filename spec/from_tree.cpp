// Trees through the YAML parsers (see from_tree.hpp): each entry point is a conversion and a call.
#include "spec/from_tree.hpp"
#include "spec/schema.hpp"

#include "spec/connectome_spec_detail.hpp"
#include "spec/materialise.hpp"
#include "spec/network_spec_detail.hpp"
#include "spec/tree_yaml.hpp"

namespace neurowire::spec {

namespace y = yaml;

namespace {

const build::Population& population_of(const YAML::Node& ref, const std::string& path, const y::Context& ctx,
                                       const build::Network& net, std::string& pop) {
    pop = detail::parse_var_ref(ref, path, ctx, net).pop;
    return net.population(pop);
}

// Trees may repeat a key (Tree::set appends): refused as in a YAML document.
YAML::Node to_checked_yaml(const Tree& tree, const y::Context& ctx) {
    YAML::Node node = to_yaml(tree);
    y::check_unique_keys(node, ctx);
    return node;
}

PopulationSpec geometry_of(const build::Population& p) {
    return population_geometry(p.name, p.size, p.positions ? &*p.positions : nullptr);
}

}  // namespace

ConnectomeSpec connectome_spec_from_tree(const Tree& root, const std::string& file, const fs::path& base_dir) {
    const y::Context ctx{file, base_dir};
    return parse_connectome_spec(to_checked_yaml(root, ctx), ctx);
}

build::Network network_from_tree(const Tree& root, std::optional<seed_t> seed, const std::string& file,
                                 const fs::path& base_dir, const connect::Options& draw_options) {
    const y::Context ctx{file, base_dir};
    return detail::parse_network_root(to_checked_yaml(root, ctx), ctx, seed, draw_options);
}

spatial::Positions positions_from_tree(const Tree& positions, std::optional<index_t> size, seed_t seed,
                                       std::uint64_t stream, const std::string& file, const fs::path& base_dir) {
    const y::Context ctx{file, base_dir};
    PopulationSpec pop;
    pop.positions = parse_positions(to_checked_yaml(positions, ctx), "", ctx);
    YAML::Node size_map(YAML::NodeType::Map);
    if (size) size_map["size"] = std::to_string(*size);
    pop.size = parse_population_size(size_map, "", ctx, pop.positions);
    return *make_positions(pop, seed, stream, file, "");
}

spatial::Extent extent_from_tree(const Tree& extent, const Tree& periodic, const std::string& file) {
    const y::Context ctx{file, {}};
    Tree box = Tree::map();
    box.set("kind", Tree::string("uniform"));
    box.set("extent", extent);
    if (!periodic.is_null()) box.set("periodic", periodic);
    const PositionsSpec p = parse_positions(to_checked_yaml(box, ctx), "", ctx);
    spatial::Extent e;
    e.low = arma::vec(p.low);
    e.high = arma::vec(p.high);
    e.periodic = p.periodic;
    return e;
}

void check_name(const std::string& name, const std::string& key_path, const std::string& file) {
    detail::check_name(name, YAML::Node(), key_path, y::Context{file, {}});
}

PopulationSpec population_geometry(const std::string& name, index_t size, const spatial::Positions* positions) {
    PopulationSpec g;
    g.name = name;
    g.size = size;
    if (positions) {
        PositionsSpec& p = g.positions;
        p.kind = positions_kind::file;   // present; only dims, box and periodic axes are checked
        p.dims = positions->dims();
        const spatial::Extent& e = positions->extent;
        p.low.assign(e.low.begin(), e.low.end());
        p.high.assign(e.high.begin(), e.high.end());
        p.periodic.assign(p.dims, false);
        for (std::size_t a = 0; a < p.dims; ++a) p.periodic[a] = e.is_periodic(a);
    }
    return g;
}

connect::Projection connection_from_tree(const Tree& pieces, const PopulationSpec& source, const PopulationSpec& target,
                                         bool same_population, const std::string& file) {
    const y::Context ctx{file, {}};
    const YAML::Node node = to_checked_yaml(pieces, ctx);
    y::check_keys(node, "", ctx, schema::connection_keys());
    connect::Projection p = parse_connection(node, "", ctx);
    p.same_population = same_population;
    validate_connection(p, node, "", ctx, source, target);
    return p;
}

void settings_from_tree(const Tree& settings_map, build::RunSettings& settings, const std::string& file) {
    const y::Context ctx{file, {}};
    const YAML::Node node = to_checked_yaml(settings_map, ctx);
    y::check_keys(node, "", ctx, {"dt", "duration", "solver", "time_unit"});
    detail::parse_settings(node, ctx, settings, false);
}

build::Population population_from_tree(const std::string& name, const Tree& population, const build::Network& net,
                                       const std::string& file, const fs::path& base_dir) {
    const y::Context ctx{file, base_dir};
    const YAML::Node key(name);
    detail::check_network_name(name, key, y::child("populations", name), ctx);
    PopulationSpec geometry;
    return detail::parse_population(name, key, to_checked_yaml(population, ctx), ctx, net.seed(), net.populations().size(), geometry);
}

build::Connectivity rule_connectivity_from_tree(const Tree& pieces, const std::string& source, const std::string& target,
                                                const build::Network& net, const std::string& file) {
    const y::Context ctx{file, {}};
    std::string source_pop, target_pop;
    const build::Population& s = population_of(YAML::Node(source), "source", ctx, net, source_pop);
    const build::Population& t = population_of(YAML::Node(target), "target", ctx, net, target_pop);
    const YAML::Node node = to_checked_yaml(pieces, ctx);
    y::check_keys(node, "", ctx, schema::connection_keys());
    build::Connectivity c =
        detail::parse_rule_connectivity(node, "", ctx, source_pop == target_pop, geometry_of(s), geometry_of(t));
    c.source = source;
    c.target = target;
    return c;
}

build::ExternalInput input_from_tree(const Tree& input, const build::Network& net, const std::string& file,
                                     const fs::path& base_dir) {
    const y::Context ctx{file, base_dir};
    return detail::parse_input(to_checked_yaml(input, ctx), "", ctx, net);
}

sim::Input input_form_from_tree(const Tree& form, index_t width, const std::string& file, const fs::path& base_dir) {
    const y::Context ctx{file, base_dir};
    const YAML::Node node = to_checked_yaml(form, ctx);
    y::check_keys(node, "", ctx, {"value", "file", "sine", "step", "poisson"});
    return detail::parse_input_form(node, "", ctx, width);
}

void record_from_tree(const Tree& record, build::Network& net, const std::string& file) {
    const y::Context ctx{file, {}};
    detail::parse_record(to_checked_yaml(record, ctx), ctx, net);
}

build::UnitValues unit_values_from_tree(const Tree& value, const std::string& key_path, index_t n, const std::string& file,
                                        const fs::path& base_dir) {
    const y::Context ctx{file, base_dir};
    return detail::parse_unit_values(to_checked_yaml(value, ctx), key_path, ctx, n);
}

}  // namespace neurowire::spec
