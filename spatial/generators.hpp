#pragma once
// Position generators. Each is reproducible from (seed, population): neuron i draws from its own
// stream rng::stream(seed, purpose::positions, population, i), so results do not depend on threads.
#include <cstdint>
#include <vector>

#include "core/types.hpp"
#include "spatial/positions.hpp"

namespace neurowire::spatial {

// Regular grid with counts[a] points on axis a, cell-centred in the extent
// (x = low + (i + 0.5)·side/count), ordered with axis 0 fastest.
Positions grid(const std::vector<index_t>& counts, const Extent& extent);
// Grid of n points: counts chosen proportional to the sides so that their product is exactly n;
// config_error if n cannot be factored onto the extent (e.g. n = 7 on a square).
Positions grid(index_t n, const Extent& extent);

Positions uniform_box(index_t n, const Extent& extent, seed_t seed, std::uint64_t population);
// Uniform in a disk (2-D) or ball (3-D) or segment (1-D) of `radius` around `center`.
Positions uniform_ball(index_t n, const arma::vec& center, double radius, seed_t seed, std::uint64_t population);
// Gaussian cloud: axis a ~ N(mean[a], std[a]). The extent is the bounding box, never periodic.
Positions gaussian(index_t n, const arma::vec& mean, const arma::vec& std, seed_t seed, std::uint64_t population);

}  // namespace neurowire::spatial
