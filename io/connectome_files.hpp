#pragma once
// Connectome files of SPEC.md "Connectome files": DIR/<projection>.npz, .csv, .mtx, .conn, and
// readers back into a validated connect::Connectome. Every writer is atomic and returns the path
// it wrote. (SONATA, which holds several projections in one folder, is in io/sonata.hpp.)
#include <filesystem>
#include <string>

#include "connect/connectome.hpp"
#include "io/npz.hpp"

namespace neurowire::io {

namespace fs = std::filesystem;

// DIR/<projection>.npz: source, target (uint32), weight, delay (float32), n_source, n_target
// (0-d uint64).
fs::path write_npz(const fs::path& dir, const std::string& projection, const connect::Connectome& c,
                   Compression compression = Compression::store);
void write_connectome_npz(const fs::path& file, const connect::Connectome& c,
                          Compression compression = Compression::store);

// DIR/<projection>.csv: header `source,target,weight,delay`, one edge per line, 0-based indices.
fs::path write_csv(const fs::path& dir, const std::string& projection, const connect::Connectome& c);
void write_connectome_csv(const fs::path& file, const connect::Connectome& c);

// DIR/<projection>.mtx: Matrix Market coordinate real general, n_target × n_source, 1-based.
// Repeated pairs are written as ONE entry holding their summed weight, so the file is the matrix
// W of r_in = W r for any reader, not only those that (like scipy.io.mmread) sum duplicates.
fs::path write_mtx(const fs::path& dir, const std::string& projection, const connect::Connectome& c);
void write_connectome_mtx(const fs::path& file, const connect::Connectome& c);

// DIR/<projection>.conn: PyNN FromFileConnector text: `# columns = ["i", "j", "weight", "delay"]`
// then `i j weight delay` lines (0-based population indices, as PyNN expects).
fs::path write_pynn(const fs::path& dir, const std::string& projection, const connect::Connectome& c);
void write_connectome_pynn(const fs::path& file, const connect::Connectome& c);

// Readers check equal lengths, indices in range, (source, target) order, finite weights and finite
// delays >= 0, and read only regular files; file_error otherwise. Integer index arrays of any
// integer dtype and float weights/delays of either width (values within float32's range) are
// accepted.
connect::Connectome read_connectome_npz(const fs::path& file);
// A CSV does not store the population sizes: they are taken as the largest index + 1 (see
// read_connectome_any for the sizes `neurowire connect` records beside it).
connect::Connectome read_connectome_csv(const fs::path& file);
// Matrix Market (coordinate; real, integer or pattern; general): n_target × n_source from the size
// line, entries in any order (returned sorted, repeated pairs kept), weight 1 for a pattern. A
// matrix holds no delays: every delay is 0.
connect::Connectome read_connectome_mtx(const fs::path& file);
// PyNN FromFileConnector text: rows in any order (returned sorted), population sizes the largest
// index + 1, delay 0 when the column list has none.
connect::Connectome read_connectome_pynn(const fs::path& file);
// By extension: .npz, .csv, .mtx, .conn, or .h5/.hdf5 (a SONATA edges file: `population`, or the
// only one; with several and none named, a file_error lists them). A .csv or .conn takes its
// population sizes from the connectome.json `neurowire connect` writes beside it, when that names
// the file's projection (its stem); otherwise from the largest index.
connect::Connectome read_connectome_any(const fs::path& file);
connect::Connectome read_connectome_any(const fs::path& file, const std::string& population);

// Sets n_source/n_target from the connectome.json beside `file` (see io/connectome_manifest.hpp)
// when it lists the projection `file.stem()`; file_error if an edge lies outside those sizes.
// Returns whether it found them.
bool apply_manifest_sizes(connect::Connectome& c, const fs::path& file);

// Shared by the binary readers: the checks above, as file_errors naming `file` and the row.
void validate_connectome(const connect::Connectome& c, const std::string& file);

}  // namespace neurowire::io
