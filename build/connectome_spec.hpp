#pragma once
// The connectome spec of SPEC.md ("Connectome spec (YAML)") → validated plain structs.
//
// Owner: the CLI/spec engineer (files build/connectome_spec*.{hpp,cpp}, build/yaml_util.*,
// build/spec_*.{hpp,cpp}). The network spec extends this one; its parser reuses the pieces below:
//   parse_positions()          a population's `positions:` map
//   parse_connection()         the rule/kernel/mask/weight/delay keys of a projection map
//   validate_connection()      the checks that need both populations (k vs sizes, positions, dims)
//   parse_population_size()    `size:` (with a positions file, the file decides)
// Every function throws neurowire::config_error with file, line:column and key path.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "build/yaml_util.hpp"
#include "connect/spec.hpp"
#include "core/types.hpp"
#include "spatial/positions.hpp"

namespace neurowire::build {

enum class positions_kind { none, grid, uniform, gaussian, ball, file };

// How a population's positions are made. `dims` is 0 for `none`.
struct PositionsSpec {
    positions_kind kind = positions_kind::none;
    std::size_t dims = 0;
    // grid, uniform: the box; periodic per axis (all false when not given)
    std::vector<double> low, high;
    std::vector<bool> periodic;
    std::vector<index_t> shape;         // grid: optional points per axis (product = size)
    std::vector<double> mean, std;      // gaussian
    std::vector<double> center;         // ball (uniform in a segment/disk/ball)
    double radius = 0.0;
    std::filesystem::path path;         // file: absolute or relative to the working directory
    spatial::Positions loaded;          // file: read while parsing (its size is the population's)

    bool present() const { return kind != positions_kind::none; }
    bool any_periodic() const {
        for (bool p : periodic) if (p) return true;
        return false;
    }
};

struct PopulationSpec {
    std::string name;
    index_t size = 0;
    PositionsSpec positions;
    std::size_t line = 0;               // 1-based, for later messages
};

struct ProjectionSpec {
    std::string name;                   // default "<source>_to_<target>"
    std::string source, target;
    std::size_t source_index = 0, target_index = 0;   // into ConnectomeSpec::populations
    connect::Projection projection;     // projection.name == name
    std::size_t line = 0;
};

struct ConnectomeSpec {
    std::string file;                   // as given, for messages
    seed_t seed = 0;
    std::vector<PopulationSpec> populations;    // in file order
    std::vector<ProjectionSpec> projections;    // in file order; the index keys the RNG streams

    // Index of the population called `name`, or nullopt.
    std::optional<std::size_t> find_population(const std::string& name) const;
};

// Whole-spec entry points.
ConnectomeSpec parse_connectome_spec(const std::filesystem::path& file);
ConnectomeSpec parse_connectome_spec(const YAML::Node& root, const yaml::Context& ctx);

// --- reusable pieces (the network spec uses these) ---

// `positions:` of a population; `path` is its key path (e.g. "populations.exc.positions").
// For kind `file` the file is read here, so its row count and columns are known.
PositionsSpec parse_positions(const YAML::Node& node, const std::string& path, const yaml::Context& ctx);

// The size of a population map: `size:` if present; with a positions file the file's row count,
// and a `size:` that disagrees with it is an error. `pop_path` is e.g. "populations.exc".
index_t parse_population_size(const YAML::Node& pop, const std::string& pop_path, const yaml::Context& ctx,
                              const PositionsSpec& positions);

// Pieces of a projection map; `path` is the key path of the piece itself.
connect::Rule parse_rule(const YAML::Node& node, const std::string& path, const yaml::Context& ctx);
connect::Kernel parse_kernel(const YAML::Node& node, const std::string& path, const yaml::Context& ctx);
connect::Mask parse_mask(const YAML::Node& node, const std::string& path, const yaml::Context& ctx);
connect::Value parse_weight(const YAML::Node& node, const std::string& path, const yaml::Context& ctx);
connect::Value parse_delay(const YAML::Node& node, const std::string& path, const yaml::Context& ctx);

// The keys of a projection map that describe the connection itself: rule (default all_to_all),
// kernel, mask, weight (default 1), delay (default 0). Other keys are the caller's to check.
// `proj_path` is e.g. "projections[2]".
connect::Projection parse_connection(const YAML::Node& proj, const std::string& proj_path, const yaml::Context& ctx);
// The key names parse_connection() reads, for the caller's check_keys().
const std::vector<std::string>& connection_keys();

// Checks that need both populations: one_to_one sizes, k / n against the partners there are,
// per-neuron k lengths, kernels/masks/distance values need positions of equal dims on both sides,
// periodic boxes must agree, box masks match the dims. Errors point into `proj`.
void validate_connection(const connect::Projection& projection, const YAML::Node& proj,
                         const std::string& proj_path, const yaml::Context& ctx,
                         const PopulationSpec& source, const PopulationSpec& target);

// True when the projection needs positions (a kernel, a mask, a distance weight or delay).
bool uses_distance(const connect::Projection& projection);

}  // namespace neurowire::build
