// NPY headers written by an attacker: shapes whose products overflow 2^64, numbers that overflow
// parsing, sizes beyond the file, lying or oversized headers. Each must be a file_error naming the
// file and the field, raised before the data is allocated.
#include <boost/test/unit_test.hpp>

#include <cstring>
#include <limits>

#include "core/error.hpp"
#include "io/npy.hpp"
#include "io/positions_file.hpp"
#include "hostile.hpp"
#include "temp_dir.hpp"

using namespace neurowire;
using test::npy_bytes;
using test::npy_dict;
using test::TempDir;

namespace {

std::string zeros(std::size_t n) { return std::string(n, '\0'); }

// read_npy on `content` must fail at `where` with `problem`, cheaply.
file_error npy_refused(const std::string& content, const std::string& where, const std::string& problem) {
    TempDir dir;
    test::write_text(dir / "bad.npy", content);
    return test::expect_cheap_refusal([&] { io::read_npy(dir / "bad.npy"); }, (dir / "bad.npy").string(), where, problem);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(npy_hostile)

// 9223372036854775813 × 2 = 10 modulo 2^64: the old reader accepted 80 bytes for it, and
// bounding_box then read past the 10 values.
BOOST_AUTO_TEST_CASE(shape_product_overflowing_64_bits_is_refused) {
    const std::string file = npy_bytes(npy_dict("<f8", "(9223372036854775813, 2)"), zeros(80));
    npy_refused(file, "header field 'shape'", "more than 2^63 bytes");
    TempDir dir;
    test::write_text(dir / "p.npy", file);
    test::expect_file_error([&] { io::read_positions(dir / "p.npy"); }, (dir / "p.npy").string(), "header field 'shape'",
                            "(9223372036854775813, 2)");
    // Products that overflow only with the item size, or only across three axes.
    npy_refused(npy_bytes(npy_dict("<f8", "(2305843009213693952,)"), zeros(8)), "header field 'shape'", "2^63");
    npy_refused(npy_bytes(npy_dict("<u1", "(4294967296, 4294967296, 2)"), zeros(8)), "header field 'shape'", "2^63");
    // A zero axis makes the array empty, but the other axes must still make sense (numpy agrees).
    npy_refused(npy_bytes(npy_dict("<f8", "(0, 4611686018427387904, 4)")), "header field 'shape'", "2^63");
}

// The Fortran-order reorder walked the overflowing shape and wrote past its buffer.
BOOST_AUTO_TEST_CASE(fortran_order_with_overflowing_shape_is_refused) {
    npy_refused(npy_bytes(npy_dict("<f8", "(4611686018427387905, 4)", true), zeros(64)), "header field 'shape'", "2^63");
    npy_refused(npy_bytes(npy_dict("<i4", "(3, 6148914691236517206)", true), zeros(48)), "header field 'shape'", "2^63");
    // A sound Fortran-order array still reads, reordered to C order.
    TempDir dir;
    const std::vector<std::int32_t> column_major{1, 4, 2, 5, 3, 6};
    test::write_text(dir / "f.npy", npy_bytes(npy_dict("<i4", "(2, 3)", true),
                                              std::string(reinterpret_cast<const char*>(column_major.data()), 24)));
    BOOST_TEST(io::read_npy(dir / "f.npy").values<std::int32_t>() == (std::vector<std::int32_t>{1, 2, 3, 4, 5, 6}));
}

BOOST_AUTO_TEST_CASE(numbers_overflowing_the_parser_are_refused) {
    // 2^64 + 3 used to wrap to 3 and read as a 3-element array.
    const auto e = npy_refused(npy_bytes(npy_dict("<u1", "(18446744073709551619,)"), "abc"), "header field 'shape'",
                               "18446744073709551619 does not fit in 64 bits");
    BOOST_TEST(std::string(e.what()).find("bad.npy") != std::string::npos);
    npy_refused(npy_bytes(npy_dict("<u1", "(99999999999999999999999999999999999999, 1)"), "a"), "header field 'shape'",
                "does not fit");
    // A dtype size with many digits wrapped to 8 and read as float64.
    npy_refused(npy_bytes(npy_dict("<f18446744073709551624", "(1,)"), zeros(8)), "header field 'descr'", "unsupported dtype");
    npy_refused(npy_bytes(npy_dict("<f08", "(1,)"), zeros(8)), "header field 'descr'", "unsupported dtype");
}

// An 80-byte file claiming 10^9 float64 (8 GB): refused from the file's length, not after
// allocating and zeroing 8 GB; the same for 10^15 elements (8 PB: not even allocatable).
BOOST_AUTO_TEST_CASE(data_longer_than_the_file_is_refused_before_allocating) {
    const auto e = npy_refused(npy_bytes(npy_dict("<f8", "(1000000000,)"), zeros(16)), "data",
                               "promises 8000000000 bytes, found 16");
    BOOST_TEST(e.problem.find("shape (1000000000,), dtype <f8") != std::string::npos);
    npy_refused(npy_bytes(npy_dict("<f8", "(1000000000, 1000000)"), zeros(16)), "data", "truncated");
    // In memory the same: the buffer's length bounds the data.
    const std::string bytes = npy_bytes(npy_dict("<f8", "(1000000000,)"), zeros(16));
    test::expect_cheap_refusal(
        [&] { io::parse_npy(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), "mem.npy"); }, "mem.npy",
        "data", "truncated");
}

// A source of unknown length grows its buffer with the data that arrives; a claim beyond the
// memory of the machine is a memory_error up front, not a bare "out of memory".
BOOST_AUTO_TEST_CASE(streams_of_unknown_length_are_bounded_by_their_data) {
    const std::string bytes = npy_bytes(npy_dict("<f8", "(100000000,)"), zeros(800));   // claims 800 MB
    std::size_t pos = 0;
    const auto reader = [&](unsigned char* to, std::size_t n) {
        const std::size_t k = std::min(n, bytes.size() - pos);
        std::memcpy(to, bytes.data() + pos, k);
        pos += k;
        return k;
    };
    test::expect_cheap_refusal([&] { io::read_npy_stream(reader, "stream.npy", "member 'x.npy'"); }, "stream.npy",
                               "member 'x.npy': data", "promises 800000000 bytes, found 800");
    pos = 0;
    const std::string huge = npy_bytes(npy_dict("<f8", "(1000000000000000000,)"), zeros(8));
    const auto huge_reader = [&](unsigned char* to, std::size_t n) {
        const std::size_t k = std::min(n, huge.size() - pos);
        std::memcpy(to, huge.data() + pos, k);
        pos += k;
        return k;
    };
    BOOST_CHECK_EXCEPTION(io::read_npy_stream(huge_reader, "stream.npy"), memory_error, [](const memory_error& m) {
        return std::string(m.what()).find("stream.npy: data (shape (1000000000000000000,), dtype <f8)") == 0;
    });
}

BOOST_AUTO_TEST_CASE(lying_or_oversized_headers_are_refused) {
    // Version 2 with a 4 GB header length, in a 20-byte file.
    std::string v2("\x93NUMPY\x02\x00\xff\xff\xff\xff", 12);
    npy_refused(v2 + "{'descr': ", "header", "declares 4294967307 bytes");
    // 600 KB claimed, 100 bytes present.
    std::string mid("\x93NUMPY\x02\x00\x00\x60\x09\x00", 12);
    npy_refused(mid + std::string(100, ' '), "header", "truncated");
    // Keys: duplicates, unknown keys, text after the dict.
    npy_refused(npy_bytes("{'descr': '<f8', 'descr': '<i1', 'fortran_order': False, 'shape': (1,), }", zeros(8)),
                "header field 'descr'", "appears twice");
    npy_refused(npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'extra': 1, }", zeros(8)),
                "header field 'extra'", "");
    npy_refused(npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'other': (1,), }", zeros(8)),
                "header field 'other'", "exactly 'descr', 'fortran_order' and 'shape'");
    npy_refused(npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), } junk", zeros(8)), "header",
                "unexpected text after the dict");
    // More axes than any array has.
    std::string many = "(";
    for (int k = 0; k < 65; ++k) many += "1, ";
    npy_refused(npy_bytes(npy_dict("<f8", many + ")"), zeros(8)), "header field 'shape'", "more than 64 entries");
}

