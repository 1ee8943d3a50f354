#pragma once
// The edge table of one projection: struct of arrays, sorted by source then target.
// Multapses (repeated pairs) are kept as separate rows.
#include <cstdint>
#include <vector>

#include <armadillo>

#include "core/types.hpp"

namespace neurowire::connect {

// Compressed index arrays: for CSR, ptr has n_source + 1 entries and idx lists targets;
// for CSC, ptr has n_target + 1 entries and idx lists sources; edge[k] is the row of the table.
struct CompressedIndex {
    std::vector<edge_t> ptr;
    std::vector<index_t> idx;
    std::vector<edge_t> edge;
};

struct Connectome {
    index_t n_source = 0;
    index_t n_target = 0;
    std::vector<index_t> source;
    std::vector<index_t> target;
    std::vector<float> weight;
    std::vector<float> delay;

    edge_t size() const { return source.size(); }

    // Builds from arrays in one batch: sorts rows by (source, target) stably if needed, checks
    // ranges and equal lengths (config_error naming what is wrong).
    static Connectome from_arrays(index_t n_source, index_t n_target, std::vector<index_t> source,
                                  std::vector<index_t> target, std::vector<float> weight,
                                  std::vector<float> delay);

    // n_target × n_source, repeated pairs summed (the convention r_in = W r).
    arma::sp_mat weight_matrix() const;
    // Same pattern; error if repeated pairs carry different delays.
    arma::sp_mat delay_matrix() const;

    CompressedIndex csr() const;   // by source
    CompressedIndex csc() const;   // by target

    std::vector<std::uint32_t> out_degrees() const;   // n_source
    std::vector<std::uint32_t> in_degrees() const;    // n_target

    bool is_sorted() const;
};

}  // namespace neurowire::connect
