// Positions files holding NaN or inf (a draw over them used to hang), and bounding_box on
// degenerate input.
#include <boost/test/unit_test.hpp>

#include <limits>

#include "core/error.hpp"
#include "io/npy.hpp"
#include "io/positions_file.hpp"
#include "hostile.hpp"
#include "temp_dir.hpp"

using namespace neurowire;
using test::TempDir;

BOOST_AUTO_TEST_SUITE(positions_hostile)

BOOST_AUTO_TEST_CASE(csv_nan_and_inf_are_refused_with_line_and_column) {
    TempDir dir;
    for (const std::string bad : {"nan", "inf", "-inf", "NaN", "infinity"}) {
        test::write_text(dir / "p.csv", "x,y\n0,1\n2," + bad + "\n");
        test::expect_file_error([&] { io::read_positions(dir / "p.csv"); }, (dir / "p.csv").string(), "line 3, column 2",
                                "expected a finite number");
    }
    test::write_text(dir / "p.csv", "0,1e400\n");
    test::expect_file_error([&] { io::read_positions(dir / "p.csv"); }, (dir / "p.csv").string(), "line 1, column 2",
                            "beyond the range of double");
}

BOOST_AUTO_TEST_CASE(npy_nan_and_inf_are_refused_with_row_and_column) {
    TempDir dir;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    const std::vector<double> rows{0, 0, 1, 1, 2, nan};   // 3 × 2: row 2, column 1
    io::write_npy(dir / "p.npy", io::view(rows.data(), {3, 2}));
    test::expect_file_error([&] { io::read_positions(dir / "p.npy"); }, (dir / "p.npy").string(), "row 2, column 1", "NaN");
    const std::vector<float> line{0.f, static_cast<float>(-inf), 1.f};   // 1-D: N positions on one axis
    io::write_npy(dir / "l.npy", io::view(line));
    test::expect_file_error([&] { io::read_positions(dir / "l.npy"); }, (dir / "l.npy").string(), "row 1, column 0", "-inf");
}

BOOST_AUTO_TEST_CASE(bounding_box_is_safe) {
    const arma::mat none(2, 0);
    const auto e = io::bounding_box(none);
    BOOST_TEST(e.low.n_elem == 2u);
    BOOST_TEST(e.high(1) == 0.0);
    arma::mat p = {{0.0, 2.0, -1.0}, {5.0, 3.0, 4.0}};
    const auto box = io::bounding_box(p);
    BOOST_TEST(box.low(0) == -1.0);
    BOOST_TEST(box.high(0) == 2.0);
    BOOST_TEST(box.low(1) == 3.0);
    BOOST_TEST(box.high(1) == 5.0);
    p(1, 2) = std::numeric_limits<double>::quiet_NaN();
    BOOST_CHECK_THROW(io::bounding_box(p), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
