#pragma once
// Pieces of the network spec parser shared by its source files; not a public interface.
#include <string>

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <optional>

#include "build/network.hpp"
#include "build/unit_values.hpp"
#include "connect/spec.hpp"
#include "core/error.hpp"
#include "spec/connectome_spec.hpp"
#include "spec/yaml_util.hpp"

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
// One entry of `inputs:` (`path` e.g. "inputs[2]").
build::ExternalInput parse_input(const YAML::Node& in, const std::string& path, const yaml::Context& ctx,
                                 const build::Network& net);
// The form keys of an input map (value, file, sine, step, poisson: exactly one of them) for
// `width` units; other keys are the caller's to check.
sim::Input parse_input_form(const YAML::Node& in, const std::string& path, const yaml::Context& ctx, index_t width);

// The whole network spec from a parsed document.
build::Network parse_network_root(const YAML::Node& root, const yaml::Context& ctx, std::optional<seed_t> seed,
                                  const connect::Options& draw_options);
// dt, duration and solver of a map (duration required only when `require_duration`).
void parse_settings(const YAML::Node& root, const yaml::Context& ctx, build::RunSettings& settings, bool require_duration);

// Population and projection names: letters, digits, '_' and '-'.
void check_network_name(const std::string& name, const YAML::Node& node, const std::string& path,
                        const yaml::Context& ctx);
// The map of population `name` (`key` its key node, for the line) → the Population, with its
// positions drawn from stream `index` of `seed`; `geometry` receives what the projection checks need.
build::Population parse_population(const std::string& name, const YAML::Node& key, const YAML::Node& pop,
                                   const yaml::Context& ctx, seed_t seed, std::size_t index, PopulationSpec& geometry);
// The connection rule of a projection map without `weights:` (rule, kernel, mask, weight, delay
// under `path`), checked against both populations; a constant delay becomes the projection's one
// delay instead of a value drawn per connection.
build::Connectivity parse_rule_connectivity(const YAML::Node& proj, const std::string& path, const yaml::Context& ctx,
                                            bool same_population, const PopulationSpec& source,
                                            const PopulationSpec& target);

// "pop/var" naming a population of `net`: errors at `node`.
build::VarRef parse_var_ref(const YAML::Node& node, const std::string& path, const yaml::Context& ctx, const build::Network& net);

}  // namespace neurowire::spec::detail
