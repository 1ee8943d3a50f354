// Reading .npy. The header dict is a Python literal; we parse the small subset numpy writes
// (strings, booleans, tuples of integers) rather than pull in a Python parser. Everything in the
// header is input: numbers are parsed with overflow checks, the data size is computed with checked
// arithmetic and compared with what the source holds BEFORE the data buffer is allocated, and the
// buffer grows with the data actually read, so a lying header costs nothing. Byte order and Fortran
// order are normalised so the rest of the code sees one layout.
#include <algorithm>
#include <cstring>
#include <limits>
#include <map>
#include <optional>

#include "connect/memory.hpp"
#include "core/checked.hpp"
#include "core/error.hpp"
#include "io/input_file.hpp"
#include "io/npy.hpp"

namespace neurowire::io {

namespace {

constexpr char magic[] = "\x93NUMPY";
constexpr std::size_t magic_len = 6;
// numpy's own headers are far below these: a longer header or more axes is not an array we wrote.
constexpr std::size_t max_header_bytes = std::size_t{1} << 20;
constexpr std::size_t max_dims = 64;
// numpy's sizes are signed (npy_intp): no array has more bytes than this.
constexpr std::uint64_t max_array_bytes = std::numeric_limits<std::int64_t>::max();
// Arrays larger than this are checked against the memory available before they are read.
constexpr std::uint64_t check_memory_from = std::uint64_t{64} << 20;
constexpr std::size_t read_chunk = std::size_t{16} << 20;

std::string join_where(const std::string& prefix, const std::string& where) {
    return prefix.empty() ? where : prefix + ": " + where;
}

std::string shape_text(const std::vector<std::size_t>& shape) {
    std::string s = "(";
    for (std::size_t k = 0; k < shape.size(); ++k) s += (k ? ", " : "") + std::to_string(shape[k]);
    return s + (shape.size() == 1 ? ",)" : ")");
}

// A Python literal value from the header dict.
struct Literal {
    enum Kind { string, boolean, tuple } kind = string;
    std::string text;
    bool flag = false;
    std::vector<std::size_t> numbers;
};

class HeaderParser {
public:
    HeaderParser(std::string_view text, const std::string& file, const std::string& prefix)
        : s_(text), file_(file), prefix_(prefix) {}

    std::map<std::string, Literal> dict() {
        std::map<std::string, Literal> out;
        expect('{');
        while (true) {
            skip_space();
            if (peek() == '}') break;
            const std::string key = quoted();
            expect(':');
            Literal v = value(key);
            if (!out.emplace(key, std::move(v)).second) fail("header field '" + key + "'", "appears twice");
            skip_space();
            if (peek() == ',') ++pos_;
            else if (peek() != '}') fail("header", "expected ',' or '}' at offset " + std::to_string(pos_));
        }
        ++pos_;
        skip_space();
        if (pos_ != s_.size()) fail("header", "unexpected text after the dict at offset " + std::to_string(pos_));
        return out;
    }

private:
    std::string_view s_;
    std::size_t pos_ = 0;
    const std::string& file_;
    const std::string& prefix_;

