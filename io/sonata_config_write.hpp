#pragma once
// The two JSON configs of a SONATA folder (internal to io/, used by write_sonata).
#include <string>
#include <vector>

#include "io/sonata.hpp"

namespace neurowire::io::detail {

// circuit_config.json: for NEST (alone or with simulation_config.json as sim_config), libsonata,
// PyNN. "$BASE_DIR": "." is the config's folder for NEST and libsonata.
// `target_simulator`, when not empty, is written too (PyNN reads it from the circuit config).
std::string circuit_config_json(const std::vector<SonataPopulation>& populations,
                                const std::vector<SonataProjection>& projections, const std::string& target_simulator = "");

// simulation_config.json: the same network plus run, output and target_simulator, for BMTK (which
// resolves "." against the working directory, hence ${configdir}) and for NEST as sim_config.
std::string simulation_config_json(const std::vector<SonataPopulation>& populations,
                                   const std::vector<SonataProjection>& projections, const SonataRunSettings& run,
                                   double dt_ms, const SonataWriteOptions& options = {});

// node_sets.json: one node set per population, {"E": {"population": "E"}}.
std::string node_sets_json(const std::vector<SonataPopulation>& populations);

// libsonata's population type of a node population's model_type.
std::string libsonata_node_type(const std::string& model_type);

}  // namespace neurowire::io::detail
