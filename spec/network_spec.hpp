#pragma once
// The network spec of SPEC.md ("Network spec") → a Network ready to compile and run: the
// connectome spec's populations and projections plus models, per-unit values, inputs,
// recordings and run settings. Every error names file, line:column, key path, found and allowed;
// unknown keys are errors. The format is documented in docs/network-spec.md.
#include <filesystem>
#include <optional>
#include <string>

#include "build/network.hpp"
#include "connect/spec.hpp"
#include "core/types.hpp"

namespace neurowire::spec {

// `seed` overrides the spec's seed (the CLI's --seed). Relative paths in the spec (templates,
// .npy files, connectomes, positions) resolve against the spec file's folder.
build::Network load_network(const std::filesystem::path& file, std::optional<seed_t> seed = std::nullopt);
// The same, drawing the connection rules with `draw_options` (threads, a stop flag).
build::Network load_network(const std::filesystem::path& file, std::optional<seed_t> seed,
                            const connect::Options& draw_options);

// The same from YAML text; `file` names it in messages, `base_dir` resolves relative paths.
build::Network parse_network(const std::string& yaml_text, std::optional<seed_t> seed = std::nullopt,
                      const std::string& file = "<string>", const std::filesystem::path& base_dir = {});

// True when the YAML file is a network spec (it names models or run settings), false for a
// connectome spec. Errors only when the file cannot be read or parsed as YAML.
bool is_network_spec_file(const std::filesystem::path& file);

}  // namespace neurowire::spec
