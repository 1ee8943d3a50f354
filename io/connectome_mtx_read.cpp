// Reading a Matrix Market connectome: `coordinate` format, `real`, `integer` or `pattern` field,
// `general` symmetry; rows are targets, columns are sources, indices 1-based. The size line is
// input like the rest: dimensions must be neuron counts, and the declared entry count must fit
// both the matrix and the bytes left in the file before anything is reserved for it.
#include <algorithm>
#include <cctype>

#include "core/checked.hpp"
#include "core/error.hpp"
#include "io/connectome_files.hpp"
#include "io/edge_order.hpp"
#include "io/input_file.hpp"
#include "io/text_util.hpp"

namespace neurowire::io {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char ch) { return std::tolower(ch); });
    return out;
}

std::uint64_t size_cell(std::string_view cell, const std::string& file, const std::string& at, const char* what) {
    std::uint64_t v = 0;
    if (!text::parse_number(cell, v))
        throw file_error(file, at, std::string("expected the number of ") + what + " (an integer >= 0), found " +
                                       text::quote_cell(cell));
    return v;
}

// A 1-based index below `count` as a 0-based neuron index.
index_t one_based(std::string_view cell, std::uint64_t count, const std::string& file, const std::string& at,
                  const char* what) {
    std::uint64_t v = 0;
    if (!text::parse_number(cell, v) || v < 1 || v > count)
        throw file_error(file, at, std::string("expected a ") + what + " index from 1 to " + std::to_string(count) +
                                       ", found " + text::quote_cell(cell));
    return static_cast<index_t>(v - 1);
}

}  // namespace

connect::Connectome read_connectome_mtx(const fs::path& path) {
    LineReader in(path);
    const std::string& file = in.name();
    std::string line;
    std::vector<std::string_view> cells;
    if (!in.next(line)) throw file_error(file, "", "empty file");
    text::split_whitespace(line, cells);
    if (cells.empty() || lower(cells[0]) != "%%matrixmarket")
        throw file_error(file, "line 1", "expected the banner '%%MatrixMarket matrix coordinate real general', found " +
                                             text::quote_cell(text::trim(line)));
    if (cells.size() != 5 || lower(cells[1]) != "matrix" || lower(cells[2]) != "coordinate")
        throw file_error(file, "line 1", "expected a sparse matrix ('%%MatrixMarket matrix coordinate …'), found " +
                                             text::quote_cell(text::trim(line)));
    const std::string field = lower(cells[3]);
    if (field != "real" && field != "integer" && field != "pattern")
        throw file_error(file, "line 1", "expected the field 'real', 'integer' or 'pattern', found " + text::quote_cell(cells[3]));
    if (lower(cells[4]) != "general")
        throw file_error(file, "line 1", "expected the symmetry 'general' (a connectome is not symmetric), found " +
                                             text::quote_cell(cells[4]));
    const bool pattern = field == "pattern";

    bool have_size = false;
    while (!have_size && in.next(line)) {
        const std::string_view t = text::trim(line);
        if (t.empty() || t.front() == '%') continue;
        have_size = true;
    }
    if (!have_size) throw file_error(file, "", "no size line ('rows columns entries') after the banner");
    const std::string size_at = "line " + std::to_string(in.line_number());
    text::split_whitespace(line, cells);
    if (cells.size() != 3)
        throw file_error(file, size_at, "expected 'rows columns entries' (3 numbers), found " + std::to_string(cells.size()) +
                                            " fields");
    const std::uint64_t rows = size_cell(cells[0], file, size_at, "rows (targets)");
    const std::uint64_t cols = size_cell(cells[1], file, size_at, "columns (sources)");
    const std::uint64_t entries = size_cell(cells[2], file, size_at, "entries");
    constexpr std::uint64_t max_neurons = std::numeric_limits<index_t>::max();
    if (rows > max_neurons || cols > max_neurons)
        throw file_error(file, size_at, "a " + std::to_string(rows) + " × " + std::to_string(cols) +
                                            " matrix: rows and columns count neurons, at most 4294967295 each");
    const auto cells_total = checked_mul(rows, cols);   // cannot overflow after the check above
    if (entries > *cells_total)
        throw file_error(file, size_at, "declares " + std::to_string(entries) + " entries, more than the " +
                                            std::to_string(*cells_total) + " cells of a " + std::to_string(rows) +
                                            " × " + std::to_string(cols) + " matrix");
    // The shortest entry is "1 1 1\n" ("1 1\n" for a pattern); the last may lack its newline.
    const std::uint64_t shortest = pattern ? 4 : 6;
    const std::uint64_t room = (in.size() - in.consumed() + 1) / shortest;
    if (entries > room)
        throw file_error(file, size_at, "declares " + std::to_string(entries) + " entries, but the " +
                                            std::to_string(in.size() - in.consumed()) +
                                            " bytes after it can hold at most " + std::to_string(room));

    connect::Connectome c;
    c.n_target = static_cast<index_t>(rows);
    c.n_source = static_cast<index_t>(cols);
    c.source.reserve(entries);
    c.target.reserve(entries);
    c.weight.reserve(entries);
    const std::size_t fields = pattern ? 2 : 3;
    while (in.next(line)) {
        const std::string_view t = text::trim(line);
        if (t.empty() || t.front() == '%') continue;
        const std::string at = "line " + std::to_string(in.line_number());
        if (c.source.size() == entries)
            throw file_error(file, at, "more entries than the " + std::to_string(entries) + " the size line declares");
        text::split_whitespace(t, cells);
        if (cells.size() != fields)
            throw file_error(file, at, "expected " + std::to_string(fields) + " fields (row column" +
                                           (pattern ? "" : " value") + "), found " + std::to_string(cells.size()));
        c.target.push_back(one_based(cells[0], rows, file, at + ", field 1", "row (target)"));
        c.source.push_back(one_based(cells[1], cols, file, at + ", field 2", "column (source)"));
        c.weight.push_back(pattern ? 1.0f : text::float32_cell(cells[2], file, at + ", field 3"));
    }
    if (c.source.size() != entries)
        throw file_error(file, "", "truncated: " + std::to_string(c.source.size()) + " of the " + std::to_string(entries) +
                                       " entries the size line declares");
    c.delay.assign(c.source.size(), 0.0f);   // a matrix holds weights only
    sort_edges(c);
    return c;
}

}  // namespace neurowire::io
