// Recording files: the NPZ layout of SPEC.md "Recordings".
#include <boost/test/unit_test.hpp>

#include "io/recording_file.hpp"
#include "temp_dir.hpp"

using namespace neurowire;
using test::TempDir;

BOOST_AUTO_TEST_CASE(recording_npz_holds_named_arrays) {
    TempDir dir;
    const std::vector<double> t{0.0, 0.1, 0.2};
    const arma::mat r = {{1, 2}, {3, 4}, {5, 6}};   // samples × units
    const std::vector<double> times{0.1};
    const std::vector<std::uint32_t> units{1};
    const auto file = io::write_recording(dir.path, {{"t", io::view(t)}, {"e.r", io::view(r)},
                                                     {"e.spike_times", io::view(times)}, {"e.spike_units", io::view(units)}});
    BOOST_TEST(file == dir / "recording.npz");
    const auto arrays = io::read_npz(file);
    BOOST_TEST(arrays.size() == 4u);
    const auto& rates = io::find_array(arrays, "e.r", file);
    BOOST_TEST(rates.shape == (std::vector<std::size_t>{3, 2}));
    BOOST_TEST(rates.values<double>() == (std::vector<double>{1, 2, 3, 4, 5, 6}));
    BOOST_TEST(io::find_array(arrays, "e.spike_units", file).values<std::uint32_t>() == units);
}
