#pragma once
// A projection generated in blocks of consecutive source neurons, for connectomes larger than
// memory (app/connect_streamed.cpp writes each block and drops it). Every block holds exactly
// the rows generate() gives for its sources, in the same (source, target) order: the draws of a
// source come from its own keyed stream and its query group's envelope, whichever block asks.
// Rules whose per-source counts are known before any partner is drawn: fixed_outdegree and
// fixed_total_number.
#include <cstdint>
#include <vector>

#include "connect/connectome.hpp"
#include "connect/problem.hpp"
#include "connect/spec.hpp"
#include "core/types.hpp"
#include "spatial/positions.hpp"

namespace neurowire::connect {

class SourceBlocks {
public:
    // Validates as generate() does; fixed_total_number splits n here (its own stream).
    SourceBlocks(const spatial::Positions* source, const spatial::Positions* target, index_t n_source,
                 index_t n_target, const Projection& projection, seed_t seed, std::uint64_t projection_index,
                 const Options& options);

    static bool supports(const Projection& projection);
    // Rows and working bytes before anything is built (supported rules): decides whether a
    // projection streams.
    static edge_t expected_rows(const Projection& projection, index_t n_source);
    static double working_bytes(index_t n_source, index_t n_target, const Options& options);

    index_t n_source() const { return problem_.n_query; }
    index_t n_target() const { return problem_.n_candidates; }
    edge_t size() const { return offset_.back(); }
    // Rows of source q are [row(q), row(q + 1)).
    edge_t row(index_t q) const { return offset_[q]; }

    // What drawing one block holds besides its rows: the per-neuron offsets, the sampler's
    // indexes and each thread's work space.
    double working_bytes() const;
    // Bytes of a block of `rows` rows (source, target, weight, delay).
    static constexpr double bytes_per_row = 16.0;

    // Sources [first, last): source holds their absolute indices.
    Connectome draw(index_t first, index_t last) const;

private:
    Problem problem_;
    Projection projection_;
    seed_t seed_;
    std::uint64_t projection_index_;
    std::vector<edge_t> offset_;
};

}  // namespace neurowire::connect
