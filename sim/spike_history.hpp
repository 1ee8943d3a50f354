#pragma once
// The spikes of one population over its last few steps, one list per step and unit block.
//
// With the population split into blocks (one per thread), each block's thread writes its own
// list, in ascending ids; the blocks are contiguous and in ascending order, so reading the lists
// of a step block by block gives that step's spikes in ascending order, whatever the number of
// blocks. Step k's lists are read (queued for delivery, recorded) while step k + 1 writes its
// own, so two steps are kept.
#include <cstdint>
#include <vector>

#include "core/types.hpp"

namespace neurowire::sim {

class SpikeHistory {
public:
    SpikeHistory() = default;
    // `depth` steps (at least 2: the recorder reads step k while step k + 1 is written).
    SpikeHistory(std::uint32_t depth, std::uint32_t blocks)
        : depth_(depth < 2 ? 2 : depth), blocks_(blocks < 1 ? 1 : blocks),
          lists_(static_cast<std::size_t>(depth_) * blocks_) {}

    std::uint32_t depth() const { return depth_; }
    std::uint32_t blocks() const { return blocks_; }
    std::vector<index_t>& at(std::uint64_t step, std::uint32_t block) {
        return lists_[static_cast<std::size_t>(step % depth_) * blocks_ + block];
    }
    const std::vector<index_t>& at(std::uint64_t step, std::uint32_t block) const {
        return lists_[static_cast<std::size_t>(step % depth_) * blocks_ + block];
    }

private:
    std::uint32_t depth_ = 2, blocks_ = 1;
    std::vector<std::vector<index_t>> lists_;   // depth × blocks
};

}  // namespace neurowire::sim
