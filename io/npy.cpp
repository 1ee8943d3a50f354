// The header dict is a Python literal; we parse the small subset numpy writes (strings, booleans,
// tuples of integers) rather than pull in a Python parser. Byte order and Fortran order are
// normalised on reading so the rest of the code sees one layout.
#include "io/npy.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <fstream>
#include <map>
#include <ostream>

#include "core/error.hpp"
#include "io/atomic_file.hpp"

namespace neurowire::io {

static_assert(std::endian::native == std::endian::little, "neurowire writes little-endian data");

namespace {

constexpr char magic[] = "\x93NUMPY";
constexpr std::size_t magic_len = 6;

struct DtypeInfo {
    Dtype dtype;
    char kind;
    std::size_t size;
};
constexpr DtypeInfo dtype_table[] = {
    {Dtype::i8, 'i', 1}, {Dtype::u8, 'u', 1},  {Dtype::i16, 'i', 2}, {Dtype::u16, 'u', 2},
    {Dtype::i32, 'i', 4}, {Dtype::u32, 'u', 4}, {Dtype::i64, 'i', 8}, {Dtype::u64, 'u', 8},
    {Dtype::f32, 'f', 4}, {Dtype::f64, 'f', 8},
};

const DtypeInfo& info(Dtype dtype) { return dtype_table[static_cast<int>(dtype)]; }

std::string join_where(const std::string& prefix, const std::string& where) {
    return prefix.empty() ? where : prefix + ": " + where;
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
            out[key] = value(key);
            skip_space();
            if (peek() == ',') ++pos_;
            else if (peek() != '}') fail("header", "expected ',' or '}' at offset " + std::to_string(pos_));
        }
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
        while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\t')) ++pos_;
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
                if (peek() < '0' || peek() > '9')
                    fail("header field '" + key + "'", "expected a non-negative integer");
                std::size_t n = 0;
                while (peek() >= '0' && peek() <= '9') n = n * 10 + static_cast<std::size_t>(s_[pos_++] - '0');
                if (peek() == 'L') ++pos_;   // written by Python 2
                lit.numbers.push_back(n);
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
};

Dtype parse_descr(const std::string& descr, bool& swap, const std::string& file, const std::string& prefix) {
    const std::string where = join_where(prefix, "header field 'descr'");
    const auto bad = [&]() -> Dtype {
        throw file_error(file, where, "unsupported dtype '" + descr +
                                          "': expected a little- or big-endian int, uint or float "
                                          "(i1–i8, u1–u8, f4, f8)");
    };
    if (descr.size() < 3) return bad();
    const char order = descr[0];
    if (order != '<' && order != '>' && order != '|' && order != '=') return bad();
    const char kind = descr[1];
    std::size_t size = 0;
    for (std::size_t i = 2; i < descr.size(); ++i) {
        if (descr[i] < '0' || descr[i] > '9') return bad();
        size = size * 10 + static_cast<std::size_t>(descr[i] - '0');
    }
    for (const auto& d : dtype_table) {
        if (d.kind == kind && d.size == size) {
            swap = order == '>' && size > 1;
            return d.dtype;
        }
    }
    return bad();
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
    return h;
}

std::size_t product(const std::vector<std::size_t>& shape) {
    std::size_t n = 1;
    for (auto d : shape) n *= d;
    return n;
}

void byteswap_all(std::vector<unsigned char>& bytes, std::size_t item) {
    for (std::size_t i = 0; i + item <= bytes.size(); i += item) std::reverse(&bytes[i], &bytes[i] + item);
}

// Reorders Fortran-order bytes into C order: walks the input in its own order (first axis
// fastest) and keeps the C-order offset of the current element up to date.
std::vector<unsigned char> fortran_to_c(const std::vector<unsigned char>& in, const std::vector<std::size_t>& shape,
                                        std::size_t item) {
    const std::size_t d = shape.size();
    std::vector<unsigned char> out(in.size());
    std::vector<std::size_t> state(2 * d, 0);   // [0, d): C strides; [d, 2d): multi-index
    std::size_t stride = 1;
    for (std::size_t k = d; k-- > 0;) {
        state[k] = stride;
        stride *= shape[k];
    }
    std::size_t c = 0;
    for (std::size_t f = 0; f < in.size() / item; ++f) {
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

Array finish(const Header& h, std::vector<unsigned char> bytes) {
    Array a;
    a.dtype = h.dtype;
    a.shape = h.shape;
    const std::size_t item = dtype_size(h.dtype);
    if (h.swap) byteswap_all(bytes, item);
    a.bytes = (h.fortran && h.shape.size() > 1) ? fortran_to_c(bytes, h.shape, item) : std::move(bytes);
    return a;
}

template <class T, class F>
decltype(auto) dispatch(Dtype dtype, F&& f) {
    switch (dtype) {
        case Dtype::i8: return f(std::int8_t{});
        case Dtype::u8: return f(std::uint8_t{});
        case Dtype::i16: return f(std::int16_t{});
        case Dtype::u16: return f(std::uint16_t{});
        case Dtype::i32: return f(std::int32_t{});
        case Dtype::u32: return f(std::uint32_t{});
        case Dtype::i64: return f(std::int64_t{});
        case Dtype::u64: return f(std::uint64_t{});
        case Dtype::f32: return f(float{});
        case Dtype::f64: break;
    }
    return f(double{});
}

}  // namespace

std::size_t dtype_size(Dtype dtype) { return info(dtype).size; }
bool is_integer(Dtype dtype) { return info(dtype).kind != 'f'; }
bool is_unsigned(Dtype dtype) { return info(dtype).kind == 'u'; }
std::string dtype_descr(Dtype dtype) {
    const auto& d = info(dtype);
    return std::string(d.size == 1 ? "|" : "<") + d.kind + std::to_string(d.size);
}

std::size_t ArrayView::size() const { return product(shape); }
std::size_t Array::size() const { return product(shape); }

template <class T>
std::vector<T> Array::values() const {
    if (dtype == dtype_of<T>()) {
        std::vector<T> out(size());
        if (!out.empty()) std::memcpy(out.data(), bytes.data(), out.size() * sizeof(T));
        return out;
    }
    return dispatch<T>(dtype, [&](auto tag) {
        using S = decltype(tag);
        std::vector<T> out(size());
        const auto* src = bytes.data();
        for (std::size_t i = 0; i < out.size(); ++i) {
            S v;
            std::memcpy(&v, src + i * sizeof(S), sizeof(S));
            out[i] = static_cast<T>(v);
        }
        return out;
    });
}

double Array::value_at(std::size_t i) const {
    return dispatch<double>(dtype, [&](auto tag) {
        decltype(tag) v;
        std::memcpy(&v, bytes.data() + i * sizeof(v), sizeof(v));
        return static_cast<double>(v);
    });
}

template std::vector<std::int8_t> Array::values() const;
template std::vector<std::uint8_t> Array::values() const;
template std::vector<std::int16_t> Array::values() const;
template std::vector<std::uint16_t> Array::values() const;
template std::vector<std::int32_t> Array::values() const;
template std::vector<std::uint32_t> Array::values() const;
template std::vector<std::int64_t> Array::values() const;
template std::vector<std::uint64_t> Array::values() const;
template std::vector<float> Array::values() const;
template std::vector<double> Array::values() const;

std::string npy_header(const ArrayView& array) {
    std::string dict = "{'descr': '" + dtype_descr(array.dtype) + "', 'fortran_order': " +
                       (array.fortran_order ? "True" : "False") + ", 'shape': (";
    for (std::size_t k = 0; k < array.shape.size(); ++k) {
        dict += std::to_string(array.shape[k]);
        if (array.shape.size() == 1 || k + 1 < array.shape.size()) dict += ",";
        if (k + 1 < array.shape.size()) dict += " ";
    }
    dict += "), }";
    // numpy pads the header with spaces and a newline so the data starts at a multiple of 64.
    const bool v2 = dict.size() + 11 > 65535;
    const std::size_t prelude = v2 ? 12 : 10;
    const std::size_t total = (prelude + dict.size() + 1 + 63) / 64 * 64;
    dict.append(total - prelude - dict.size() - 1, ' ');
    dict += '\n';
    std::string out(magic, magic_len);
    out += static_cast<char>(v2 ? 2 : 1);
    out += '\0';
    const std::size_t len = dict.size();
    out += static_cast<char>(len & 0xff);
    out += static_cast<char>((len >> 8) & 0xff);
    if (v2) {
        out += static_cast<char>((len >> 16) & 0xff);
        out += static_cast<char>((len >> 24) & 0xff);
    }
    return out + dict;
}

void write_npy(std::ostream& out, const ArrayView& array) {
    const std::string header = npy_header(array);
    out.write(header.data(), static_cast<std::streamsize>(header.size()));
    out.write(static_cast<const char*>(array.data), static_cast<std::streamsize>(array.bytes()));
}

void write_npy(const std::filesystem::path& path, const ArrayView& array) {
    write_stream_atomically(path, [&](std::ostream& out) { write_npy(out, array); }, true);
}

Array read_npy_stream(const ByteReader& read, const std::string& file, const std::string& where_prefix) {
    // The header is read first so the data goes straight into its final buffer: for large edge
    // tables every extra copy costs fresh memory.
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
    if (got < 10 || std::memcmp(head.data(), magic, magic_len) != 0 || head[6] < 1 || head[6] > 3) {
        if (got == 0) throw file_error(file, where_prefix, "empty file");
        parse_header(head.data(), got, file, where_prefix);   // throws with the precise reason
    }
    const std::size_t len = head[6] == 1 ? (head[8] | (std::size_t{head[9]} << 8)) + 10
                                          : (head[8] | (std::size_t{head[9]} << 8) | (std::size_t{head[10]} << 16) |
                                             (std::size_t{head[11]} << 24)) + 12;
    if (len > got) {
        head.resize(len);
        got += read_full(head.data() + got, len - got);
    }
    const Header h = parse_header(head.data(), got, file, where_prefix);
    const std::size_t want = product(h.shape) * dtype_size(h.dtype);
    std::vector<unsigned char> bytes(want);
    const std::size_t already = std::min(got - h.data_offset, want);   // data read with the header
    if (already > 0) std::memcpy(bytes.data(), head.data() + h.data_offset, already);
    const std::size_t have = already + read_full(bytes.data() + already, want - already);
    if (have < want)
        throw file_error(file, join_where(where_prefix, "data"), "truncated: the header promises " +
                                                                     std::to_string(want) + " bytes, found " +
                                                                     std::to_string(have));
    return finish(h, std::move(bytes));
}

Array parse_npy(const unsigned char* data, std::size_t n, const std::string& file, const std::string& where_prefix) {
    std::size_t pos = 0;
    return read_npy_stream(
        [&](unsigned char* to, std::size_t len) {
            const std::size_t k = std::min(len, n - pos);
            std::memcpy(to, data + pos, k);
            pos += k;
            return k;
        },
        file, where_prefix);
}

Array read_npy(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw_os_error(path, "cannot open");
    return read_npy_stream(
        [&](unsigned char* to, std::size_t len) {
            in.read(reinterpret_cast<char*>(to), static_cast<std::streamsize>(len));
            return static_cast<std::size_t>(in.gcount());
        },
        path.string(), "");
}

}  // namespace neurowire::io
