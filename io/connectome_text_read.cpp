// Readers of the Matrix Market and PyNN text connectomes (`neurowire inspect`, `weights:
// {connectome: ...}`), and the population sizes that connectome.json gives the text formats.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <numeric>

#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/connectome_files.hpp"
#include "io/connectome_manifest.hpp"
#include "io/text_util.hpp"

namespace neurowire::io {

namespace {

// Whitespace-separated cells.
void split_spaces(std::string_view line, std::vector<std::string_view>& cells) {
    cells.clear();
    std::size_t k = 0;
    while (k < line.size()) {
        while (k < line.size() && (line[k] == ' ' || line[k] == '\t' || line[k] == '\r')) ++k;
        const std::size_t start = k;
        while (k < line.size() && line[k] != ' ' && line[k] != '\t' && line[k] != '\r') ++k;
        if (k > start) cells.push_back(line.substr(start, k - start));
    }
}

index_t parse_index(std::string_view cell, const std::string& file, const std::string& at, std::uint64_t offset) {
    std::uint64_t v = 0;
    // PyNN writes indices as floats ("3.0") when it saves a projection with numpy.
    if (!text::parse_number(cell, v)) {
        double d = 0.0;
        if (!text::parse_number(cell, d) || !(d >= 0.0 && d < 4294967296.0) || d != std::floor(d))
            throw file_error(file, at, "'" + std::string(cell) + "' is not a neuron index (a non-negative integer)");
        v = static_cast<std::uint64_t>(d);
    }
    if (v < offset || v - offset >= std::numeric_limits<index_t>::max())
        throw file_error(file, at, "'" + std::string(cell) + "' is not a neuron index" +
                                       (offset ? " (Matrix Market indices start at 1)" : " (0 to 2^32-2)"));
    return static_cast<index_t>(v - offset);
}

float parse_value(std::string_view cell, const std::string& file, const std::string& at) {
    double v = 0.0;
    if (!text::parse_number(cell, v)) throw file_error(file, at, "'" + std::string(cell) + "' is not a number");
    return static_cast<float>(v);
}

// Rows in (source, target) order, keeping the file's order among repeated pairs.
connect::Connectome sorted(connect::Connectome c) {
    const std::size_t n = c.size();
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return c.source[a] != c.source[b] ? c.source[a] < c.source[b] : c.target[a] < c.target[b];
    });
    connect::Connectome out;
    out.n_source = c.n_source;
    out.n_target = c.n_target;
    out.source.resize(n);
    out.target.resize(n);
    out.weight.resize(n);
    out.delay.resize(n);
    for (std::size_t k = 0; k < n; ++k) {
        out.source[k] = c.source[order[k]];
        out.target[k] = c.target[order[k]];
        out.weight[k] = c.weight[order[k]];
        out.delay[k] = c.delay[order[k]];
    }
    return out;
}

void sizes_from_largest_index(connect::Connectome& c) {
    std::uint64_t s = 0, t = 0;
    for (std::size_t k = 0; k < c.size(); ++k) {
        s = std::max<std::uint64_t>(s, c.source[k] + std::uint64_t{1});
        t = std::max<std::uint64_t>(t, c.target[k] + std::uint64_t{1});
    }
    c.n_source = static_cast<index_t>(s);
    c.n_target = static_cast<index_t>(t);
}

}  // namespace

bool apply_manifest_sizes(connect::Connectome& c, const fs::path& file) {
    const auto manifest = find_connectome_manifest(file);
    if (!manifest) return false;
    const ManifestProjection* p = manifest->projection(file.stem().string());
    if (!p) return false;
    const std::string from = (file.parent_path() / connectome_manifest_name).string();
    for (std::size_t k = 0; k < c.size(); ++k) {
        if (c.source[k] >= p->n_source || c.target[k] >= p->n_target)
            throw file_error(file.string(), "row " + std::to_string(k),
                             "(" + std::to_string(c.source[k]) + ", " + std::to_string(c.target[k]) +
                                 ") lies outside the populations of " + from + " (n_source " + std::to_string(p->n_source) +
                                 ", n_target " + std::to_string(p->n_target) + ")");
    }
    c.n_source = p->n_source;
    c.n_target = p->n_target;
    return true;
}

