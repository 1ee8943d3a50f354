#pragma once
// `neurowire connect` for a projection whose edge table does not fit the memory budget: drawn in
// blocks of consecutive sources (connect/source_blocks.hpp), each block written into its place in
// DIR/<projection>.npz (io/npz_stream.hpp) and dropped. The file equals the in-memory one byte
// for byte; the budget bounds the block, so the memory held stays flat however large the table.
#include <filesystem>
#include <functional>
#include <string>

#include "connect/source_blocks.hpp"

namespace neurowire::app {

struct StreamedStats {
    edge_t synapses = 0;
    std::size_t blocks = 0;
    edge_t largest_block = 0;   // rows
};

// True when the projection's table and working space exceed `budget` bytes (then it must stream).
bool needs_streaming(const connect::SourceBlocks& blocks, double budget);

// Writes `file` block by block within `budget` bytes; memory_error up front when even the
// largest single source's rows do not fit. `progress(rows_done)` after each block (optional).
StreamedStats write_streamed_npz(const connect::SourceBlocks& blocks, const std::filesystem::path& file,
                                 double budget, const std::function<void(edge_t)>& progress = {});

}  // namespace neurowire::app
