#pragma once
// Small text helpers shared by the CSV-like readers and writers (internal to io/).
#include <charconv>
#include <cstddef>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

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
