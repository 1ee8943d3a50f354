// Positions files: CSV and NPY readers on good and malformed files, the writer, the extent.
#include <boost/test/unit_test.hpp>

#include "core/error.hpp"
#include "io/npy.hpp"
#include "io/positions_file.hpp"
#include "temp_dir.hpp"

using namespace neurowire;
using test::TempDir;

namespace {

file_error positions_error(const std::string& name, const std::string& content) {
    TempDir dir;
    test::write_text(dir / name, content);
    try {
        io::read_positions(dir / name);
    } catch (const file_error& e) {
        BOOST_TEST(e.file == (dir / name).string());
        return e;
    }
    BOOST_FAIL("expected a file_error");
    return file_error("", "", "");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(positions_file)

BOOST_AUTO_TEST_CASE(csv_with_and_without_header) {
    TempDir dir;
    test::write_text(dir / "a.csv", "x,y\n0,1\n2.5,-1\n1,0\n");
    const auto p = io::read_positions(dir / "a.csv");
    BOOST_TEST(p.dims() == 2u);
    BOOST_TEST(p.size() == 3u);
    BOOST_TEST(p.coords(0, 1) == 2.5);
    BOOST_TEST(p.coords(1, 1) == -1.0);
    BOOST_TEST(p.extent.low(0) == 0.0);
    BOOST_TEST(p.extent.high(0) == 2.5);
    BOOST_TEST(p.extent.low(1) == -1.0);
    BOOST_TEST(!p.extent.any_periodic());
    test::write_text(dir / "b.csv", "# made by hand\n0.5\n1.5\n\n");
    const auto q = io::read_positions_csv(dir / "b.csv");
    BOOST_TEST(q.dims() == 1u);
    BOOST_TEST(q.size() == 2u);
}

BOOST_AUTO_TEST_CASE(csv_errors_name_line_and_column) {
    const auto columns = positions_error("p.csv", "x,y\n0,0\n1,1\n2,2\n3,3\n4,4\n5,5,5\n");
    BOOST_TEST(std::string(columns.what()).find("p.csv: line 7: expected 2 columns, found 3") != std::string::npos);
    const auto cell = positions_error("p.csv", "0,0\n1,1\n2,2\n3,abc\n");
    BOOST_TEST(cell.where == "line 4, column 2");
    BOOST_TEST(cell.problem == "'abc' is not a number");
    BOOST_TEST(positions_error("p.csv", "").problem == "empty file");
    BOOST_TEST(positions_error("p.csv", "x,y\n").problem == "holds no positions");
    BOOST_TEST(positions_error("p.csv", "0,0,0,0\n").problem == "expected 1 to 3 columns (one per axis), found 4");
    BOOST_TEST(positions_error("p.txt", "0\n").problem.find("expected .csv or .npy") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(npy_round_trip_through_the_writer) {
    TempDir dir;
    spatial::Positions p;
    p.coords = {{0.0, 1.0, 2.0, 3.0}, {0.5, 0.25, 0.125, 1e-9}, {-1, -2, -3, -4}};   // 3 × 4
    const auto file = io::write_positions(dir.path, "exc", p);
    BOOST_TEST(file == dir / "exc.positions.npy");
    const io::Array raw = io::read_npy(file);
    BOOST_TEST(raw.shape == (std::vector<std::size_t>{4, 3}));   // N × dims
    BOOST_TEST((raw.dtype == io::Dtype::f64));
    BOOST_TEST(raw.values<double>()[3] == 1.0);   // row 1 = neuron 1
    const auto back = io::read_positions(file);
    BOOST_TEST(arma::approx_equal(back.coords, p.coords, "absdiff", 0.0));
    BOOST_TEST(back.extent.high(2) == -1.0);
}

BOOST_AUTO_TEST_CASE(npy_fortran_order_float32_and_1d) {
    TempDir dir;
    const arma::mat m = {{0, 0}, {1, 2}, {3, 4}};   // N=3 × dims=2, written in Fortran order
    io::write_npy(dir / "f.npy", io::view(m));
    const auto p = io::read_positions(dir / "f.npy");
    BOOST_TEST(p.dims() == 2u);
    BOOST_TEST(p.coords(1, 2) == 4.0);
    const std::vector<float> x{0.5f, 1.5f};
    io::write_npy(dir / "x.npy", io::view(x));
    const auto q = io::read_positions(dir / "x.npy");
    BOOST_TEST(q.dims() == 1u);
    BOOST_TEST(q.coords(0, 1) == 1.5);
}

BOOST_AUTO_TEST_CASE(npy_errors) {
    TempDir dir;
    const std::vector<std::int64_t> ints{1, 2};
    io::write_npy(dir / "i.npy", io::view(ints));
    BOOST_CHECK_EXCEPTION(io::read_positions(dir / "i.npy"), file_error, [](const file_error& e) {
        return e.where == "header field 'descr'" && e.problem.find("<i8") != std::string::npos;
    });
    const std::vector<double> four(8);
    io::write_npy(dir / "4d.npy", io::view(four.data(), {2, 4}));
    BOOST_CHECK_EXCEPTION(io::read_positions(dir / "4d.npy"), file_error, [](const file_error& e) {
        return e.where == "header field 'shape'" && e.problem.find("found 4") != std::string::npos;
    });
    io::write_npy(dir / "3d.npy", io::view(four.data(), {2, 2, 2}));
    BOOST_CHECK_THROW(io::read_positions(dir / "3d.npy"), file_error);
    io::write_npy(dir / "none.npy", io::view(four.data(), {0, 2}));
    BOOST_CHECK_THROW(io::read_positions(dir / "none.npy"), file_error);
}

BOOST_AUTO_TEST_SUITE_END()
