#pragma once
// SONATA node/edge types tables (node_types.csv, edge_types.csv): space-separated, a header line,
// double quotes around fields with spaces, NONE for a missing value.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace neurowire::io {

struct TypesTable {
    std::string file;
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;   // each as long as columns
    std::vector<std::size_t> lines;                // the 1-based line of each row

    // Index of a column, or -1.
    int column(std::string_view name) const;
    // The row whose `id_column` holds `id`, or -1.
    int row_of(std::string_view id_column, unsigned long long id) const;
    // A cell, or nullopt when it is empty or NONE.
    std::optional<std::string> cell(std::size_t row, int column) const;
};

// Fields are split on runs of spaces or tabs, as NEST (pandas, sep=r"\s+") reads them; a quoted
// field may hold spaces, "" inside quotes is one quote. file_error on an unreadable file, a row
// with another number of fields than the header, or an unclosed quote.
TypesTable read_types_table(const std::filesystem::path& file);

// One line split the same way; nullopt when a quote is not closed.
std::optional<std::vector<std::string>> split_types_line(std::string_view line);

// A field quoted when a reader would split it (spaces, tabs, quotes) or it is empty.
std::string types_field(const std::string& s);

}  // namespace neurowire::io
