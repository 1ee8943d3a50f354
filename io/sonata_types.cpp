// Types tables: see sonata_types.hpp.
#include "io/sonata_types.hpp"

#include <charconv>
#include <fstream>

#include "core/error.hpp"

namespace neurowire::io {

int TypesTable::column(std::string_view name) const {
    for (std::size_t c = 0; c < columns.size(); ++c)
        if (columns[c] == name) return static_cast<int>(c);
    return -1;
}

int TypesTable::row_of(std::string_view id_column, unsigned long long id) const {
    const int c = column(id_column);
    if (c < 0) return -1;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const std::string& f = rows[r][static_cast<std::size_t>(c)];
        unsigned long long v = 0;
        const auto [end, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
        if (ec == std::errc() && end == f.data() + f.size() && v == id) return static_cast<int>(r);
    }
    return -1;
}

std::optional<std::string> TypesTable::cell(std::size_t row, int column) const {
    if (column < 0 || row >= rows.size()) return std::nullopt;
    const std::string& f = rows[row][static_cast<std::size_t>(column)];
    if (f.empty() || f == "NONE") return std::nullopt;
    return f;
}

std::optional<std::vector<std::string>> split_types_line(std::string_view line) {
    std::vector<std::string> out;
    std::size_t k = 0;
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    for (;;) {
        while (k < line.size() && space(line[k])) ++k;
        if (k >= line.size()) return out;
        std::string field;
        if (line[k] == '"') {
            ++k;
            for (;;) {
                if (k >= line.size()) return std::nullopt;
                if (line[k] == '"') {
                    if (k + 1 < line.size() && line[k + 1] == '"') {
                        field += '"';
                        k += 2;
                        continue;
                    }
                    ++k;
                    break;
                }
                field += line[k++];
            }
        }
        while (k < line.size() && !space(line[k])) field += line[k++];
        out.push_back(std::move(field));
    }
}

TypesTable read_types_table(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw file_error(file.string(), "", "cannot be opened");
    TypesTable t;
    t.file = file.string();
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        auto fields = split_types_line(line);
        if (!fields) throw file_error(t.file, "line " + std::to_string(number), "a quote is not closed");
        if (fields->empty()) continue;
        if (t.columns.empty()) {
            t.columns = std::move(*fields);
            continue;
        }
        if (fields->size() != t.columns.size())
            throw file_error(t.file, "line " + std::to_string(number),
                             std::to_string(fields->size()) + " fields, the header has " + std::to_string(t.columns.size()) +
                                 " (fields are separated by spaces; quote a value that holds one)");
        t.rows.push_back(std::move(*fields));
        t.lines.push_back(number);
    }
    if (t.columns.empty()) throw file_error(t.file, "", "empty: no header line");
    return t;
}

std::string types_field(const std::string& s) {
    if (!s.empty() && s.find_first_of(" \t\"") == std::string::npos) return s;
    std::string out = "\"";
    for (const char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

}  // namespace neurowire::io
