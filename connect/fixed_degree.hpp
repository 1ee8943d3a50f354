#pragma once
// Drivers of the rules whose degrees are known before any partner is drawn.
#include <cstdint>
#include <vector>

#include "connect/connectome.hpp"
#include "connect/problem.hpp"
#include "connect/spec.hpp"

namespace neurowire::connect {

int thread_count(const Options& options);

// For every query q: offset[q+1] − offset[q] partners (sorted) into partners[offset[q]...], with
// their weights and delays. Queries run in parallel groups; each uses only its own streams.
void draw_fixed_degrees(const Problem& p, const Projection& projection, const std::vector<edge_t>& offset,
                        seed_t seed, std::uint64_t projection_index, index_t* partners, float* weight,
                        float* delay);

// fixed_outdegree (degrees per source) and fixed_indegree (degrees per target, then a counting
// sort into (source, target) order).
Connectome draw_by_outdegree(const Problem& p, const Projection& projection, const std::vector<std::uint64_t>& degree,
                             seed_t seed, std::uint64_t projection_index);
Connectome draw_by_indegree(const Problem& p, const Projection& projection, const std::vector<std::uint64_t>& degree,
                            seed_t seed, std::uint64_t projection_index);

// fixed_total_number: the split of n over source neurons (purpose::total_number stream).
std::vector<std::uint64_t> split_total_number(const Problem& p, const Projection& projection, seed_t seed,
                                              std::uint64_t projection_index);

}  // namespace neurowire::connect
