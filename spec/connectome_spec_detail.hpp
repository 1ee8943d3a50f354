#pragma once
// The YAML-level pieces of the connectome spec, shared with the network spec's parser; private
// to spec/ (not installed):
//   parse_positions()          a population's `positions:` map
//   parse_connection()         the rule/kernel/mask/weight/delay keys of a projection map
//   validate_connection()      the checks that need both populations (k vs sizes, positions, dims)
//   parse_population_size()    `size:` (with a positions file, the file decides)
#include <filesystem>
#include <string>

#include <yaml-cpp/yaml.h>

#include "spec/yaml_util.hpp"
#include "spatial/positions.hpp"
#include "spec/connectome_spec.hpp"

namespace neurowire::spec {

// The whole spec from a parsed document.
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

// Checks that need both populations: one_to_one sizes, k / n against the partners there are,
// per-neuron k lengths, kernels/masks/distance values need positions of equal dims on both sides,
// periodic boxes must agree, box masks match the dims. Errors point into `proj`.
void validate_connection(const connect::Projection& projection, const YAML::Node& proj,
                         const std::string& proj_path, const yaml::Context& ctx,
                         const PopulationSpec& source, const PopulationSpec& target);

}  // namespace neurowire::spec

namespace neurowire::spec::detail {

// Reads a positions file (.csv or .npy, one row per neuron) for a spec; any failure becomes a
// config_error at `node` (the `path:` value) naming the file and what went wrong.
spatial::Positions read_positions_for_spec(const std::filesystem::path& file, const YAML::Node& node,
                                           const std::string& key_path, const yaml::Context& ctx);

// Population and projection names become file names (DIR/<name>.npz) and `pop/var` references:
// letters, digits, '_' and '-', not starting with '-'.
void check_name(const std::string& name, const YAML::Node& node, const std::string& key_path,
                const yaml::Context& ctx);

}  // namespace neurowire::spec::detail
