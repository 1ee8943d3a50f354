// Reading a PyNN FromFileConnector text file: optional `# columns = ["i", "j", "weight", "delay"]`
// header (any order; `delay` may be absent), then whitespace-separated rows. Indices may be
// written as integers or integral floats ("3.0"), as PyNN itself writes them. Rows may come in any
// order; population sizes are the largest index + 1, as for CSV.
#include <algorithm>

#include "core/error.hpp"
#include "io/connectome_files.hpp"
#include "io/edge_order.hpp"
#include "io/input_file.hpp"
#include "io/text_util.hpp"

namespace neurowire::io {

namespace {

enum Column { col_i, col_j, col_weight, col_delay, n_columns };
constexpr std::string_view column_names[n_columns] = {"i", "j", "weight", "delay"};

// The column of each field from `["i", "j", ...]`, or a file_error.
std::vector<Column> parse_columns(std::string_view list, const std::string& file, const std::string& at) {
    list = text::trim(list);
    const auto bad = [&](const std::string& why) {
        return file_error(file, at, why + " (expected e.g. columns = [\"i\", \"j\", \"weight\", \"delay\"])");
    };
    if (list.size() < 2 || list.front() != '[' || list.back() != ']') throw bad("the column list is not in [ ]");
    std::vector<std::string_view> names;
    text::split(list.substr(1, list.size() - 2), ',', names);
    std::vector<Column> out;
    bool seen[n_columns] = {};
    for (std::string_view name : names) {
        if (name.size() < 2 || (name.front() != '"' && name.front() != '\'') || name.back() != name.front())
            throw bad("column " + text::quote_cell(name) + " is not a quoted name");
        name = name.substr(1, name.size() - 2);
        const auto* it = std::find(std::begin(column_names), std::end(column_names), name);
        if (it == std::end(column_names))
            throw file_error(file, at, "column " + text::quote_cell(name) + ": neurowire reads the columns i, j, weight and delay");
        const auto col = static_cast<Column>(it - std::begin(column_names));
        if (seen[col]) throw file_error(file, at, "column " + text::quote_cell(name) + " appears twice");
        seen[col] = true;
        out.push_back(col);
    }
    if (!seen[col_i] || !seen[col_j] || !seen[col_weight])
        throw bad("the columns i, j and weight are required");
    return out;
}

// `columns = [...]` from a '#' line, if that is what it holds.
bool columns_line(std::string_view comment, std::string_view& list) {
    comment = text::trim(comment);
    if (comment.substr(0, 7) != "columns") return false;
    comment = text::trim(comment.substr(7));
    if (comment.empty() || comment.front() != '=') return false;
    list = comment.substr(1);
    return true;
}

}  // namespace

connect::Connectome read_connectome_pynn(const fs::path& path) {
    LineReader in(path);
    const std::string& file = in.name();
    std::vector<Column> columns = {col_i, col_j, col_weight, col_delay};
    bool have_columns = false, any_row = false;
    connect::Connectome c;
    std::vector<std::string_view> cells;
    std::uint64_t max_source = 0, max_target = 0;
    std::string line;
    while (in.next(line)) {
        const std::string_view t = text::trim(line);
        const std::string at = "line " + std::to_string(in.line_number());
        if (t.empty()) continue;
        if (t.front() == '#') {
            std::string_view list;
            if (!columns_line(t.substr(1), list)) continue;   // other PyNN metadata
            if (any_row || have_columns) throw file_error(file, at, "a second column list, or one after the data");
            columns = parse_columns(list, file, at);
            have_columns = true;
            continue;
        }
        any_row = true;
        text::split_whitespace(t, cells);
        if (cells.size() != columns.size())
            throw file_error(file, at, "expected " + std::to_string(columns.size()) + " columns, found " +
                                           std::to_string(cells.size()));
        index_t ij[2] = {0, 0};
        float weight = 0.0f, delay = 0.0f;
        for (std::size_t k = 0; k < cells.size(); ++k) {
            const std::string where = at + ", column " + std::to_string(k + 1) + " (" + std::string(column_names[columns[k]]) + ")";
            switch (columns[k]) {
                case col_i:
                case col_j: ij[columns[k]] = text::index_cell(cells[k], file, where, true); break;
                case col_weight: weight = text::float32_cell(cells[k], file, where); break;
                case col_delay:
                    delay = text::float32_cell(cells[k], file, where);
                    if (delay < 0) throw file_error(file, where, "expected a delay >= 0, found " + text::quote_cell(cells[k]));
                    break;
                case n_columns: break;
            }
        }
        c.source.push_back(ij[0]);
        c.target.push_back(ij[1]);
        c.weight.push_back(weight);
        c.delay.push_back(delay);
        max_source = std::max<std::uint64_t>(max_source, ij[0] + std::uint64_t{1});
        max_target = std::max<std::uint64_t>(max_target, ij[1] + std::uint64_t{1});
    }
    if (max_source > std::numeric_limits<index_t>::max() || max_target > std::numeric_limits<index_t>::max())
        throw file_error(file, "", "an index of 2^32-1 leaves no room for the population size");
    c.n_source = static_cast<index_t>(max_source);
    c.n_target = static_cast<index_t>(max_target);
    sort_edges(c);
    return c;
}

}  // namespace neurowire::io
