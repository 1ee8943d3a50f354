// Positions readers check what a hand-made file gets wrong: ragged rows, stray text, empty files,
// integer or 4-D arrays, NaN or infinite coordinates (a draw over them would never end); every
// error names the file and the line, row or field.
#include "io/positions_file.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/error.hpp"
#include "core/types.hpp"
#include "io/atomic_file.hpp"
#include "io/input_file.hpp"
#include "io/npy.hpp"
#include "io/text_util.hpp"

namespace neurowire::io {

namespace {

spatial::Positions finish(const std::string& file, arma::mat coords) {
    if (coords.n_cols == 0) throw file_error(file, "", "holds no positions");
    if (coords.n_cols > std::numeric_limits<index_t>::max())
        throw file_error(file, "", std::to_string(coords.n_cols) + " positions: a population holds at most 2^32-1 neurons");
    spatial::Positions p;
    p.extent = bounding_box(coords);
    p.coords = std::move(coords);
    return p;
}

void check_dims(std::size_t dims, const std::string& file, const std::string& where) {
    if (dims < 1 || dims > 3)
        throw file_error(file, where, "expected 1 to 3 columns (one per axis), found " + std::to_string(dims));
}

}  // namespace

spatial::Extent bounding_box(const arma::mat& coords) {
    spatial::Extent e;
    e.low.zeros(coords.n_rows);
    e.high.zeros(coords.n_rows);
    e.periodic.assign(coords.n_rows, false);
    for (arma::uword c = 0; c < coords.n_cols; ++c) {
        for (arma::uword r = 0; r < coords.n_rows; ++r) {
            const double v = coords(r, c);
            if (!std::isfinite(v))
                throw std::invalid_argument("bounding_box: coordinate " + std::to_string(r) + " of position " +
                                            std::to_string(c) + " is not finite");
            if (c == 0 || v < e.low(r)) e.low(r) = v;
            if (c == 0 || v > e.high(r)) e.high(r) = v;
        }
    }
    return e;
}

spatial::Positions read_positions_csv(const fs::path& path) {
    LineReader in(path);
    const std::string& file = in.name();
    std::vector<double> values;
    std::vector<std::string_view> cells;
    std::size_t dims = 0;
    bool any_line = false;
    std::string line;
    while (in.next(line)) {
        const std::string_view trimmed = text::trim(line);
        if (trimmed.empty() || trimmed.front() == '#') continue;
        text::split(trimmed, ',', cells);
        const std::string at = "line " + std::to_string(in.line_number());
        if (!any_line) {
            any_line = true;
            // A first line in which no cell is a number is a header (x,y,z).
            const bool header = std::none_of(cells.begin(), cells.end(), [](std::string_view c) {
                double v;
                return text::parse_number(c, v);
            });
            check_dims(cells.size(), file, at);
            dims = cells.size();
            if (header) continue;
        }
        if (cells.size() != dims)
            throw file_error(file, at, "expected " + std::to_string(dims) + " columns, found " + std::to_string(cells.size()));
        for (std::size_t c = 0; c < dims; ++c) {
            values.push_back(text::finite_double_cell(cells[c], file, at + ", column " + std::to_string(c + 1)));
        }
    }
    if (!any_line) throw file_error(file, "", "empty file");
    // Row-major N × dims text is exactly the column-major dims × N layout of Positions.
    return finish(file, arma::mat(values.data(), dims, values.size() / dims));
}

spatial::Positions read_positions_npy(const fs::path& path) {
    const std::string file = path.string();
    const Array a = read_npy(path);
    if (a.dtype != Dtype::f64 && a.dtype != Dtype::f32)
        throw file_error(file, "header field 'descr'", "expected float64 or float32 positions, found dtype " + dtype_descr(a.dtype));
    if (a.shape.empty() || a.shape.size() > 2)
        throw file_error(file, "header field 'shape'", "expected an N × dims array, found " +
                                                           std::to_string(a.shape.size()) + " dimensions");
    const std::size_t n = a.shape[0];
    const std::size_t dims = a.shape.size() == 2 ? a.shape[1] : 1;
    check_dims(dims, file, "header field 'shape'");
    const auto values = a.values<double>();   // C order N × dims
    // Rows are positions: a NaN or inf is reported by row (neuron) and column (axis).
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (std::isfinite(values[i])) continue;
        throw file_error(file, "row " + std::to_string(i / dims) + ", column " + std::to_string(i % dims),
                         "expected finite coordinates, found " +
                             std::string(std::isnan(values[i]) ? "NaN" : values[i] > 0 ? "inf" : "-inf"));
    }
    return finish(file, arma::mat(values.data(), dims, n));
}

spatial::Positions read_positions(const fs::path& file) {
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    if (ext == ".csv") return read_positions_csv(file);
    if (ext == ".npy") return read_positions_npy(file);
    throw file_error(file.string(), "", "unknown positions format '" + ext + "': expected .csv or .npy");
}

fs::path write_positions(const fs::path& dir, const std::string& population, const spatial::Positions& positions) {
    const fs::path file = dir / (population + ".positions.npy");
    // dims × N column-major memory is N × dims in C order: no copy needed.
    write_npy(file, view(positions.coords.memptr(), {positions.coords.n_cols, positions.coords.n_rows}));
    return file;
}

}  // namespace neurowire::io