BOOST_AUTO_TEST_CASE(empty_arrays_with_sane_shapes_still_read) {
    TempDir dir;
    test::write_text(dir / "e.npy", npy_bytes(npy_dict("<f8", "(0, 5)")));
    const io::Array a = io::read_npy(dir / "e.npy");
    BOOST_TEST(a.size() == 0u);
    BOOST_TEST(a.shape == (std::vector<std::size_t>{0, 5}));
}

// Conversions that would be undefined behaviour (a float beyond the target's range) are
// file_errors naming the array's origin and the element.
BOOST_AUTO_TEST_CASE(out_of_range_conversions_are_file_errors) {
    TempDir dir;
    const std::vector<double> v{1.0, -1e300, 3.0};
    io::write_npy(dir / "w.npy", io::view(v));
    const io::Array a = io::read_npy(dir / "w.npy");
    test::expect_file_error([&] { a.values<float>(); }, (dir / "w.npy").string(), "element 1", "does not fit <f4");
    test::expect_file_error([&] { a.values<std::int32_t>(); }, (dir / "w.npy").string(), "element 1", "does not fit <i4");
    BOOST_TEST(a.values<double>() == v);
    const std::vector<double> nan{0.5, std::numeric_limits<double>::quiet_NaN()};
    io::write_npy(dir / "n.npy", io::view(nan));
    const io::Array b = io::read_npy(dir / "n.npy");
    test::expect_file_error([&] { b.values<std::uint8_t>(); }, (dir / "n.npy").string(), "element 1", "does not fit |u1");
    BOOST_TEST(std::isnan(b.values<float>()[1]));   // NaN is a float32 value
    test::expect_file_error([&] { io::check_finite(b, "n.npy", "weights"); }, "n.npy", "weights: element 1", "NaN");
    BOOST_CHECK_THROW(b.value_at(2), std::out_of_range);
    // Values within range convert as before, truncating toward zero.
    const std::vector<double> ok{-128.0, 255.5, 4294967295.0};
    io::write_npy(dir / "ok.npy", io::view(ok));
    BOOST_TEST(io::read_npy(dir / "ok.npy").values<std::int64_t>() == (std::vector<std::int64_t>{-128, 255, 4294967295}));
}

BOOST_AUTO_TEST_SUITE_END()
