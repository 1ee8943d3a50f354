// Spike reports: round trip, sorting, units, errors. BMTK reads the same files in
// python/check_spikes.py.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <thread>

#include "core/error.hpp"
#include "io/hdf5_util.hpp"
#include "io/sonata_spikes.hpp"
#include "temp_dir.hpp"

using namespace neurowire;
using test::TempDir;

BOOST_AUTO_TEST_SUITE(sonata_spikes)

BOOST_AUTO_TEST_CASE(round_trip_sorted_by_time_then_id) {
    TempDir dir;
    const std::vector<double> t{0.3, 0.1, 0.3, 0.2};
    const std::vector<std::uint32_t> u{5, 2, 1, 2};
    const std::vector<double> none_t;
    const std::vector<std::uint32_t> none_u;
    io::write_sonata_spikes(dir / "spikes.h5", {{"exc", t, u}, {"silent", none_t, none_u}}, 1000.0);
    const auto back = io::read_sonata_spikes(dir / "spikes.h5");
    BOOST_TEST_REQUIRE(back.size() == 2u);
    BOOST_TEST(back[0].population == "exc");
    BOOST_TEST(back[0].times_ms == (std::vector<double>{100.0, 200.0, 300.0, 300.0}));
    BOOST_TEST(back[0].node_ids == (std::vector<std::uint64_t>{2, 2, 1, 5}));
    BOOST_TEST((back[0].sorting == io::spike_sorting::by_time));
    BOOST_TEST(back[1].times_ms.empty());

    io::write_sonata_spikes(dir / "by_id.h5", {{"exc", t, u}}, 1.0, io::spike_sorting::by_id);
    const auto by_id = io::read_sonata_spikes(dir / "by_id.h5");
    BOOST_TEST(by_id[0].node_ids == (std::vector<std::uint64_t>{1, 2, 2, 5}));
    BOOST_TEST(by_id[0].times_ms == (std::vector<double>{0.3, 0.1, 0.2, 0.3}));
    BOOST_TEST((by_id[0].sorting == io::spike_sorting::by_id));
}

BOOST_AUTO_TEST_CASE(layout_types_and_attributes) {
    TempDir dir;
    const std::vector<double> t{1.0, 2.0};
    const std::vector<std::uint32_t> u{0, 1};
    io::write_sonata_spikes(dir / "spikes.h5", {{"p", t, u}});
    const io::h5::QuietErrors quiet;
    const auto f = io::h5::File::open_read((dir / "spikes.h5").string());
    const auto ts = f.type_info(f.id(), "spikes/p/timestamps");
    BOOST_TEST((ts.cls == H5T_FLOAT && ts.size == 8));
    const auto ids = f.type_info(f.id(), "spikes/p/node_ids");
    BOOST_TEST((ids.cls == H5T_INTEGER && ids.size == 8 && !ids.is_signed));
    const io::h5::Handle set(H5Dopen2(f.id(), "spikes/p/timestamps", H5P_DEFAULT));
    BOOST_TEST(f.read_attribute_string(set.get(), "units", "timestamps") == "ms");
    const io::h5::Handle pop = f.open_group(f.id(), "spikes/p");
    const io::h5::Handle attr(H5Aopen(pop.get(), "sorting", H5P_DEFAULT));
    const io::h5::Handle type(H5Aget_type(attr.get()));
    BOOST_TEST((H5Tget_class(type.get()) == H5T_ENUM));
    char name[16] = {};
    std::uint8_t value = 2;
    H5Tenum_nameof(type.get(), &value, name, sizeof name);
    BOOST_TEST(std::string(name) == "by_time");
}

BOOST_AUTO_TEST_CASE(same_spikes_same_bytes) {
    TempDir dir;
    const std::vector<double> t{1.0, 2.0, 2.0};
    const std::vector<std::uint32_t> u{3, 1, 0};
    io::write_sonata_spikes(dir / "a.h5", {{"p", t, u}});
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    io::write_sonata_spikes(dir / "b.h5", {{"p", t, u}});
    BOOST_TEST((test::read_text(dir / "a.h5") == test::read_text(dir / "b.h5")));
}

BOOST_AUTO_TEST_CASE(bad_input) {
    TempDir dir;
    const std::vector<double> t{1.0, std::nan("")};
    const std::vector<std::uint32_t> u{0, 1};
    const std::vector<std::uint32_t> short_u{0};
    BOOST_CHECK_EXCEPTION(io::write_sonata_spikes(dir / "s.h5", {{"p", t, short_u}}), file_error,
                          [](const file_error& e) { return e.problem == "2 times but 1 unit ids"; });
    BOOST_CHECK_EXCEPTION(io::write_sonata_spikes(dir / "s.h5", {{"p", t, u}}), file_error,
                          [](const file_error& e) { return e.where == "population p, spike 1"; });
    BOOST_TEST(dir.entries().empty());
    test::write_text(dir / "x.h5", "no");
    BOOST_CHECK_THROW(io::read_sonata_spikes(dir / "x.h5"), file_error);
}

BOOST_AUTO_TEST_SUITE_END()
