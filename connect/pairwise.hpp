#pragma once
// Rules whose degrees are known only after drawing: pairwise_bernoulli (p, or p·K(d)) and
// all_to_all within a mask (Bernoulli with p = 1).
#include <cstdint>

#include "connect/connectome.hpp"
#include "connect/problem.hpp"
#include "connect/spec.hpp"

namespace neurowire::connect {

Connectome draw_pairwise(const Problem& p, const Projection& projection, double probability, seed_t seed,
                         std::uint64_t projection_index);

Connectome draw_one_to_one(const Problem& p, const Projection& projection, seed_t seed,
                           std::uint64_t projection_index);

}  // namespace neurowire::connect
