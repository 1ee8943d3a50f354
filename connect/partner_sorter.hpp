#pragma once
// Sorting one neuron's drawn partners, the step after every fixed-degree draw.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/types.hpp"

namespace neurowire::connect {

// Sorts one neuron's partners ascending. A neuron draws ~100 partners, where std::sort's
// mispredicted branches cost more than one counting pass into buckets over the partners' own
// index range (about 1.25 buckets per partner, so most hold zero or one) and an insertion sort.
// Bucketing the range, not the top bits of the index, keeps partners apart also where indices
// follow space (grid positions), whose partners cluster in a narrow index range.
// Integers sort to the same sequence either way.
class PartnerSorter {
public:
    void sort(index_t* out, std::uint64_t k) {
        if (k < 32 || k > (1u << 24)) {
            std::sort(out, out + k);
            return;
        }
        index_t low = out[0], high = out[0];
        for (std::uint64_t i = 1; i < k; ++i) {
            low = std::min(low, out[i]);
            high = std::max(high, out[i]);
        }
        // bucket(v) = ⌊(v − low)·buckets/(high − low + 1)⌋, as a multiply and a shift.
        const std::uint64_t buckets = k + k / 4;
        const std::uint64_t span = std::uint64_t{high} - low + 1;
        const std::uint64_t scale = (buckets << 32) / span;   // rounded down: bucket(high) < buckets
        auto bucket = [&](index_t v) { return (std::uint64_t{v - low} * scale) >> 32; };
        start_.assign(buckets + 1, 0);
        for (std::uint64_t i = 0; i < k; ++i) ++start_[bucket(out[i]) + 1];
        std::uint32_t fullest = 0;
        for (std::size_t b = 0; b < buckets; ++b) {
            fullest = std::max(fullest, start_[b + 1]);
            start_[b + 1] += start_[b];
        }
        if (fullest > 32) {   // clustered within the range: the buckets do not help
            std::sort(out, out + k);
            return;
        }
        scratch_.resize(k);
        for (std::uint64_t i = 0; i < k; ++i) scratch_[start_[bucket(out[i])]++] = out[i];
        // Now sorted up to order within buckets: an insertion sort moves each value at most
        // across its own (small) bucket.
        out[0] = scratch_[0];
        for (std::uint64_t i = 1; i < k; ++i) {
            const index_t v = scratch_[i];
            std::uint64_t j = i;
            while (j > 0 && out[j - 1] > v) {
                out[j] = out[j - 1];
                --j;
            }
            out[j] = v;
        }
    }

private:
    std::vector<std::uint32_t> start_;
    std::vector<index_t> scratch_;
};

}  // namespace neurowire::connect