connect::Connectome read_connectome_mtx(const fs::path& path) {
    const std::string file = path.string();
    std::ifstream in(path);
    if (!in) throw_os_error(path, "cannot open");
    std::string line;
    if (!std::getline(in, line)) throw file_error(file, "", "empty file");
    std::vector<std::string_view> cells;
    split_spaces(line, cells);
    std::vector<std::string> header(cells.begin(), cells.end());
    for (auto& h : header) std::transform(h.begin(), h.end(), h.begin(), [](unsigned char ch) { return std::tolower(ch); });
    if (header.size() != 5 || header[0] != "%%matrixmarket" || header[1] != "matrix" || header[2] != "coordinate" ||
        (header[3] != "real" && header[3] != "integer" && header[3] != "pattern") || header[4] != "general")
        throw file_error(file, "line 1", "expected '%%MatrixMarket matrix coordinate real|integer|pattern general', found '" + line + "'");
    const bool pattern = header[3] == "pattern";
    std::size_t line_no = 1;
    while (std::getline(in, line)) {
        ++line_no;
        if (!text::trim(line).empty() && line[0] != '%') break;
    }
    split_spaces(line, cells);
    std::uint64_t rows = 0, cols = 0, entries = 0;
    if (cells.size() != 3 || !text::parse_number(cells[0], rows) || !text::parse_number(cells[1], cols) ||
        !text::parse_number(cells[2], entries) || rows >= std::numeric_limits<index_t>::max() ||
        cols >= std::numeric_limits<index_t>::max())
        throw file_error(file, "line " + std::to_string(line_no), "expected the size line 'rows columns entries'");
    connect::Connectome c;
    c.n_target = static_cast<index_t>(rows);   // rows are targets: W of r_in = W r
    c.n_source = static_cast<index_t>(cols);
    while (std::getline(in, line)) {
        ++line_no;
        if (text::trim(line).empty() || line[0] == '%') continue;
        const std::string at = "line " + std::to_string(line_no);
        split_spaces(line, cells);
        if (cells.size() != (pattern ? 2u : 3u))
            throw file_error(file, at, "expected " + std::string(pattern ? "2" : "3") + " columns, found " + std::to_string(cells.size()));
        const index_t i = parse_index(cells[0], file, at, 1), j = parse_index(cells[1], file, at, 1);
        if (i >= c.n_target || j >= c.n_source)
            throw file_error(file, at, "entry (" + std::string(cells[0]) + ", " + std::string(cells[1]) + ") lies outside the " +
                                           std::to_string(rows) + " × " + std::to_string(cols) + " matrix");
        c.source.push_back(j);
        c.target.push_back(i);
        c.weight.push_back(pattern ? 1.0f : parse_value(cells[2], file, at));
        c.delay.push_back(0.0f);   // the format holds weights only
    }
    if (c.size() != entries)
        throw file_error(file, "", "the size line announces " + std::to_string(entries) + " entries, the file holds " +
                                       std::to_string(c.size()));
    return sorted(std::move(c));
}

connect::Connectome read_connectome_pynn(const fs::path& path) {
    const std::string file = path.string();
    std::ifstream in(path);
    if (!in) throw_os_error(path, "cannot open");
    // Columns as PyNN's StandardTextFile names them in a `# columns = [...]` header; without one,
    // FromFileConnector takes i, j, weight, delay.
    std::vector<std::string> columns{"i", "j", "weight", "delay"};
    connect::Connectome c;
    std::vector<std::string_view> cells;
    std::string line;
    int col_i = 0, col_j = 1, col_w = 2, col_d = 3;
    for (std::size_t line_no = 1; std::getline(in, line); ++line_no) {
        const std::string_view t = text::trim(line);
        const std::string at = "line " + std::to_string(line_no);
        if (t.empty()) continue;
        if (t.front() == '#') {
            const auto eq = t.find('=');
            if (eq == std::string_view::npos || text::trim(t.substr(1, eq - 1)) != "columns") continue;
            columns.clear();
            for (std::size_t k = eq + 1; k < t.size(); ++k) {
                if (t[k] != '"' && t[k] != '\'') continue;
                const auto end = t.find(t[k], k + 1);
                if (end == std::string_view::npos) throw file_error(file, at, "unclosed quote in the column list");
                columns.emplace_back(t.substr(k + 1, end - k - 1));
                k = end;
            }
            const auto find = [&](const char* name) {
                const auto it = std::find(columns.begin(), columns.end(), name);
                return it == columns.end() ? -1 : static_cast<int>(it - columns.begin());
            };
            col_i = find("i"), col_j = find("j"), col_w = find("weight"), col_d = find("delay");
            if (col_i < 0 || col_j < 0)
                throw file_error(file, at, "the column list must name \"i\" and \"j\", found '" + std::string(t) + "'");
            continue;
        }
        split_spaces(t, cells);
        if (cells.size() != columns.size())
            throw file_error(file, at, "expected " + std::to_string(columns.size()) + " columns, found " + std::to_string(cells.size()));
        c.source.push_back(parse_index(cells[col_i], file, at + ", column " + std::to_string(col_i + 1), 0));
        c.target.push_back(parse_index(cells[col_j], file, at + ", column " + std::to_string(col_j + 1), 0));
        c.weight.push_back(col_w < 0 ? 0.0f : parse_value(cells[col_w], file, at + ", column " + std::to_string(col_w + 1)));
        c.delay.push_back(col_d < 0 ? 0.0f : parse_value(cells[col_d], file, at + ", column " + std::to_string(col_d + 1)));
    }
    sizes_from_largest_index(c);
    return sorted(std::move(c));
}

}  // namespace neurowire::io
