// NPZ: generic round trips, deterministic bytes, and the connectome reader's validation.
#include <boost/test/unit_test.hpp>

#include "core/error.hpp"
#include "io/connectome_files.hpp"
#include "io/npz.hpp"
#include "temp_dir.hpp"

using namespace neurowire;
using test::TempDir;

namespace {

file_error connectome_error(const std::vector<io::NamedView>& arrays) {
    TempDir dir;
    io::write_npz(dir / "c.npz", arrays);
    try {
        io::read_connectome_npz(dir / "c.npz");
    } catch (const file_error& e) {
        BOOST_TEST(e.file == (dir / "c.npz").string());
        return e;
    }
    BOOST_FAIL("expected a file_error");
    return file_error("", "", "");
}

struct Arrays {
    std::vector<std::uint32_t> source{0, 0, 1};
    std::vector<std::uint32_t> target{0, 1, 1};
    std::vector<float> weight{1, 2, 3};
    std::vector<float> delay{1, 1, 1};
    std::vector<io::NamedView> views(std::uint64_t n_source = 2, std::uint64_t n_target = 2) const {
        return {{"source", io::view(source)}, {"target", io::view(target)}, {"weight", io::view(weight)},
                {"delay", io::view(delay)}, {"n_source", io::scalar(n_source)}, {"n_target", io::scalar(n_target)}};
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(npz)

BOOST_AUTO_TEST_CASE(generic_round_trip_stored_and_deflated) {
    const std::vector<double> t{0.0, 0.5, 1.0};
    const std::vector<std::int64_t> ids{-1, 2};
    const arma::mat m = {{1, 2}, {3, 4}, {5, 6}};
    for (auto compression : {io::Compression::store, io::Compression::deflate}) {
        TempDir dir;
        io::write_npz(dir / "a.npz", {{"t", io::view(t)}, {"pop.v", io::view(m)}, {"ids", io::view(ids)},
                                      {"n", io::scalar(std::uint64_t{7})}}, compression);
        const auto arrays = io::read_npz(dir / "a.npz");
        BOOST_REQUIRE(arrays.size() == 4u);
        BOOST_TEST(arrays[0].name == "t");
        BOOST_TEST(io::find_array(arrays, "t", dir / "a.npz").values<double>() == t);
        const auto& v = io::find_array(arrays, "pop.v", dir / "a.npz");
        BOOST_TEST(v.shape == (std::vector<std::size_t>{3, 2}));
        BOOST_TEST(v.values<double>() == (std::vector<double>{1, 2, 3, 4, 5, 6}));
        BOOST_TEST(io::find_array(arrays, "ids", dir / "a.npz").values<std::int64_t>() == ids);
        BOOST_TEST(io::find_array(arrays, "n", dir / "a.npz").shape.empty());
        BOOST_TEST(dir.entries() == std::vector<std::string>{"a.npz"});
    }
}

BOOST_AUTO_TEST_CASE(same_arrays_give_the_same_bytes) {
    TempDir dir;
    const auto c = test::small_connectome();
    io::write_connectome_npz(dir / "a.npz", c);
    io::write_connectome_npz(dir / "b.npz", c);
    BOOST_TEST(test::read_text(dir / "a.npz") == test::read_text(dir / "b.npz"));
    BOOST_TEST(test::read_text(dir / "a.npz").substr(0, 4) == std::string("PK\x03\x04", 4));
}

BOOST_AUTO_TEST_CASE(connectome_round_trip) {
    TempDir dir;
    const auto c = test::small_connectome();
    const auto file = io::write_npz(dir.path, "e_to_i", c);
    BOOST_TEST(file == dir / "e_to_i.npz");
    BOOST_TEST(test::same_connectome(io::read_connectome_npz(file), c));
    const auto arrays = io::read_npz(file);
    BOOST_TEST((io::find_array(arrays, "source", file).dtype == io::Dtype::u32));
    BOOST_TEST((io::find_array(arrays, "weight", file).dtype == io::Dtype::f32));
    BOOST_TEST((io::find_array(arrays, "n_source", file).dtype == io::Dtype::u64));
    // An empty projection is a valid file too.
    connect::Connectome empty;
    empty.n_source = 5;
    empty.n_target = 2;
    io::write_npz(dir.path, "empty", empty);
    BOOST_TEST(test::same_connectome(io::read_connectome_npz(dir / "empty.npz"), empty));
}

BOOST_AUTO_TEST_CASE(accepts_numpy_default_int64_indices) {
    TempDir dir;
    Arrays a;
    const std::vector<std::int64_t> s{0, 0, 1}, t{0, 1, 1};
    auto views = a.views();
    views[0].array = io::view(s);
    views[1].array = io::view(t);
    io::write_npz(dir / "c.npz", views);
    const auto c = io::read_connectome_npz(dir / "c.npz");
    BOOST_TEST(c.source == (std::vector<index_t>{0, 0, 1}));
}

BOOST_AUTO_TEST_CASE(connectome_errors) {
    Arrays a;
    BOOST_TEST(connectome_error(a.views(1, 2)).problem.find("source 1 is out of range") != std::string::npos);
    BOOST_TEST(connectome_error(a.views(2, 1)).where == "row 1");

    Arrays unsorted;
    unsorted.target = {1, 0, 1};
    const auto e = connectome_error(unsorted.views());
    BOOST_TEST(e.where == "row 1");
    BOOST_TEST(e.problem.find("sorted") != std::string::npos);

    Arrays short_weight;
    short_weight.weight = {1, 2};
    BOOST_TEST(connectome_error(short_weight.views()).problem.find("equal lengths") != std::string::npos);

    auto views = a.views();
    const std::vector<double> float_ids{0, 0, 1};
    views[0].array = io::view(float_ids);
    const auto dtype = connectome_error(views);
    BOOST_TEST(dtype.where == "member 'source.npy'");
    BOOST_TEST(dtype.problem.find("integer dtype") != std::string::npos);

    views = a.views();
    views.erase(views.begin() + 3);
    const auto missing = connectome_error(views);
    BOOST_TEST(missing.where == "member 'delay.npy'");
    BOOST_TEST(missing.problem.find("missing") != std::string::npos);

    views = a.views();
    const std::vector<std::int64_t> negative{0, -1, 1};
    views[1].array = io::view(negative);
    BOOST_TEST(connectome_error(views).where == "member 'target.npy', element 1");
}

BOOST_AUTO_TEST_CASE(broken_archives) {
    TempDir dir;
    test::write_text(dir / "empty.npz", "");
    BOOST_CHECK_EXCEPTION(io::read_npz(dir / "empty.npz"), file_error,
                          [](const file_error& e) { return e.problem == "empty file"; });
    test::write_text(dir / "text.npz", "source,target\n0,1\n");
    BOOST_CHECK_EXCEPTION(io::read_npz(dir / "text.npz"), file_error,
                          [](const file_error& e) { return e.problem.find("zip") != std::string::npos; });
    BOOST_CHECK_THROW(io::read_npz(dir / "absent.npz"), file_error);
    // A member with a broken .npy inside: the error names the member and the field.
    std::vector<double> x{1, 2};
    io::write_npz(dir / "ok.npz", {{"x", io::view(x)}});
    std::string bytes = test::read_text(dir / "ok.npz");
    const auto at = bytes.find("'<f8'");
    bytes.replace(at, 5, "'<c8'");   // stored, so the header is plain text (the CRC now fails too)
    test::write_text(dir / "bad.npz", bytes);
    BOOST_CHECK_EXCEPTION(io::read_npz(dir / "bad.npz"), file_error, [](const file_error& e) {
        return e.where.find("member 'x.npy'") == 0;
    });
}

BOOST_AUTO_TEST_SUITE_END()
