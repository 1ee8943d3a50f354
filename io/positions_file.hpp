#pragma once
// Neuron positions from and to files: CSV (one row per neuron, one column per axis, optional
// header line) and NPY (N × dims float). Read positions get their bounding box as extent, with no
// periodic axis: a file says where neurons are, not what space they live in.
#include <filesystem>
#include <string>

#include "spatial/positions.hpp"

namespace neurowire::io {

namespace fs = std::filesystem;

// By extension: .csv or .npy. Coordinates must be finite; only regular files are read.
spatial::Positions read_positions(const fs::path& file);
spatial::Positions read_positions_csv(const fs::path& file);
spatial::Positions read_positions_npy(const fs::path& file);

// DIR/<population>.positions.npy, N × dims float64 (atomic). Returns the path.
fs::path write_positions(const fs::path& dir, const std::string& population, const spatial::Positions& positions);

// The smallest box holding every column of `coords` (dims × N); all zeros for N = 0;
// std::invalid_argument for a NaN or infinite coordinate (readers refuse those first).
spatial::Extent bounding_box(const arma::mat& coords);

}  // namespace neurowire::io
