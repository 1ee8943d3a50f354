#pragma once
// Index types shared by every module.
#include <cstddef>
#include <cstdint>

namespace neurowire {

using index_t = std::uint32_t;   // a neuron within its population
using edge_t = std::uint64_t;    // a row of an edge table (can exceed 2^32)
using seed_t = std::uint64_t;

}  // namespace neurowire
