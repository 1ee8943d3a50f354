// The `positions:` map of a population and the population's size.
#include <limits>
#include <string>

#include "spec/connectome_spec.hpp"
#include "spec/schema.hpp"
#include "spec/connectome_spec_detail.hpp"
#include "spatial/format.hpp"

namespace neurowire::spec {

namespace y = yaml;

namespace {

using spatial::number_text;

void parse_extent(const YAML::Node& node, const std::string& path, const y::Context& ctx, PositionsSpec& spec) {
    if (!node.IsSequence() || node.size() < 1 || node.size() > 3)
        y::fail(node, path, ctx, "a list of 1 to 3 axes [low, high] (the dimension is their number)",
                node.IsSequence() ? std::to_string(node.size()) + " axes" : y::describe(node));
    for (std::size_t a = 0; a < node.size(); ++a) {
        const std::string axis_path = y::item(path, a);
        const auto bounds = y::get_double_list(node[a], axis_path, ctx, 2, 2);
        if (!(bounds[0] < bounds[1]))
            y::fail(node[a], axis_path, ctx, "[low, high] with low < high",
                    "[" + number_text(bounds[0]) + ", " + number_text(bounds[1]) + "]");
        spec.low.push_back(bounds[0]);
        spec.high.push_back(bounds[1]);
    }
    spec.dims = node.size();
}

void parse_periodic(const YAML::Node& map, const std::string& path, const y::Context& ctx, PositionsSpec& spec) {
    spec.periodic.assign(spec.dims, false);
    const YAML::Node node = y::optional(map, "periodic");
    if (!node) return;
    const std::string p = y::child(path, "periodic");
    // A single boolean applies to every axis: `periodic: true` on a square is the common case.
    if (node.IsScalar()) {
        spec.periodic.assign(spec.dims, y::get_bool(node, p, ctx));
        return;
    }
    if (!node.IsSequence() || node.size() != spec.dims)
        y::fail(node, p, ctx, "true/false or a list of " + std::to_string(spec.dims) + " (one per axis of extent)",
                node.IsSequence() ? "a list of " + std::to_string(node.size()) : y::describe(node));
    spec.periodic = y::get_bool_list(node, p, ctx, spec.dims, spec.dims);
}

void parse_shape(const YAML::Node& map, const std::string& path, const y::Context& ctx, PositionsSpec& spec) {
    const YAML::Node node = y::optional(map, "shape");
    if (!node) return;
    const std::string p = y::child(path, "shape");
    if (!node.IsSequence() || node.size() != spec.dims)
        y::fail(node, p, ctx, "a list of " + std::to_string(spec.dims) + " point counts (one per axis of extent)",
                node.IsSequence() ? "a list of " + std::to_string(node.size()) : y::describe(node));
    for (std::size_t a = 0; a < node.size(); ++a) {
        const std::uint64_t count = y::get_uint(node[a], y::item(p, a), ctx);
        if (count == 0 || count > std::numeric_limits<index_t>::max())
            y::fail(node[a], y::item(p, a), ctx, "a point count >= 1");
        spec.shape.push_back(static_cast<index_t>(count));
    }
}

}  // namespace

PositionsSpec parse_positions(const YAML::Node& node, const std::string& path, const y::Context& ctx) {
    PositionsSpec spec;
    y::require_map(node, path, ctx);
    const std::string kind_path = y::child(path, "kind");
    const std::string kind =
        y::get_choice(y::require(node, path, ctx, "kind"), kind_path, ctx, schema::choices("positions"));

    if (kind == "grid" || kind == "uniform") {
        spec.kind = kind == "grid" ? positions_kind::grid : positions_kind::uniform;
        y::check_keys(node, path, ctx, schema::keys("positions." + kind));
        parse_extent(y::require(node, path, ctx, "extent"), y::child(path, "extent"), ctx, spec);
        parse_periodic(node, path, ctx, spec);
        if (kind == "grid") parse_shape(node, path, ctx, spec);
    } else if (kind == "gaussian") {
        spec.kind = positions_kind::gaussian;
        y::check_keys(node, path, ctx, schema::keys("positions.gaussian"));
        const std::string mean_path = y::child(path, "mean"), std_path = y::child(path, "std");
        spec.mean = y::get_double_list(y::require(node, path, ctx, "mean"), mean_path, ctx, 1, 3);
        spec.dims = spec.mean.size();
        const YAML::Node std_node = y::require(node, path, ctx, "std");
        spec.std = y::get_double_list(std_node, std_path, ctx, spec.dims, spec.dims);
        for (std::size_t a = 0; a < spec.dims; ++a)
            if (!(spec.std[a] > 0.0)) y::fail(std_node[a], y::item(std_path, a), ctx, "a standard deviation > 0");
    } else if (kind == "ball") {
        spec.kind = positions_kind::ball;
        y::check_keys(node, path, ctx, schema::keys("positions.ball"));
        spec.center = y::get_double_list(y::require(node, path, ctx, "center"), y::child(path, "center"), ctx, 1, 3);
        spec.dims = spec.center.size();
        spec.radius = y::get_positive(y::require(node, path, ctx, "radius"), y::child(path, "radius"), ctx);
    } else {
        spec.kind = positions_kind::file;
        y::check_keys(node, path, ctx, schema::keys("positions.file"));
        const YAML::Node path_node = y::require(node, path, ctx, "path");
        const std::string file_key = y::child(path, "path");
        const std::filesystem::path given = y::get_string(path_node, file_key, ctx);
        spec.path = given.is_absolute() ? given : ctx.base_dir / given;
        spec.loaded = detail::read_positions_for_spec(spec.path, path_node, file_key, ctx);
        spec.dims = spec.loaded.dims();
    }
    return spec;
}

index_t parse_population_size(const YAML::Node& pop, const std::string& pop_path, const y::Context& ctx,
                              const PositionsSpec& positions) {
    const YAML::Node size_node = y::optional(pop, "size");
    const std::string size_path = y::child(pop_path, "size");
    std::uint64_t size = 0;
    if (size_node) {
        const std::int64_t value = y::get_int(size_node, size_path, ctx);
        if (value <= 0 || static_cast<std::uint64_t>(value) > std::numeric_limits<index_t>::max())
            y::fail(size_node, size_path, ctx, "a number of neurons from 1 to 4294967295");
        size = static_cast<std::uint64_t>(value);
    }
    if (positions.kind == positions_kind::file) {
        const std::uint64_t rows = positions.loaded.size();
        if (size_node && size != rows)
            y::fail(size_node, size_path, ctx,
                    "the number of rows of the positions file " + positions.path.string() + " (" +
                        std::to_string(rows) + "), or no size at all",
                    std::to_string(size));
        if (rows == 0) y::fail(pop, y::child(pop_path, "positions.path"), ctx, "a positions file with at least one row", "none");
        return static_cast<index_t>(rows);
    }
    if (!size_node) y::fail(pop, size_path, ctx, "a value for the required key 'size' (the number of neurons)", "none");
    if (positions.kind == positions_kind::grid && !positions.shape.empty()) {
        std::uint64_t product = 1;
        for (index_t c : positions.shape) product *= c;
        if (product != size)
            y::fail(size_node, size_path, ctx,
                    "the product of positions.shape (" + std::to_string(product) + ")", std::to_string(size));
    }
    return static_cast<index_t>(size);
}

}  // namespace neurowire::spec
