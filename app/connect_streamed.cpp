#include "app/connect_streamed.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/platform/memory_budget.hpp"
#include "io/npz_stream.hpp"

namespace neurowire::app {

namespace {

// A block's rows, and their copies in flight: the draw's table plus the slices the writer takes
// straight from it (no copy), with a quarter spare for the allocator's rounding.
constexpr double block_overhead = 1.25;

}  // namespace

bool needs_streaming(const connect::SourceBlocks& blocks, double budget) {
    return double(blocks.size()) * connect::SourceBlocks::bytes_per_row + blocks.working_bytes() > budget;
}

StreamedStats write_streamed_npz(const connect::SourceBlocks& blocks, const std::filesystem::path& file, double budget,
                                 const std::function<void(edge_t)>& progress) {
    const index_t n = blocks.n_source();
    edge_t widest = 0;
    for (index_t q = 0; q < n; ++q) widest = std::max(widest, blocks.row(q + 1) - blocks.row(q));
    const double per_row = connect::SourceBlocks::bytes_per_row * block_overhead;
    const double room = budget - blocks.working_bytes();
    // Refused up front: one source's rows are the smallest block there is.
    if (double(widest) * per_row > room)
        throw memory_error("connectome of " + std::to_string(blocks.size()) + " synapses streamed in blocks of sources: one source has " +
                               std::to_string(widest) + " synapses (with " + platform::bytes_text(std::max(0.0, blocks.working_bytes())) +
                               " of indexes and work space)",
                           double(widest) * per_row + blocks.working_bytes(), budget);
    const edge_t max_rows = std::max<edge_t>(1, static_cast<edge_t>(room / per_row));

    const edge_t total = blocks.size();
    io::NpzStreamWriter out(file, {{"source", io::dtype_of<index_t>(), {std::size_t(total)}},
                                   {"target", io::dtype_of<index_t>(), {std::size_t(total)}},
                                   {"weight", io::dtype_of<float>(), {std::size_t(total)}},
                                   {"delay", io::dtype_of<float>(), {std::size_t(total)}},
                                   {"n_source", io::dtype_of<std::uint64_t>(), {}},
                                   {"n_target", io::dtype_of<std::uint64_t>(), {}}});
    StreamedStats stats;
    for (index_t first = 0; first < n;) {
        index_t last = first + 1;
        while (last < n && blocks.row(last + 1) - blocks.row(first) <= max_rows) ++last;
        const connect::Connectome c = blocks.draw(first, last);
        const std::uint64_t at = blocks.row(first);
        out.write(0, at * sizeof(index_t), c.source.data(), c.source.size() * sizeof(index_t));
        out.write(1, at * sizeof(index_t), c.target.data(), c.target.size() * sizeof(index_t));
        out.write(2, at * sizeof(float), c.weight.data(), c.weight.size() * sizeof(float));
        out.write(3, at * sizeof(float), c.delay.data(), c.delay.size() * sizeof(float));
        stats.blocks += 1;
        stats.largest_block = std::max<edge_t>(stats.largest_block, c.size());
        stats.synapses += c.size();
        if (progress) progress(stats.synapses);
        first = last;
    }
    const std::uint64_t sizes[2] = {blocks.n_source(), blocks.n_target()};
    out.write(4, 0, &sizes[0], sizeof sizes[0]);
    out.write(5, 0, &sizes[1], sizeof sizes[1]);
    out.finish();
    return stats;
}

}  // namespace neurowire::app
