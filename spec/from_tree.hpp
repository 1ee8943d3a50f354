#pragma once
// Specs given as value trees (spec/tree.hpp) instead of YAML text: the Python package's dicts.
// Every entry point converts the tree to YAML and runs the YAML spec's own parser, so a dict is
// validated exactly as the same structure written in a spec file, with the same messages. Nodes
// built from trees have no line numbers: messages name `file` (for a whole spec "<dict>"; empty
// for pieces, whose key paths name the argument, e.g. "rule.k") and the key path.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "build/network.hpp"
#include "build/population.hpp"
#include "build/unit_values.hpp"
#include "connect/spec.hpp"
#include "core/types.hpp"
#include "sim/program.hpp"
#include "spatial/positions.hpp"
#include "spec/connectome_spec.hpp"
#include "spec/tree.hpp"

namespace neurowire::spec {

namespace fs = std::filesystem;

// --- whole specs (SPEC.md "Connectome spec", "Network spec") ---

// Relative paths in the tree (positions files, .npy values, templates) resolve against base_dir.
ConnectomeSpec connectome_spec_from_tree(const Tree& root, const std::string& file = "<dict>",
                                         const fs::path& base_dir = {});
build::Network network_from_tree(const Tree& root, std::optional<seed_t> seed = std::nullopt,
                                 const std::string& file = "<dict>", const fs::path& base_dir = {},
                                 const connect::Options& draw_options = {});

// --- pieces ---

// A `positions:` map (grid, uniform, gaussian, ball, file) for `size` neurons — none: the file's
// rows or the grid's shape decide — drawn from stream `stream` of `seed` (a spec draws
// population i from stream i). Key paths are those inside the map ("extent[0]").
spatial::Positions positions_from_tree(const Tree& positions, std::optional<index_t> size, seed_t seed,
                                       std::uint64_t stream, const std::string& file = "",
                                       const fs::path& base_dir = {});

// An `extent:` list of axes [low, high] with optional `periodic:` (true/false, or one per axis),
// as a uniform positions map has them. Key paths "extent[0]", "periodic".
spatial::Extent extent_from_tree(const Tree& extent, const Tree& periodic, const std::string& file = "");

// Population and projection names become file names and `pop/var` references: letters, digits,
// '_' and '-', not starting with '-'; config_error at `key_path` otherwise.
void check_name(const std::string& name, const std::string& key_path, const std::string& file = "");

// What the checks of a projection need to know of a population: its size, and the dimension,
// box and periodic axes of its positions (none when `positions` is null).
PopulationSpec population_geometry(const std::string& name, index_t size, const spatial::Positions* positions);

// A map with any of the keys rule, kernel, mask, weight, delay (a projection's connection, key
// paths "rule.k", "kernel.sigma"), checked against both populations as a spec's projection is.
connect::Projection connection_from_tree(const Tree& pieces, const PopulationSpec& source, const PopulationSpec& target,
                                         bool same_population, const std::string& file = "");

// --- a network built piece by piece (the Python Network) ---

// A map with any of dt, duration, solver, applied over `settings`.
void settings_from_tree(const Tree& settings_map, build::RunSettings& settings, const std::string& file = "");

// The map of population `name` of a network spec ({model | function, size, params, init,
// positions}); positions are drawn with the network's seed from the stream of the index the
// population will have in `net`. Key paths "populations.<name>.params.tau".
build::Population population_from_tree(const std::string& name, const Tree& population, const build::Network& net,
                                       const std::string& file = "", const fs::path& base_dir = {});

// A projection drawn by a rule: `pieces` as for connection_from_tree, source and target
// "pop/var" of populations in `net`. A constant delay becomes the projection's one delay, as in
// a network spec. The Connectivity has its source and target set.
build::Connectivity rule_connectivity_from_tree(const Tree& pieces, const std::string& source, const std::string& target,
                                                const build::Network& net, const std::string& file = "");

// An entry of a network spec's `inputs:` ({target, units, value | file | sine | step | poisson}).
build::ExternalInput input_from_tree(const Tree& input, const build::Network& net, const std::string& file = "",
                                     const fs::path& base_dir = {});
// Only the form keys (value | file | sine | step | poisson) of an input for `width` units.
sim::Input input_form_from_tree(const Tree& form, index_t width, const std::string& file = "",
                                const fs::path& base_dir = {});

// A network spec's `record:` map ({variables, spikes}), added to `net`.
void record_from_tree(const Tree& record, build::Network& net, const std::string& file = "");

// A per-unit value of params or init: a number, a list, {file: x.npy} or a distribution;
// `key_path` names it in errors.
build::UnitValues unit_values_from_tree(const Tree& value, const std::string& key_path, index_t n,
                                        const std::string& file = "", const fs::path& base_dir = {});

}  // namespace neurowire::spec
