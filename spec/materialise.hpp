#pragma once
// Turns a validated ConnectomeSpec into data: positions per population and a connectome per
// projection. Pure functions of (spec, seed): population i draws its positions from the streams
// keyed (seed, i), projection j its edges from (seed, j), so the output is the same for any
// thread count.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "spec/connectome_spec.hpp"
#include "connect/connectome.hpp"
#include "connect/spec.hpp"
#include "connect/source_blocks.hpp"
#include "spatial/positions.hpp"

namespace neurowire::spec {

using PositionsList = std::vector<std::optional<spatial::Positions>>;   // one per population

// Positions of one population (nullopt when it has none). Errors of the generators (e.g. a grid
// size that does not factor onto the extent) come back as config_errors at the population.
std::optional<spatial::Positions> make_positions(const ConnectomeSpec& spec, std::size_t population, seed_t seed);
// The same for one population on its own, drawing from stream `stream` (a spec's population
// index); errors name `file` and `key_path` (the positions map, e.g. "populations.exc.positions").
std::optional<spatial::Positions> make_positions(const PopulationSpec& population, seed_t seed, std::uint64_t stream,
                                                 const std::string& file, const std::string& key_path);
PositionsList make_all_positions(const ConnectomeSpec& spec, seed_t seed);

// The connectome of projection `projection`, given every population's positions.
connect::Connectome make_connectome(const ConnectomeSpec& spec, std::size_t projection, const PositionsList& positions,
                                    seed_t seed, const connect::Options& options);
// The same projection to be drawn in blocks of sources (rules connect::SourceBlocks supports),
// with errors at the projection as make_connectome() gives them.
connect::SourceBlocks make_source_blocks(const ConnectomeSpec& spec, std::size_t projection, const PositionsList& positions,
                                         seed_t seed, const connect::Options& options);

}  // namespace neurowire::spec
