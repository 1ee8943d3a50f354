#pragma once
// Puts edges read from a text file into (source, target) order, keeping repeated pairs in file
// order (internal to io/). A comparison sort, not connect's counting sort: a file may declare
// populations of 2^32 neurons with a handful of edges, and the cost must follow the edges.
#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

#include "connect/connectome.hpp"

namespace neurowire::io {

inline void sort_edges(connect::Connectome& c) {
    if (c.is_sorted()) return;
    const std::size_t n = c.source.size();
    std::vector<std::uint64_t> key(n);
    for (std::size_t k = 0; k < n; ++k) key[k] = (std::uint64_t{c.source[k]} << 32) | c.target[k];
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key[a] < key[b]; });
    const auto permute = [&](auto& v) {
        auto out = v;
        for (std::size_t k = 0; k < n; ++k) out[k] = v[order[k]];
        v = std::move(out);
    };
    permute(c.source);
    permute(c.target);
    permute(c.weight);
    permute(c.delay);
}

}  // namespace neurowire::io
