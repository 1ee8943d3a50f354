// The streamed .npz writer (io/npz_stream.hpp): the same bytes as write_npz() for slices written
// in any order, incomplete members refused, CRC-32 combination, ZIP64 records past 4 GiB.
#include <zlib.h>

#include <fstream>
#include <iterator>
#include <numeric>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "io/npz.hpp"
#include "io/npz_stream.hpp"
#include "temp_dir.hpp"

using namespace neurowire;
using test::TempDir;

namespace {

std::string bytes_of(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::uint32_t le32(const std::string& s, std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s[at + std::size_t(i)]);
    return v;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(npz_stream)

BOOST_AUTO_TEST_CASE(slices_in_any_order_give_write_npz_bytes) {
    TempDir dir;
    std::vector<std::uint32_t> a(100003);
    std::iota(a.begin(), a.end(), 7u);
    std::vector<float> b(100003);
    for (std::size_t i = 0; i < b.size(); ++i) b[i] = float(i) * 0.25f - 3.0f;
    io::write_npz(dir / "whole.npz", {{"a", io::view(a)}, {"b", io::view(b)}, {"n", io::scalar<std::uint64_t>(42)}},
                  io::Compression::store);
    {
        io::NpzStreamWriter w(dir / "streamed.npz", {{"a", io::Dtype::u32, {a.size()}},
                                                     {"b", io::Dtype::f32, {b.size()}},
                                                     {"n", io::Dtype::u64, {}}});
        // Uneven slices, the later ones first, the members interleaved.
        const std::size_t cut[] = {0, 1, 999, 50000, 77777, a.size()};
        for (int s = 4; s >= 0; --s) {
            const std::size_t lo = cut[s], hi = cut[s + 1];
            w.write(1, lo * 4, b.data() + lo, (hi - lo) * 4);
            w.write(0, lo * 4, a.data() + lo, (hi - lo) * 4);
        }
        const std::uint64_t n = 42;
        w.write(2, 0, &n, 8);
        w.finish();
    }
    const std::string whole = bytes_of(dir / "whole.npz"), streamed = bytes_of(dir / "streamed.npz");
    BOOST_TEST(whole.size() == streamed.size());
    BOOST_TEST((whole == streamed));
    const auto back = io::read_npz(dir / "streamed.npz");
    BOOST_TEST(back.size() == 3u);
}

BOOST_AUTO_TEST_CASE(a_member_with_a_gap_is_not_finished) {
    TempDir dir;
    std::vector<std::uint32_t> a(1000, 5u);
    io::NpzStreamWriter w(dir / "gap.npz", {{"a", io::Dtype::u32, {a.size()}}});
    w.write(0, 0, a.data(), 400);
    w.write(0, 800, a.data(), 3200);
    BOOST_CHECK_THROW(w.finish(), std::logic_error);
    BOOST_CHECK_THROW(w.write(0, 3999, a.data(), 4), std::logic_error);   // past the member's end
}

BOOST_AUTO_TEST_CASE(nothing_appears_before_finish) {
    TempDir dir;
    {
        io::NpzStreamWriter w(dir / "late.npz", {{"a", io::Dtype::u32, {10}}});
        const std::uint32_t x[10] = {};
        w.write(0, 0, x, sizeof x);
        BOOST_TEST(!std::filesystem::exists(dir / "late.npz"));
    }   // dropped without finish(): the temporary goes too
    BOOST_TEST(dir.entries().empty());
}

BOOST_AUTO_TEST_CASE(crc_of_pieces_combines_to_the_crc_of_the_whole) {
    std::string text(300000, '\0');
    for (std::size_t i = 0; i < text.size(); ++i) text[i] = char((i * 2654435761u) >> 13);
    const auto crc = [](const char* p, std::size_t n) {
        return static_cast<std::uint32_t>(::crc32(0, reinterpret_cast<const Bytef*>(p), uInt(n)));
    };
    const std::uint32_t whole = crc(text.data(), text.size());
    const std::uint32_t a = crc(text.data(), 12345), b = crc(text.data() + 12345, text.size() - 12345);
    BOOST_TEST(io::combine_crc32(a, b, text.size() - 12345) == whole);
}

BOOST_AUTO_TEST_CASE(zip64_records_past_four_gib) {
    // Layout only (nothing written): a 4.8 GB member, then one that starts past 4 GiB.
    const io::NpzLayout layout({{"big", io::Dtype::f32, {std::size_t{1200} * 1000 * 1000}}, {"after", io::Dtype::u32, {10}}});
    BOOST_TEST(layout.data_offset(0) == 30 + 7 + 20 + layout.header(0).size());   // name "big.npy", ZIP64 extra
    const std::uint64_t second_local = layout.data_offset(0) + layout.data_bytes(0);
    BOOST_TEST(layout.data_offset(1) == second_local + 30 + 9 + layout.header(1).size());
    const auto records = layout.records({0x12345678u, 0x9abcdef0u});
    BOOST_REQUIRE(records.size() == 3u);
    const std::string& local0 = records[0].bytes;
    BOOST_TEST(le32(local0, 0) == 0x04034b50u);
    BOOST_TEST(le32(local0, 18) == 0xFFFFFFFFu);   // sizes in the ZIP64 extra
    const std::string& central = records[2].bytes;
    BOOST_TEST(records[2].offset + central.size() == layout.archive_bytes());
    // End records: ZIP64 end of central directory, its locator, then the classic one saturated.
    const std::size_t end = central.size() - 22;
    BOOST_TEST(le32(central, end) == 0x06054b50u);
    BOOST_TEST(le32(central, end - 20) == 0x07064b50u);
    BOOST_TEST(le32(central, end - 20 - 56) == 0x06064b50u);
    BOOST_TEST(le32(central, end + 16) == 0xFFFFFFFFu);   // central directory offset → ZIP64
    BOOST_TEST(le32(central, end + 8) == 0x00020002u);    // entry counts fit: written as they are
    BOOST_TEST(le32(central, end + 12) < 0xFFFFFFFFu);    // so does the directory's size
}

BOOST_AUTO_TEST_SUITE_END()
