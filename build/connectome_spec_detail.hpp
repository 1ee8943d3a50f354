#pragma once
// Internals shared by the connectome spec's source files; not part of the public interface.
#include <filesystem>
#include <string>

#include <yaml-cpp/yaml.h>

#include "build/yaml_util.hpp"
#include "spatial/positions.hpp"

namespace neurowire::build::detail {

// Reads a positions file (.csv or .npy, one row per neuron) for a spec; any failure becomes a
// config_error at `node` (the `path:` value) naming the file and what went wrong.
spatial::Positions read_positions_for_spec(const std::filesystem::path& file, const YAML::Node& node,
                                           const std::string& key_path, const yaml::Context& ctx);

// Population and projection names become file names (DIR/<name>.npz) and `pop/var` references:
// letters, digits, '_' and '-', not starting with '-'.
void check_name(const std::string& name, const YAML::Node& node, const std::string& key_path,
                const yaml::Context& ctx);

}  // namespace neurowire::build::detail
