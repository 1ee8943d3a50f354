#pragma once
// The entry point of the connect module: one projection's connectome from its rule.
//
// Exact: kernel-weighted partners are drawn with probability exactly K(d_j)/ΣK (pairwise
// Bernoulli: exactly p·K(d)), whatever the kernel width — see connect/sampler_near_far.hpp and connect/sampler_buckets.hpp.
// Reproducible: every neuron draws from its own keyed stream rng::stream(seed, purpose::connect,
// projection_index, neuron) (weights and delays from purpose::weight / purpose::delay), so the
// result is byte-identical for any thread count and block size.
#include <cstdint>

#include "connect/connectome.hpp"
#include "connect/spec.hpp"
#include "core/types.hpp"
#include "spatial/positions.hpp"

namespace neurowire::connect {

// Positions may be null when no kernel, mask or distance-dependent value needs them.
// Throws config_error (key_path relative to the projection, e.g. "kernel.sigma") for an invalid
// projection, memory_error when the result would not fit in memory.
Connectome generate(const spatial::Positions* source, const spatial::Positions* target, index_t n_source,
                    index_t n_target, const Projection& projection, seed_t seed, std::uint64_t projection_index,
                    const Options& options = {});

// The checks generate() runs first, on their own.
void validate(const spatial::Positions* source, const spatial::Positions* target, index_t n_source,
              index_t n_target, const Projection& projection, const Options& options);

}  // namespace neurowire::connect
