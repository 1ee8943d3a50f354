#pragma once
// Small text helpers shared by the CSV-like readers and writers (internal to io/).
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/types.hpp"

namespace neurowire::io::text {

// Shortest text that reads back to the same value (std::to_chars round-trip guarantee).
template <class T>
void append_number(std::string& out, T value) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, r.ptr);
}

inline std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// Splits on `sep` and trims each cell.
inline void split(std::string_view line, char sep, std::vector<std::string_view>& cells) {
    cells.clear();
    while (true) {
        const auto at = line.find(sep);
        cells.push_back(trim(line.substr(0, at)));
        if (at == std::string_view::npos) break;
        line.remove_prefix(at + 1);
    }
}

// Parses the whole cell as a number of type T; false if anything is left over or out of range.
template <class T>
bool parse_number(std::string_view cell, T& value) {
    if (!cell.empty() && cell.front() == '+') cell.remove_prefix(1);
    if (cell.empty()) return false;
    const auto r = std::from_chars(cell.data(), cell.data() + cell.size(), value);
    return r.ec == std::errc() && r.ptr == cell.data() + cell.size();
}

// Splits on runs of spaces and tabs (Matrix Market, PyNN text), dropping empty cells.
inline void split_whitespace(std::string_view line, std::vector<std::string_view>& cells) {
    cells.clear();
    std::size_t i = 0;
    while (true) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
        if (i == line.size()) break;
        std::size_t j = i;
        while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '\r') ++j;
        cells.push_back(line.substr(i, j - i));
        i = j;
    }
}

// A cell quoted in an error message, cut short if it is long.
inline std::string quote_cell(std::string_view cell) {
    constexpr std::size_t max_shown = 40;
    std::string out(1, '\'');   // appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "'" + string
    out += cell.substr(0, max_shown);
    out += cell.size() > max_shown ? "…'" : "'";
    return out;
}

// A finite float32 from a cell, or a file_error naming `file`, `at` and what is wrong: not a
// number, NaN/inf, or a magnitude float32 cannot hold (values are never silently rounded to ±inf
// or to 0).
inline float float32_cell(std::string_view cell, const std::string& file, const std::string& at) {
    float v = 0.0f;
    if (parse_number(cell, v)) {
        if (!std::isfinite(v)) throw file_error(file, at, "expected a finite number, found " + quote_cell(cell));
        return v;
    }
    double wide = 0.0;
    if (!parse_number(cell, wide)) throw file_error(file, at, quote_cell(cell) + " is not a number");
    throw file_error(file, at, quote_cell(cell) + (std::fabs(wide) > 1.0 ? " is too large" : " is too small (non-zero)") +
                                   " for float32 (magnitudes 1.4e-45 to 3.4e38, or 0)");
}

// A finite double from a cell, or a file_error: not a number, NaN/inf, or beyond double's range.
inline double finite_double_cell(std::string_view cell, const std::string& file, const std::string& at) {
    std::string_view digits = cell;
    if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
    double v = 0.0;
    const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    const bool whole = !digits.empty() && r.ptr == digits.data() + digits.size();
    if (whole && r.ec == std::errc::result_out_of_range)
        throw file_error(file, at, quote_cell(cell) + " is beyond the range of double (magnitudes 4.9e-324 to 1.8e308, or 0)");
    if (!whole || r.ec != std::errc()) throw file_error(file, at, quote_cell(cell) + " is not a number");
    if (!std::isfinite(v)) throw file_error(file, at, "expected a finite number, found " + quote_cell(cell));
    return v;
}

// A neuron index (0 to 2^32-1) from a cell. With `integral_floats`, "3.0" and "3e0" are read as
// 3, as PyNN's text files write indices.
inline index_t index_cell(std::string_view cell, const std::string& file, const std::string& at,
                          bool integral_floats = false) {
    constexpr auto max = std::numeric_limits<index_t>::max();
    std::uint64_t v = 0;
    if (parse_number(cell, v) && v <= max) return static_cast<index_t>(v);
    double d = 0.0;
    if (integral_floats && parse_number(cell, d) && d >= 0.0 && d <= max && d == std::floor(d)) return static_cast<index_t>(d);
    throw file_error(file, at, quote_cell(cell) + " is not a neuron index (an integer 0 to 2^32-1)");
}

// Accumulates output and hands it to the stream in large blocks.
class BlockWriter {
public:
    explicit BlockWriter(std::ostream& out) : out_(out) { buf_.reserve(1 << 20); }
    ~BlockWriter() = default;
    std::string& buffer() { return buf_; }
    void maybe_flush() {
        if (buf_.size() >= (1 << 20)) flush();
    }
    void flush() {
        out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
        buf_.clear();
    }

private:
    std::ostream& out_;
    std::string buf_;
};

}  // namespace neurowire::io::text
