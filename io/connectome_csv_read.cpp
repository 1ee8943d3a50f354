// Reading a CSV connectome (`source,target,weight,delay`). Every cell is checked: indices are
// integers 0 to 2^32-1, weights and delays finite float32 values (delays ≥ 0), rows sorted.
#include "core/error.hpp"
#include "io/connectome_files.hpp"
#include "io/input_file.hpp"
#include "io/text_util.hpp"

namespace neurowire::io {

connect::Connectome read_connectome_csv(const fs::path& path) {
    constexpr std::string_view csv_header = "source,target,weight,delay";
    LineReader in(path);
    const std::string& file = in.name();
    std::string line;
    if (!in.next(line)) throw file_error(file, "", "empty file");
    if (text::trim(line) != csv_header)
        throw file_error(file, "line 1", "expected the header '" + std::string(csv_header) + "', found " +
                                             text::quote_cell(text::trim(line)));
    connect::Connectome c;
    std::vector<std::string_view> cells;
    std::uint64_t max_source = 0, max_target = 0;
    while (in.next(line)) {
        if (text::trim(line).empty()) continue;
        const std::string at = "line " + std::to_string(in.line_number());
        text::split(line, ',', cells);
        if (cells.size() != 4)
            throw file_error(file, at, "expected 4 columns, found " + std::to_string(cells.size()));
        const auto column = [&](int col) { return at + ", column " + std::to_string(col + 1); };
        const index_t source = text::index_cell(cells[0], file, column(0));
        const index_t target = text::index_cell(cells[1], file, column(1));
        const float weight = text::float32_cell(cells[2], file, column(2));
        const float delay = text::float32_cell(cells[3], file, column(3));
        if (delay < 0) throw file_error(file, column(3), "expected a delay >= 0, found " + text::quote_cell(cells[3]));
        if (!c.source.empty() && (source < c.source.back() || (source == c.source.back() && target < c.target.back())))
            throw file_error(file, at, "rows must be sorted by source then target, but (" + std::to_string(source) +
                                           ", " + std::to_string(target) + ") follows (" + std::to_string(c.source.back()) +
                                           ", " + std::to_string(c.target.back()) + ")");
        c.source.push_back(source);
        c.target.push_back(target);
        c.weight.push_back(weight);
        c.delay.push_back(delay);
        max_source = std::max<std::uint64_t>(max_source, source + std::uint64_t{1});
        max_target = std::max<std::uint64_t>(max_target, target + std::uint64_t{1});
    }
    if (max_source > std::numeric_limits<index_t>::max() || max_target > std::numeric_limits<index_t>::max())
        throw file_error(file, "", "an index of 2^32-1 leaves no room for the population size");
    c.n_source = static_cast<index_t>(max_source);
    c.n_target = static_cast<index_t>(max_target);
    return c;
}

}  // namespace neurowire::io
