#pragma once
// Contiguous blocks of a population's units, one per thread.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/types.hpp"
#include "sim/program.hpp"

namespace neurowire::sim {

struct Block {
    index_t begin = 0, end = 0;
    index_t size() const { return end - begin; }
};

// `n` units in `parts` ascending blocks of nearly equal size covering [0, n), every boundary a
// multiple of chunk_size (the interpreter's chunks then never straddle two blocks, and each
// block starts on a cache line); with fewer chunks than parts some blocks are empty.
inline std::vector<Block> split_units(index_t n, int parts) {
    const auto count = static_cast<std::uint64_t>(parts < 1 ? 1 : parts);
    std::vector<Block> out(count);
    const std::uint64_t chunks = (static_cast<std::uint64_t>(n) + chunk_size - 1) / chunk_size;
    index_t begin = 0;
    for (std::uint64_t t = 0; t < count; ++t) {
        const std::uint64_t end_chunk = chunks * (t + 1) / count;
        const auto end = static_cast<index_t>(std::min<std::uint64_t>(end_chunk * chunk_size, n));
        out[t] = {begin, std::max(begin, end)};
        begin = out[t].end;
    }
    out.back().end = n;
    return out;
}

}  // namespace neurowire::sim
