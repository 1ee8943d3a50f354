// NPZ archives written by an attacker: members whose .npy promises more than the member holds,
// zip directories that lie about sizes (zip bombs), duplicate names, odd compression, values that
// do not fit the connectome's types. Archives are made with libzip and then patched byte by byte.
#include <boost/test/unit_test.hpp>

#include <cstring>
#include <limits>

#include <zip.h>

#include "core/error.hpp"
#include "io/connectome_files.hpp"
#include "io/npz.hpp"
#include "hostile.hpp"
#include "temp_dir.hpp"

using namespace neurowire;
using test::npy_bytes;
using test::npy_dict;
using test::TempDir;

namespace {

struct Member {
    std::string name;
    std::string content;
    bool deflate = false;
};

// A zip archive holding `members`, as bytes.
std::string make_zip(const TempDir& dir, const std::vector<Member>& members) {
    const auto path = dir / "made.zip";
    int code = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
    BOOST_REQUIRE(z);
    for (const auto& m : members) {
        zip_source_t* src = zip_source_buffer(z, m.content.data(), m.content.size(), 0);
        const zip_int64_t i = zip_file_add(z, m.name.c_str(), src, 0);
        BOOST_REQUIRE(i >= 0);
        zip_set_file_compression(z, static_cast<zip_uint64_t>(i), m.deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 1);
    }
    BOOST_REQUIRE(zip_close(z) == 0);
    const std::string bytes = test::read_text(path);
    std::filesystem::remove(path);
    return bytes;
}

void put32(std::string& bytes, std::size_t at, std::uint32_t v) {
    for (int k = 0; k < 4; ++k) bytes[at + k] = static_cast<char>((v >> (8 * k)) & 0xff);
}
void put16(std::string& bytes, std::size_t at, std::uint16_t v) {
    bytes[at] = static_cast<char>(v & 0xff);
    bytes[at + 1] = static_cast<char>(v >> 8);
}

// Offsets of the local header and the central directory entry of `name`.
std::pair<std::size_t, std::size_t> headers_of(const std::string& bytes, const std::string& name) {
    const std::string local("PK\x03\x04", 4), central("PK\x01\x02", 4);
    std::size_t l = std::string::npos, c = std::string::npos;
    for (std::size_t at = bytes.find(local); at != std::string::npos; at = bytes.find(local, at + 1))
        if (bytes.compare(at + 30, name.size(), name) == 0) l = at;
    for (std::size_t at = bytes.find(central); at != std::string::npos; at = bytes.find(central, at + 1))
        if (bytes.compare(at + 46, name.size(), name) == 0) c = at;
    BOOST_REQUIRE(l != std::string::npos);
    BOOST_REQUIRE(c != std::string::npos);
    return {l, c};
}

// Field patches in both headers (the zip directory is what readers trust).
void set_uncompressed_size(std::string& bytes, const std::string& name, std::uint32_t size) {
    const auto [l, c] = headers_of(bytes, name);
    put32(bytes, l + 22, size);
    put32(bytes, c + 24, size);
}
void set_compressed_size(std::string& bytes, const std::string& name, std::uint32_t size) {
    const auto [l, c] = headers_of(bytes, name);
    put32(bytes, l + 18, size);
    put32(bytes, c + 20, size);
}
void set_method(std::string& bytes, const std::string& name, std::uint16_t method) {
    const auto [l, c] = headers_of(bytes, name);
    put16(bytes, l + 8, method);
    put16(bytes, c + 10, method);
}

file_error npz_refused(const TempDir& dir, const std::string& bytes, const std::string& where, const std::string& problem) {
    test::write_text(dir / "bad.npz", bytes);
    return test::expect_cheap_refusal([&] { io::read_npz(dir / "bad.npz"); }, (dir / "bad.npz").string(), where, problem);
}

std::string doubles(const std::vector<double>& v) {
    return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(double));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(npz_hostile)

// The member's .npy promises 800 MB; the member holds 928 bytes. Refused from the zip
// directory's size, before allocating.
BOOST_AUTO_TEST_CASE(npy_promising_more_than_the_member_is_refused_before_allocating) {
    TempDir dir;
    const std::string bytes = make_zip(dir, {{"x.npy", npy_bytes(npy_dict("<f8", "(100000000,)"), std::string(800, '\0'))}});
    npz_refused(dir, bytes, "member 'x.npy': data", "promises 800000000 bytes, found 800");
}

// A small deflated archive whose .npy promises 1 GiB while its 64 MiB of zeros inflate to less:
// the old reader allocated the GiB and inflated everything before noticing.
BOOST_AUTO_TEST_CASE(small_archive_promising_a_gigabyte_is_refused_up_front) {
    TempDir dir;
    const std::string npy = npy_bytes(npy_dict("<f8", "(134217728,)"), std::string(std::size_t{64} << 20, '\0'));
    const std::string bytes = make_zip(dir, {{"w.npy", npy, true}});
    BOOST_TEST(bytes.size() < (std::size_t{1} << 20));
    npz_refused(dir, bytes, "member 'w.npy': data", "promises 1073741824 bytes, found 67108864");
}

// Zip directories that lie: more inflated bytes than deflate can make of the compressed ones,
// compressed sizes beyond the archive, stored members whose two sizes differ.
BOOST_AUTO_TEST_CASE(lying_zip_directories_are_refused) {
    TempDir dir;
    const std::string npy = npy_bytes(npy_dict("<f8", "(131072,)"), std::string(std::size_t{1} << 20, '\0'));
    std::string bomb = make_zip(dir, {{"w.npy", npy, true}});
    set_uncompressed_size(bomb, "w.npy", 0x7fffffff);
    npz_refused(dir, bomb, "member 'w.npy'", "more than deflate can produce");

    std::string stored = make_zip(dir, {{"s.npy", npy_bytes(npy_dict("<f8", "(2,)"), doubles({1, 2}))}});
    std::string wide = stored;
    set_compressed_size(wide, "s.npy", 0x7fffffff);
    npz_refused(dir, wide, "member 's.npy'", "more than the whole archive holds");
    std::string uneven = stored;
    set_uncompressed_size(uneven, "s.npy", 1000);
    npz_refused(dir, uneven, "member 's.npy'", "stored uncompressed, yet declares 1000 bytes");
    std::string bzip = stored;
    set_method(bzip, "s.npy", 12);
    npz_refused(dir, bzip, "member 's.npy'", "compression method 12");
}

// Decompression stops at the declared size: a member that inflates to more is an error, and the
// surplus is never read.
BOOST_AUTO_TEST_CASE(inflating_past_the_declared_size_is_an_error) {
    TempDir dir;
    const std::string npy = npy_bytes(npy_dict("<f8", "(2,)"), doubles({1, 2}));
    std::string bytes = make_zip(dir, {{"x.npy", npy + std::string(std::size_t{4} << 20, '\0'), true}});
    set_uncompressed_size(bytes, "x.npy", static_cast<std::uint32_t>(npy.size()));
    npz_refused(dir, bytes, "member 'x.npy'", "inflates to more than the 144 bytes it declares");
}

BOOST_AUTO_TEST_CASE(duplicate_member_names_are_refused) {
    TempDir dir;
    const std::string a = npy_bytes(npy_dict("<f8", "(1,)"), doubles({1}));
    std::string bytes = make_zip(dir, {{"a.npy", a}, {"b.npy", a}});
    const auto [l, c] = headers_of(bytes, "b.npy");
    bytes[l + 30] = 'a';
    bytes[c + 46] = 'a';
    npz_refused(dir, bytes, "member 'a.npy'", "appears twice");
}

// Members whose values do not fit the connectome: float64 beyond float32, NaN, negative delays.
BOOST_AUTO_TEST_CASE(connectome_values_that_do_not_fit_are_refused) {
    TempDir dir;
    const std::vector<std::uint32_t> ids{0, 1};
    const std::vector<double> wide{0.5, -1e300};
    const std::vector<float> good{1.0f, 2.0f};
    const std::vector<float> nan{1.0f, std::numeric_limits<float>::quiet_NaN()};
    const std::vector<float> negative{1.0f, -0.5f};
    const auto write = [&](const io::ArrayView& weight, const io::ArrayView& delay) {
        io::write_npz(dir / "c.npz", {{"source", io::view(ids)}, {"target", io::view(ids)}, {"weight", weight},
                                      {"delay", delay}, {"n_source", io::scalar(std::uint64_t{2})},
                                      {"n_target", io::scalar(std::uint64_t{2})}});
        return (dir / "c.npz").string();
    };
    std::string file = write(io::view(wide), io::view(good));
    test::expect_file_error([&] { io::read_connectome_npz(file); }, file, "member 'weight.npy': element 1", "does not fit <f4");
    file = write(io::view(nan), io::view(good));
    test::expect_file_error([&] { io::read_connectome_npz(file); }, file, "row 1", "finite weight");
    file = write(io::view(good), io::view(negative));
    test::expect_file_error([&] { io::read_connectome_npz(file); }, file, "row 1", "finite delay >= 0");
    file = write(io::view(good), io::view(nan));
    test::expect_file_error([&] { io::read_connectome_npz(file); }, file, "row 1", "finite delay >= 0");
}

BOOST_AUTO_TEST_SUITE_END()
