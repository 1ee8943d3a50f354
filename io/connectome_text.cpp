// The text connectome formats: CSV (read and write), Matrix Market and PyNN (write).
// Numbers are written with std::to_chars' shortest round-trip form, so reading a file back gives
// the very same float32 weights and delays.
#include <limits>
#include <ostream>
#include <stdexcept>

#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/connectome_files.hpp"
#include "io/text_util.hpp"

namespace neurowire::io {

namespace {

constexpr std::string_view csv_header = "source,target,weight,delay";

// Writes `row(k, buffer)` for every edge through a block buffer, atomically.
template <class Row>
void write_rows(const fs::path& file, const std::string& header, std::size_t n, Row row) {
    write_stream_atomically(file, [&](std::ostream& out) {
        text::BlockWriter w(out);
        w.buffer() += header;
        for (std::size_t k = 0; k < n; ++k) {
            row(k, w.buffer());
            w.maybe_flush();
        }
        w.flush();
    });
}

}  // namespace

void write_connectome_csv(const fs::path& file, const connect::Connectome& c) {
    write_rows(file, std::string(csv_header) + "\n", c.size(), [&](std::size_t k, std::string& b) {
        text::append_number(b, c.source[k]);
        b += ',';
        text::append_number(b, c.target[k]);
        b += ',';
        text::append_number(b, c.weight[k]);
        b += ',';
        text::append_number(b, c.delay[k]);
        b += '\n';
    });
}

fs::path write_csv(const fs::path& dir, const std::string& projection, const connect::Connectome& c) {
    const fs::path file = dir / (projection + ".csv");
    write_connectome_csv(file, c);
    return file;
}

void write_connectome_pynn(const fs::path& file, const connect::Connectome& c) {
    // PyNN's StandardTextFile.get_metadata evals every leading '#' line as `name = list`: a free
    // comment line would break it, so the column list is the only header line.
    write_rows(file, "# columns = [\"i\", \"j\", \"weight\", \"delay\"]\n", c.size(), [&](std::size_t k, std::string& b) {
        text::append_number(b, c.source[k]);
        b += '\t';
        text::append_number(b, c.target[k]);
        b += '\t';
        text::append_number(b, c.weight[k]);
        b += '\t';
        text::append_number(b, c.delay[k]);
        b += '\n';
    });
}

fs::path write_pynn(const fs::path& dir, const std::string& projection, const connect::Connectome& c) {
    const fs::path file = dir / (projection + ".conn");
    write_connectome_pynn(file, c);
    return file;
}

void write_connectome_mtx(const fs::path& file, const connect::Connectome& c) {
    // Repeated pairs are adjacent in (source, target) order; summing them needs that order.
    const std::size_t n = c.size();
    std::size_t entries = 0;
    for (std::size_t k = 0; k < n; ++k) {
        if (k > 0 && (c.source[k] < c.source[k - 1] || (c.source[k] == c.source[k - 1] && c.target[k] < c.target[k - 1])))
            throw std::logic_error("write_connectome_mtx: the connectome is not sorted by (source, target)");
        if (k == 0 || c.source[k] != c.source[k - 1] || c.target[k] != c.target[k - 1]) ++entries;
    }
    std::string header =
        "%%MatrixMarket matrix coordinate real general\n"
        "% neurowire connectome: rows are targets, columns are sources (r_in = W r);\n"
        "% repeated source-target pairs are summed into one entry.\n";
    text::append_number(header, c.n_target);
    header += ' ';
    text::append_number(header, c.n_source);
    header += ' ';
    text::append_number(header, entries);
    header += '\n';
    write_stream_atomically(file, [&](std::ostream& out) {
        text::BlockWriter w(out);
        w.buffer() += header;
        for (std::size_t k = 0; k < n;) {
            // Sum in double, as weight_matrix() does, and write the double exactly.
            double sum = 0.0;
            std::size_t end = k;
            for (; end < n && c.source[end] == c.source[k] && c.target[end] == c.target[k]; ++end) sum += c.weight[end];
            std::string& b = w.buffer();
            text::append_number(b, std::uint64_t{c.target[k]} + 1);
            b += ' ';
            text::append_number(b, std::uint64_t{c.source[k]} + 1);
            b += ' ';
            text::append_number(b, sum);
            b += '\n';
            w.maybe_flush();
            k = end;
        }
        w.flush();
    });
}

fs::path write_mtx(const fs::path& dir, const std::string& projection, const connect::Connectome& c) {
    const fs::path file = dir / (projection + ".mtx");
    write_connectome_mtx(file, c);
    return file;
}

connect::Connectome read_connectome_csv(const fs::path& path) {
    const std::string file = path.string();
    std::ifstream in(path);
    if (!in) throw_os_error(path, "cannot open");
    std::string line;
    if (!std::getline(in, line)) throw file_error(file, "", "empty file");
    if (text::trim(line) != csv_header)
        throw file_error(file, "line 1", "expected the header '" + std::string(csv_header) + "', found '" +
                                             std::string(text::trim(line)) + "'");
    connect::Connectome c;
    std::vector<std::string_view> cells;
    std::uint64_t max_source = 0, max_target = 0;
    for (std::size_t line_no = 2; std::getline(in, line); ++line_no) {
        if (text::trim(line).empty()) continue;
        const std::string at = "line " + std::to_string(line_no);
        text::split(line, ',', cells);
        if (cells.size() != 4)
            throw file_error(file, at, "expected 4 columns, found " + std::to_string(cells.size()));
        index_t ids[2];
        for (int col = 0; col < 2; ++col) {
            std::uint64_t v = 0;
            if (!text::parse_number(cells[col], v) || v > std::numeric_limits<index_t>::max())
                throw file_error(file, at + ", column " + std::to_string(col + 1),
                                 "'" + std::string(cells[col]) + "' is not a neuron index (an integer 0 to 2^32-1)");
            ids[col] = static_cast<index_t>(v);
        }
        float values[2];
        for (int col = 2; col < 4; ++col) {
            if (!text::parse_number(cells[col], values[col - 2]))
                throw file_error(file, at + ", column " + std::to_string(col + 1),
                                 "'" + std::string(cells[col]) + "' is not a number");
        }
        if (!c.source.empty() && (ids[0] < c.source.back() || (ids[0] == c.source.back() && ids[1] < c.target.back())))
            throw file_error(file, at, "rows must be sorted by source then target, but (" + std::to_string(ids[0]) +
                                           ", " + std::to_string(ids[1]) + ") follows (" + std::to_string(c.source.back()) +
                                           ", " + std::to_string(c.target.back()) + ")");
        c.source.push_back(ids[0]);
        c.target.push_back(ids[1]);
        c.weight.push_back(values[0]);
        c.delay.push_back(values[1]);
        max_source = std::max<std::uint64_t>(max_source, ids[0] + std::uint64_t{1});
        max_target = std::max<std::uint64_t>(max_target, ids[1] + std::uint64_t{1});
    }
    if (max_source > std::numeric_limits<index_t>::max() || max_target > std::numeric_limits<index_t>::max())
        throw file_error(file, "", "an index of 2^32-1 leaves no room for the population size");
    c.n_source = static_cast<index_t>(max_source);
    c.n_target = static_cast<index_t>(max_target);
    return c;
}

}  // namespace neurowire::io
