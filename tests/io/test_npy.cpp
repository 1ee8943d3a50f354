// NPY: round trips for every dtype and shape we write, numpy's header layout, and readers on
// Fortran-order, big-endian and broken files.
#include <boost/test/unit_test.hpp>

#include <cstring>

#include "core/error.hpp"
#include "io/npy.hpp"
#include "temp_dir.hpp"

using namespace neurowire;
using test::TempDir;

namespace {

// A .npy file made by hand: header dict, numpy's padding, raw bytes.
std::string npy_file(const std::string& dict, const std::string& data) {
    std::string header = dict;
    while ((10 + header.size() + 1) % 64 != 0) header += ' ';
    header += '\n';
    std::string out("\x93NUMPY\x01\x00", 8);
    out += static_cast<char>(header.size() & 0xff);
    out += static_cast<char>(header.size() >> 8);
    return out + header + data;
}

template <class T>
std::string raw(const std::vector<T>& v) {
    return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

template <class T>
void round_trip(const std::vector<T>& values, std::vector<std::size_t> shape) {
    TempDir dir;
    io::write_npy(dir / "a.npy", io::view(values.data(), shape));
    const io::Array a = io::read_npy(dir / "a.npy");
    BOOST_TEST((a.dtype == io::dtype_of<T>()));
    BOOST_TEST(a.shape == shape);
    BOOST_TEST(a.values<T>() == values);
}

file_error read_error(const std::string& content) {
    TempDir dir;
    test::write_text(dir / "bad.npy", content);
    try {
        io::read_npy(dir / "bad.npy");
    } catch (const file_error& e) {
        BOOST_TEST(e.file == (dir / "bad.npy").string());
        return e;
    }
    BOOST_FAIL("expected a file_error");
    return file_error("", "", "");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(npy)

BOOST_AUTO_TEST_CASE(round_trips_every_written_dtype) {
    round_trip(std::vector<std::uint32_t>{0, 1, 4294967295u}, {3});
    round_trip(std::vector<std::uint64_t>{0, 1ull << 40, 7, 8}, {2, 2});
    round_trip(std::vector<std::int64_t>{-5, 0, 1ll << 50}, {3, 1});
    round_trip(std::vector<float>{0.1f, -2.5f, 1e30f, 0.f, 3.f, 4.f}, {2, 3});
    round_trip(std::vector<double>{0.1, -2.5, 1e300}, {3});
    round_trip(std::vector<double>{}, {0});
    round_trip(std::vector<double>{}, {0, 3});
}

BOOST_AUTO_TEST_CASE(scalars_are_0d) {
    TempDir dir;
    io::write_npy(dir / "s.npy", io::scalar(std::uint64_t{42}));
    const io::Array a = io::read_npy(dir / "s.npy");
    BOOST_TEST(a.shape.empty());
    BOOST_TEST(a.size() == 1u);
    BOOST_TEST(a.values<std::uint64_t>() == std::vector<std::uint64_t>{42});
}

BOOST_AUTO_TEST_CASE(header_is_numpy_s) {
    const std::string h = io::npy_header(io::view(std::vector<float>(5)));
    BOOST_TEST(h.size() % 64 == 0u);
    BOOST_TEST(h.substr(0, 8) == std::string("\x93NUMPY\x01\x00", 8));
    BOOST_TEST(h.find("{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }") == 10u);
    BOOST_TEST(h.back() == '\n');
    const std::vector<double> m(6);
    BOOST_TEST(io::npy_header(io::view(m.data(), {2, 3})).find("'shape': (2, 3), }") != std::string::npos);
    BOOST_TEST(io::npy_header(io::scalar(1.0)).find("'shape': (), }") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(armadillo_matrices_are_written_in_fortran_order) {
    TempDir dir;
    arma::mat m = {{1, 2, 3}, {4, 5, 6}};
    io::write_npy(dir / "m.npy", io::view(m));
    const io::Array a = io::read_npy(dir / "m.npy");
    BOOST_TEST(a.shape == (std::vector<std::size_t>{2, 3}));
    BOOST_TEST(a.values<double>() == (std::vector<double>{1, 2, 3, 4, 5, 6}));   // C order on reading
}

BOOST_AUTO_TEST_CASE(reads_fortran_order_and_big_endian) {
    TempDir dir;
    // [[1, 2, 3], [4, 5, 6]] stored column by column.
    test::write_text(dir / "f.npy", npy_file("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }",
                                             raw(std::vector<double>{1, 4, 2, 5, 3, 6})));
    BOOST_TEST(io::read_npy(dir / "f.npy").values<double>() == (std::vector<double>{1, 2, 3, 4, 5, 6}));
    std::string be = raw(std::vector<std::uint32_t>{1, 256});
    for (std::size_t i = 0; i < be.size(); i += 4) std::reverse(be.begin() + static_cast<long>(i), be.begin() + static_cast<long>(i) + 4);
    test::write_text(dir / "b.npy", npy_file("{'descr': '>u4', 'fortran_order': False, 'shape': (2,), }", be));
    BOOST_TEST(io::read_npy(dir / "b.npy").values<std::uint32_t>() == (std::vector<std::uint32_t>{1, 256}));
}

BOOST_AUTO_TEST_CASE(values_convert_between_dtypes) {
    io::Array a;
    a.dtype = io::Dtype::i16;
    a.shape = {2};
    const std::vector<std::int16_t> v{-3, 7};
    a.bytes.resize(4);
    std::memcpy(a.bytes.data(), v.data(), 4);
    BOOST_TEST(a.values<double>() == (std::vector<double>{-3, 7}));
    BOOST_TEST(a.value_at(1) == 7.0);
}

BOOST_AUTO_TEST_CASE(errors_name_the_field) {
    BOOST_TEST(read_error("").problem == "empty file");
    BOOST_TEST(read_error("PK\x03\x04 something else").where == "magic");
    const auto dtype = read_error(npy_file("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", std::string(16, '\0')));
    BOOST_TEST(dtype.where == "header field 'descr'");
    BOOST_TEST(dtype.problem.find("'<c16'") != std::string::npos);
    BOOST_TEST(read_error(npy_file("{'descr': '<f8', 'fortran_order': False, }", "")).where == "header field 'shape'");
    BOOST_TEST(read_error(npy_file("{'descr': '<f8', 'fortran_order': 0, 'shape': (1,), }", raw(std::vector<double>{1})))
                   .where == "header field 'fortran_order'");
    const auto truncated = read_error(npy_file("{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }",
                                               raw(std::vector<double>{1, 2, 3})));
    BOOST_TEST(truncated.where == "data");
    BOOST_TEST(truncated.problem.find("32 bytes, found 24") != std::string::npos);
    BOOST_TEST(read_error(std::string("\x93NUMPY\x01\x00\x40\x00{'descr'", 17)).where == "header");
    BOOST_TEST(read_error(std::string("\x93NUMPY\x09\x00\x10\x00", 10)).where == "version");
}

BOOST_AUTO_TEST_CASE(message_names_file_and_field) {
    const auto e = read_error(npy_file("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", std::string(8, '\0')));
    const std::string what = e.what();
    BOOST_TEST(what.find("bad.npy: header field 'descr': unsupported dtype '|O'") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
