// dtypes, arrays and the .npy writer (the reader is in npy_read.cpp).
#include "io/npy.hpp"

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <ostream>
#include <stdexcept>

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

std::size_t product(const std::vector<std::size_t>& shape) {
    std::size_t n = 1;
    for (auto d : shape) n *= d;
    return n;
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

namespace {

// static_cast from S to T where it is defined; a file_error for the float values it is not.
template <class T, class S>
T convert(S v, const Array& a, std::size_t i) {
    if constexpr (std::is_floating_point_v<S> && !std::is_same_v<S, T>) {
        bool fits = true;
        if constexpr (std::is_integral_v<T>) {
            const S past_max = std::ldexp(S(1), std::numeric_limits<T>::digits);   // max + 1, exact
            fits = std::is_signed_v<T> ? (v >= -past_max && v < past_max) : (v > S(-1) && v < past_max);
        } else {
            fits = !std::isfinite(v) || std::fabs(v) <= static_cast<S>(std::numeric_limits<T>::max());
        }
        if (!fits)
            throw file_error(a.origin_file, (a.origin_where.empty() ? "" : a.origin_where + ": ") + "element " + std::to_string(i),
                             "the value " + std::to_string(v) + " does not fit " + dtype_descr(dtype_of<T>()));
    }
    return static_cast<T>(v);
}

}  // namespace

template <class T>
std::vector<T> Array::values() const {
    const std::size_t n = size();
    if (bytes.size() < n * dtype_size(dtype)) throw std::logic_error("Array::values: fewer bytes than the shape holds");
    if (dtype == dtype_of<T>()) {
        std::vector<T> out(n);
        if (!out.empty()) std::memcpy(out.data(), bytes.data(), out.size() * sizeof(T));
        return out;
    }
    return dispatch<T>(dtype, [&](auto tag) {
        using S = decltype(tag);
        std::vector<T> out(n);
        const auto* src = bytes.data();
        for (std::size_t i = 0; i < out.size(); ++i) {
            S v;
            std::memcpy(&v, src + i * sizeof(S), sizeof(S));
            out[i] = convert<T>(v, *this, i);
        }
        return out;
    });
}

double Array::value_at(std::size_t i) const {
    if (i >= size() || (i + 1) * dtype_size(dtype) > bytes.size()) throw std::out_of_range("Array::value_at: index past the end");
    return dispatch<double>(dtype, [&](auto tag) {
        decltype(tag) v;
        std::memcpy(&v, bytes.data() + i * sizeof(v), sizeof(v));
        return static_cast<double>(v);
    });
}

void check_finite(const Array& array, const std::string& file, const std::string& what) {
    if (is_integer(array.dtype)) return;
    const std::size_t n = array.size();
    for (std::size_t i = 0; i < n; ++i) {
        const double v = array.value_at(i);
        if (std::isfinite(v)) continue;
        const std::string at = array.shape.size() == 2 && array.shape[1] > 0
            ? "row " + std::to_string(i / array.shape[1]) + ", column " + std::to_string(i % array.shape[1])
            : "element " + std::to_string(i);
        throw file_error(file, what.empty() ? at : what + ": " + at,
                         "expected finite values, found " + std::string(std::isnan(v) ? "NaN" : v > 0 ? "inf" : "-inf"));
    }
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

}  // namespace neurowire::io
