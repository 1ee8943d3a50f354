#pragma once
// numpy's .npy format (versions 1.0–3.0): the arrays every Python peer reads with np.load.
// Writers take non-owning views so large edge tables are never copied; readers return owning
// arrays in C order and native (little-endian) byte order, whatever order the file used.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include <armadillo>

namespace neurowire::io {

enum class Dtype : std::uint8_t { i8, u8, i16, u16, i32, u32, i64, u64, f32, f64 };

std::size_t dtype_size(Dtype dtype);
std::string dtype_descr(Dtype dtype);   // numpy's descr, e.g. "<u4"
bool is_integer(Dtype dtype);
bool is_unsigned(Dtype dtype);

template <class T>
constexpr Dtype dtype_of() {
    if constexpr (std::is_same_v<T, std::int8_t>) return Dtype::i8;
    else if constexpr (std::is_same_v<T, std::uint8_t>) return Dtype::u8;
    else if constexpr (std::is_same_v<T, std::int16_t>) return Dtype::i16;
    else if constexpr (std::is_same_v<T, std::uint16_t>) return Dtype::u16;
    else if constexpr (std::is_same_v<T, std::int32_t>) return Dtype::i32;
    else if constexpr (std::is_same_v<T, std::uint32_t>) return Dtype::u32;
    else if constexpr (std::is_same_v<T, std::int64_t>) return Dtype::i64;
    else if constexpr (std::is_same_v<T, std::uint64_t>) return Dtype::u64;
    else if constexpr (std::is_same_v<T, float>) return Dtype::f32;
    else if constexpr (std::is_same_v<T, double>) return Dtype::f64;
    else static_assert(sizeof(T) == 0, "no numpy dtype for this type");
}

// What a writer reads from: a typed pointer with a shape ({} is a 0-d scalar). `owner` keeps
// small owned values (scalars) alive; large data stays with its caller.
struct ArrayView {
    Dtype dtype = Dtype::f64;
    std::vector<std::size_t> shape;
    const void* data = nullptr;
    bool fortran_order = false;
    std::shared_ptr<const void> owner;

    std::size_t size() const;
    std::size_t bytes() const { return size() * dtype_size(dtype); }
};

template <class T>
ArrayView view(const T* data, std::vector<std::size_t> shape) {
    return ArrayView{dtype_of<T>(), std::move(shape), data, false, nullptr};
}
template <class T>
ArrayView view(const std::vector<T>& values) {
    return view(values.data(), {values.size()});
}
// Armadillo stores by column: an n_rows × n_cols matrix is written as numpy Fortran order.
inline ArrayView view(const arma::mat& m) {
    return ArrayView{Dtype::f64, {m.n_rows, m.n_cols}, m.memptr(), true, nullptr};
}
template <class T>
ArrayView scalar(T value) {
    auto stored = std::make_shared<T>(value);
    return ArrayView{dtype_of<T>(), {}, stored.get(), false, stored};
}

// An array read from a file: C order, native byte order.
struct Array {
    Dtype dtype = Dtype::f64;
    std::vector<std::size_t> shape;
    std::vector<unsigned char> bytes;
    // Where it was read from, for errors raised on its values ("" when built in code).
    std::string origin_file;
    std::string origin_where;   // e.g. "member 'weight.npy'"

    std::size_t size() const;
    ArrayView view() const { return ArrayView{dtype, shape, bytes.data(), false, nullptr}; }
    // Every element converted to T by static_cast; callers check integer ranges first. A float
    // value that T cannot hold (NaN or out of range for an integer T, beyond ±3.4e38 for float)
    // is a file_error naming the origin and the element, never undefined behaviour.
    template <class T>
    std::vector<T> values() const;
    double value_at(std::size_t i) const;   // element i (C order) as double; std::out_of_range past the end
};

// A file_error naming `file`, `what` and the first element (with its row and column for a 2-D
// array) that is NaN or infinite; nothing for integer arrays.
void check_finite(const Array& array, const std::string& file, const std::string& what);

// The header (magic, version, dict, padding to 64 bytes) of an array.
std::string npy_header(const ArrayView& array);
void write_npy(std::ostream& out, const ArrayView& array);
// Atomic (see atomic_file.hpp).
void write_npy(const std::filesystem::path& path, const ArrayView& array);

// Only a regular file is read (see input_file.hpp); every size in the header is checked against
// the file's length before the data is allocated.
Array read_npy(const std::filesystem::path& path);
// Reads a .npy from any byte source: `read(to, n)` fills up to n bytes and returns how many (0 at
// the end). Errors name `file` and start `where` with `where_prefix` (e.g. "member 'source.npy'").
using ByteReader = std::function<std::size_t(unsigned char* to, std::size_t n)>;
Array read_npy_stream(const ByteReader& read, const std::string& file, const std::string& where_prefix = "");
// The same for a source known to hold `source_size` bytes in all (a file, a zip member): a header
// promising more data than that is refused before anything is allocated.
Array read_npy_stream(const ByteReader& read, std::uint64_t source_size, const std::string& file,
                      const std::string& where_prefix = "");
// Parses an in-memory .npy.
Array parse_npy(const unsigned char* data, std::size_t n, const std::string& file,
                const std::string& where_prefix = "");

}  // namespace neurowire::io
