#pragma once
// Recording files of SPEC.md "Recordings": DIR/recording.npz holds `t`, `<population>.<variable>`
// (samples × units), `<population>.spike_times` and `<population>.spike_units`. The layout is the
// caller's (the runner knows what it recorded); this layer only fixes file names and formats.
#include <filesystem>
#include <string>
#include <vector>

#include "io/npz.hpp"

namespace neurowire::io {

namespace fs = std::filesystem;

// DIR/recording.npz (atomic). Returns the path.
fs::path write_recording(const fs::path& dir, const std::vector<NamedView>& arrays,
                         Compression compression = Compression::store);

// A samples × units table as CSV: header `t,<name>[0],<name>[1],…`, one row per sample.
// `samples` is 2-D float64 (C or Fortran order, e.g. view(arma::mat)); t has one entry per row.
void write_samples_csv(const fs::path& file, const std::vector<double>& t, const ArrayView& samples,
                       const std::string& name);

}  // namespace neurowire::io