    [[noreturn]] void fail(const std::string& where, const std::string& problem) const {
        throw file_error(file_, join_where(prefix_, where), problem);
    }
    char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
    void skip_space() {
        while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\t' || s_[pos_] == '\r')) ++pos_;
    }
    void expect(char c) {
        skip_space();
        if (peek() != c) fail("header", std::string("expected '") + c + "' at offset " + std::to_string(pos_));
        ++pos_;
    }
    std::string quoted() {
        skip_space();
        const char q = peek();
        if (q != '\'' && q != '"') fail("header", "expected a quoted key at offset " + std::to_string(pos_));
        const std::size_t end = s_.find(q, pos_ + 1);
        if (end == std::string_view::npos) fail("header", "unterminated string");
        std::string out(s_.substr(pos_ + 1, end - pos_ - 1));
        pos_ = end + 1;
        return out;
    }
    std::size_t number(const std::string& key) {
        const std::string where = "header field '" + key + "'";
        if (peek() < '0' || peek() > '9') fail(where, "expected a non-negative integer");
        const std::size_t start = pos_;
        std::uint64_t n = 0;
        while (peek() >= '0' && peek() <= '9') {
            const auto next = append_digit(n, static_cast<unsigned>(s_[pos_++] - '0'));
            if (!next) {
                while (peek() >= '0' && peek() <= '9') ++pos_;
                fail(where, "the number " + std::string(s_.substr(start, pos_ - start)) + " does not fit in 64 bits");
            }
            n = *next;
        }
        if (peek() == 'L') ++pos_;   // written by Python 2
        return n;
    }
    Literal value(const std::string& key) {
        skip_space();
        Literal lit;
        const char c = peek();
        if (c == '\'' || c == '"') {
            lit.text = quoted();
        } else if (s_.substr(pos_, 4) == "True" || s_.substr(pos_, 5) == "False") {
            lit.kind = Literal::boolean;
            lit.flag = s_[pos_] == 'T';
            pos_ += lit.flag ? 4 : 5;
        } else if (c == '(') {
            lit.kind = Literal::tuple;
            ++pos_;
            while (true) {
                skip_space();
                if (peek() == ')') { ++pos_; break; }
                if (lit.numbers.size() == max_dims)
                    fail("header field '" + key + "'", "more than " + std::to_string(max_dims) + " entries");
                lit.numbers.push_back(number(key));
                skip_space();
                if (peek() == ',') ++pos_;
                else if (peek() != ')') fail("header field '" + key + "'", "expected ',' or ')'");
            }
        } else {
            fail("header field '" + key + "'", "a value numpy does not write (a structured dtype?)");
        }
        return lit;
    }
};

struct Header {
    Dtype dtype = Dtype::f64;
    bool swap = false;
    bool fortran = false;
    std::vector<std::size_t> shape;
    std::size_t data_offset = 0;
    std::uint64_t data_bytes = 0;
};

const Dtype all_dtypes[] = {Dtype::i8,  Dtype::u8,  Dtype::i16, Dtype::u16, Dtype::i32,
                            Dtype::u32, Dtype::i64, Dtype::u64, Dtype::f32, Dtype::f64};

Dtype parse_descr(const std::string& descr, bool& swap, const std::string& file, const std::string& prefix) {
    const auto bad = [&]() -> Dtype {
        throw file_error(file, join_where(prefix, "header field 'descr'"),
                         "unsupported dtype '" + descr +
                             "': expected a little- or big-endian int, uint or float (i1–i8, u1–u8, f4, f8)");
    };
    // Sizes have one digit: more digits could only overflow into a size we support.
    if (descr.size() != 3) return bad();
    const char order = descr[0];
    if (order != '<' && order != '>' && order != '|' && order != '=') return bad();
    const char kind = descr[1];
    if (descr[2] < '1' || descr[2] > '8') return bad();
    const auto size = static_cast<std::size_t>(descr[2] - '0');
    for (const Dtype d : all_dtypes) {
        const char k = !is_integer(d) ? 'f' : is_unsigned(d) ? 'u' : 'i';
        if (k == kind && dtype_size(d) == size) {
            swap = order == '>' && size > 1;
            return d;
        }
    }
    return bad();
}

// Bytes of data the shape promises; refused when it cannot exist (numpy refuses such shapes too).
std::uint64_t data_bytes(const std::vector<std::size_t>& shape, std::size_t item, const std::string& file,
                         const std::string& prefix) {
    // The product of the non-zero axes must fit even when another axis is 0, so that strides
    // computed from the shape never overflow.
    std::optional<std::uint64_t> bytes = item;
    bool empty = false;
    for (const std::size_t d : shape) {
        empty = empty || d == 0;
        if (bytes && d > 0) bytes = checked_mul(*bytes, d);
    }
    if (!bytes || *bytes > max_array_bytes)
        throw file_error(file, join_where(prefix, "header field 'shape'"),
                         "shape " + shape_text(shape) + " of " + std::to_string(item) +
                             "-byte elements would need more than 2^63 bytes: no array can be that large");
    return empty ? 0 : *bytes;
}

// Reads the fixed prelude and the dict; `n` is how many bytes are available from `data`.
Header parse_header(const unsigned char* data, std::size_t n, const std::string& file, const std::string& prefix) {
    if (n < 10 || std::memcmp(data, magic, magic_len) != 0)
        throw file_error(file, join_where(prefix, "magic"), "not a .npy array (the file does not start with \\x93NUMPY)");
    const unsigned major = data[6];
    std::size_t header_len = 0;
    std::size_t prelude = 0;
    if (major == 1) {
        header_len = data[8] | (std::size_t{data[9]} << 8);
        prelude = 10;
    } else if (major == 2 || major == 3) {
        if (n < 12) throw file_error(file, join_where(prefix, "header"), "truncated");
        header_len = data[8] | (std::size_t{data[9]} << 8) | (std::size_t{data[10]} << 16) | (std::size_t{data[11]} << 24);
        prelude = 12;
    } else {
        throw file_error(file, join_where(prefix, "version"),
                         "format version " + std::to_string(major) + " is not supported (1, 2 or 3)");
    }
    if (n < prelude + header_len) throw file_error(file, join_where(prefix, "header"), "truncated");
    const std::string_view text(reinterpret_cast<const char*>(data + prelude), header_len);
    auto dict = HeaderParser(text, file, prefix).dict();

    Header h;
    h.data_offset = prelude + header_len;
    for (const auto& [key, value] : dict) {
        if (key != "descr" && key != "fortran_order" && key != "shape")
            throw file_error(file, join_where(prefix, "header field '" + key + "'"),
                             "unknown: a .npy header holds exactly 'descr', 'fortran_order' and 'shape'");
    }
    const auto field = [&](const char* key, Literal::Kind kind, const char* what) -> const Literal& {
        auto it = dict.find(key);
        const std::string where = join_where(prefix, std::string("header field '") + key + "'");
        if (it == dict.end()) throw file_error(file, where, "missing");
        if (it->second.kind != kind) throw file_error(file, where, std::string("expected ") + what);
        return it->second;
    };
    h.dtype = parse_descr(field("descr", Literal::string, "a dtype string").text, h.swap, file, prefix);
    h.fortran = field("fortran_order", Literal::boolean, "True or False").flag;
    h.shape = field("shape", Literal::tuple, "a tuple of integers").numbers;
    h.data_bytes = data_bytes(h.shape, dtype_size(h.dtype), file, prefix);
    return h;
}

// Total header length (prelude + dict) from the first bytes, or 0 if they are not a .npy prelude.
std::size_t header_length(const unsigned char* head, std::size_t got) {
    if (got < 10 || std::memcmp(head, magic, magic_len) != 0 || head[6] < 1 || head[6] > 3) return 0;
    if (head[6] == 1) return (head[8] | (std::size_t{head[9]} << 8)) + 10;
    if (got < 12) return 0;
    return (head[8] | (std::size_t{head[9]} << 8) | (std::size_t{head[10]} << 16) | (std::size_t{head[11]} << 24)) + 12;
}

void byteswap_all(std::vector<unsigned char>& bytes, std::size_t item) {
    for (std::size_t i = 0; i + item <= bytes.size(); i += item) std::reverse(&bytes[i], &bytes[i] + item);
}

// Reorders Fortran-order bytes into C order: walks the input in its own order (first axis
// fastest) and keeps the C-order offset of the current element up to date. `in` must hold exactly
// the shape's elements (parse_header guarantees it, and that no stride below overflows).
std::vector<unsigned char> fortran_to_c(const std::vector<unsigned char>& in, const std::vector<std::size_t>& shape,
                                        std::size_t item) {
    const std::size_t d = shape.size();
    std::size_t count = 1;
    for (const std::size_t n : shape) count *= n;
    if (count * item != in.size()) throw std::logic_error("fortran_to_c: the data does not match the shape");
    std::vector<unsigned char> out(in.size());
    std::vector<std::size_t> state(2 * d, 0);   // [0, d): C strides; [d, 2d): multi-index
    std::size_t stride = 1;
    for (std::size_t k = d; k-- > 0;) {
        state[k] = stride;
        stride *= shape[k];
    }
    std::size_t c = 0;
    for (std::size_t f = 0; f < count; ++f) {
        std::memcpy(&out[c * item], &in[f * item], item);
        for (std::size_t k = 0; k < d; ++k) {
            c += state[k];
            if (++state[d + k] < shape[k]) break;
            c -= state[k] * shape[k];
            state[d + k] = 0;
        }
    }
    return out;
}

Array finish(const Header& h, std::vector<unsigned char> bytes, const std::string& file, const std::string& prefix) {
    Array a;
    a.dtype = h.dtype;
    a.shape = h.shape;
    a.origin_file = file;
    a.origin_where = prefix;
    const std::size_t item = dtype_size(h.dtype);
    if (h.swap) byteswap_all(bytes, item);
    a.bytes = (h.fortran && h.shape.size() > 1) ? fortran_to_c(bytes, h.shape, item) : std::move(bytes);
    return a;
}

Array read_stream(const ByteReader& read, std::optional<std::uint64_t> source_size, const std::string& file,
                  const std::string& prefix) {
    const auto read_full = [&](unsigned char* to, std::size_t n) {
        std::size_t got = 0;
        while (got < n) {
            const std::size_t r = read(to + got, n - got);
            if (r == 0) break;
            got += r;
        }
        return got;
    };
    std::vector<unsigned char> head(12, 0);
    std::size_t got = read_full(head.data(), 12);
    const std::size_t len = header_length(head.data(), got);
    if (len == 0) {
        if (got == 0) throw file_error(file, prefix, "empty file");
        parse_header(head.data(), got, file, prefix);   // throws with the precise reason
    }
    if (len > max_header_bytes)
        throw file_error(file, join_where(prefix, "header"), "declares " + std::to_string(len) +
                                                                 " bytes, more than the " + std::to_string(max_header_bytes) +
                                                                 " a .npy header can reasonably need");
    if (source_size && len > *source_size)
        throw file_error(file, join_where(prefix, "header"), "truncated: it declares " + std::to_string(len) +
                                                                 " bytes, the file holds " + std::to_string(*source_size));
    if (len > got) {
        head.resize(len);
        got += read_full(head.data() + got, len - got);
    }
    const Header h = parse_header(head.data(), got, file, prefix);
    const std::uint64_t want = h.data_bytes;
    const std::string data_where = join_where(prefix, "data");
    const auto truncated = [&](std::uint64_t have) {
        return file_error(file, data_where, "truncated: the header promises " + std::to_string(want) + " bytes, found " +
                                                std::to_string(have) + " (shape " + shape_text(h.shape) + ", dtype " +
                                                dtype_descr(h.dtype) + ")");
    };
    if (source_size && want > *source_size - h.data_offset) throw truncated(*source_size - h.data_offset);
    if (want >= check_memory_from)
        connect::check_memory(file + ": " + data_where + " (shape " + shape_text(h.shape) + ", dtype " + dtype_descr(h.dtype) + ")",
                              static_cast<double>(want), 0.0);

    // Straight into the final buffer (for large edge tables every extra copy costs fresh memory),
    // grown chunk by chunk so that only data that really arrives is ever touched.
    std::vector<unsigned char> bytes;
    if (source_size) bytes.reserve(static_cast<std::size_t>(want));   // known to be there
    const std::size_t already = static_cast<std::size_t>(std::min<std::uint64_t>(got - h.data_offset, want));
    bytes.assign(head.begin() + static_cast<std::ptrdiff_t>(h.data_offset),
                 head.begin() + static_cast<std::ptrdiff_t>(h.data_offset + already));
    while (bytes.size() < want) {
        const std::size_t old = bytes.size();
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(want - old, read_chunk));
        bytes.resize(old + n);
        const std::size_t r = read_full(bytes.data() + old, n);
        if (r < n) throw truncated(old + r);
    }
    return finish(h, std::move(bytes), file, prefix);
}

}  // namespace

Array read_npy_stream(const ByteReader& read, const std::string& file, const std::string& where_prefix) {
    return read_stream(read, std::nullopt, file, where_prefix);
}

Array read_npy_stream(const ByteReader& read, std::uint64_t source_size, const std::string& file,
                      const std::string& where_prefix) {
    return read_stream(read, source_size, file, where_prefix);
}

Array parse_npy(const unsigned char* data, std::size_t n, const std::string& file, const std::string& where_prefix) {
    std::size_t pos = 0;
    return read_stream(
        [&](unsigned char* to, std::size_t len) {
            const std::size_t k = std::min(len, n - pos);
            if (k > 0) std::memcpy(to, data + pos, k);
            pos += k;
            return k;
        },
        n, file, where_prefix);
}

Array read_npy(const std::filesystem::path& path) {
    InputFile in(path);
    return read_stream([&](unsigned char* to, std::size_t len) { return in.read(to, len); }, in.size(), in.name(), "");
}

}  // namespace neurowire::io
