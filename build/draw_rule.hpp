#pragma once
// Draws a connection rule of the connect module into a Connectome: the one place build/ calls
// the samplers, so the key of the random streams (seed, projection index) is chosen here only.
#include <cstddef>

#include "build/population.hpp"
#include "connect/connectome.hpp"
#include "connect/spec.hpp"
#include "core/types.hpp"

namespace neurowire::build {

// `key_path` names the projection in errors (e.g. "projections[2]"); positions are required
// of both populations when the rule uses distance (kernel, mask, distance weight or delay).
connect::Connectome draw_rule(const connect::Projection& rule, const Population& source, const Population& target,
                              seed_t seed, std::size_t projection_index, const std::string& key_path,
                              const connect::Options& options = {});

}  // namespace neurowire::build
