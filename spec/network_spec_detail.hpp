#pragma once
// Pieces of the network spec parser shared by its source files; not a public interface.
#include <string>

#include <yaml-cpp/yaml.h>

#include "build/network.hpp"
#include "build/unit_values.hpp"
#include "spec/yaml_util.hpp"
#include "core/error.hpp"

namespace neurowire::spec::detail {

// A config_error raised without a file (by Network, Population, the template loader …) gets the
// spec's file and the line:column of `node`; errors that already name a file pass unchanged.
[[noreturn]] void rethrow_at(const config_error& e, const YAML::Node& node, const yaml::Context& ctx);

// A per-unit value: a number, a list of `n` numbers, {file: x.npy} (read now), or a
// distribution map {kind: uniform|normal|lognormal, …}.
build::UnitValues parse_unit_values(const YAML::Node& node, const std::string& path, const yaml::Context& ctx, index_t n);

// `inputs:` and `record:` sections, resolved against the populations already in `net`.
void parse_inputs(const YAML::Node& node, const yaml::Context& ctx, build::Network& net);
void parse_record(const YAML::Node& node, const yaml::Context& ctx, build::Network& net);

// "pop/var" naming a population of `net`: errors at `node`.
build::VarRef parse_var_ref(const YAML::Node& node, const std::string& path, const yaml::Context& ctx, const build::Network& net);

}  // namespace neurowire::spec::detail
