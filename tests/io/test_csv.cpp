// The text connectome formats: CSV round trips and reader errors, Matrix Market and PyNN layout,
// the samples CSV of recordings.
#include <boost/test/unit_test.hpp>

#include "core/error.hpp"
#include "io/connectome_files.hpp"
#include "io/recording_file.hpp"
#include "io/text_util.hpp"
#include "temp_dir.hpp"

using namespace neurowire;
using test::TempDir;

namespace {

file_error csv_error(const std::string& content) {
    TempDir dir;
    test::write_text(dir / "c.csv", content);
    try {
        io::read_connectome_csv(dir / "c.csv");
    } catch (const file_error& e) {
        BOOST_TEST(e.file == (dir / "c.csv").string());
        return e;
    }
    BOOST_FAIL("expected a file_error");
    return file_error("", "", "");
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(text_formats)

BOOST_AUTO_TEST_CASE(csv_round_trip_is_exact) {
    TempDir dir;
    const auto c = test::small_connectome();
    const auto file = io::write_csv(dir.path, "p", c);
    const auto text = lines(test::read_text(file));
    BOOST_TEST(text.at(0) == "source,target,weight,delay");
    BOOST_TEST(text.at(1) == "0,1,0.5,1");
    BOOST_TEST(text.size() == 7u);
    const auto back = io::read_connectome_csv(file);
    // Sizes come from the largest indices: source 3 has no edge, so n_source reads back as 3.
    BOOST_TEST(back.n_source == 3u);
    BOOST_TEST(back.n_target == 3u);
    BOOST_TEST(back.source == c.source);
    BOOST_TEST(back.target == c.target);
    BOOST_TEST(back.weight == c.weight);   // bit-exact, including 1e-7
    BOOST_TEST(back.delay == c.delay);
}

BOOST_AUTO_TEST_CASE(csv_tolerates_crlf_spaces_and_blank_lines) {
    TempDir dir;
    test::write_text(dir / "c.csv", "source,target,weight,delay\r\n0, 1, 0.5, 1\r\n\r\n2,0,1e-3,2\r\n");
    const auto c = io::read_connectome_csv(dir / "c.csv");
    BOOST_TEST(c.size() == 2u);
    BOOST_TEST(c.weight[1] == 1e-3f);
}

BOOST_AUTO_TEST_CASE(csv_errors_name_the_line) {
    BOOST_TEST(csv_error("").problem == "empty file");
    BOOST_TEST(csv_error("i,j,w,d\n").where == "line 1");
    const std::string header = "source,target,weight,delay\n";
    const auto columns = csv_error(header + "0,1,0.5,1\n0,2,0.5\n");
    BOOST_TEST(columns.where == "line 3");
    BOOST_TEST(columns.problem == "expected 4 columns, found 3");
    const auto number = csv_error(header + "0,1,abc,1\n");
    BOOST_TEST(number.where == "line 2, column 3");
    BOOST_TEST(number.problem == "'abc' is not a number");
    BOOST_TEST(std::string(number.what()).find("c.csv: line 2, column 3: 'abc' is not a number") != std::string::npos);
    BOOST_TEST(csv_error(header + "-1,1,0.5,1\n").where == "line 2, column 1");
    BOOST_TEST(csv_error(header + "1.5,1,0.5,1\n").where == "line 2, column 1");
    const auto order = csv_error(header + "1,1,0.5,1\n0,2,0.5,1\n");
    BOOST_TEST(order.where == "line 3");
    BOOST_TEST(order.problem.find("sorted") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(matrix_market_sums_repeated_pairs) {
    TempDir dir;
    const auto c = test::small_connectome();
    const auto text = lines(test::read_text(io::write_mtx(dir.path, "p", c)));
    BOOST_TEST(text.at(0) == "%%MatrixMarket matrix coordinate real general");
    std::size_t first = 0;
    while (text.at(first).front() == '%') ++first;
    BOOST_TEST(text.at(first) == "3 4 5");   // n_target n_source distinct pairs
    BOOST_TEST(text.at(first + 1) == "2 1 0.5");   // target+1 source+1
    // The multapse 1 → 2 (2.0 + 0.3) is one entry, summed in double precision.
    std::string sum;
    io::text::append_number(sum, double(2.0f) + double(0.3f));
    BOOST_TEST(text.at(first + 4) == "3 2 " + sum);
    BOOST_TEST(text.size() == first + 6);
}

BOOST_AUTO_TEST_CASE(matrix_market_equals_the_weight_matrix) {
    // The .mtx must be the connect module's own W (n_target × n_source, pairs summed).
    TempDir dir;
    const auto c = test::small_connectome();
    std::ifstream in(io::write_mtx(dir.path, "p", c));
    std::string line;
    while (std::getline(in, line) && line.front() == '%') {}
    std::size_t rows = 0, cols = 0, entries = 0;
    std::stringstream(line) >> rows >> cols >> entries;
    arma::mat from_file(rows, cols, arma::fill::zeros);
    for (std::size_t k = 0; k < entries; ++k) {
        std::size_t i = 0, j = 0;
        double w = 0;
        in >> i >> j >> w;
        from_file(i - 1, j - 1) += w;
    }
    const arma::mat w(c.weight_matrix());
    BOOST_TEST(arma::approx_equal(from_file, w, "reldiff", 1e-15));
}

BOOST_AUTO_TEST_CASE(pynn_header_is_what_from_file_connector_reads) {
    TempDir dir;
    const auto file = io::write_pynn(dir.path, "p", test::small_connectome());
    BOOST_TEST(file == dir / "p.conn");
    const auto text = lines(test::read_text(file));
    BOOST_TEST(text.at(0) == "# columns = [\"i\", \"j\", \"weight\", \"delay\"]");
    BOOST_TEST(text.at(1) == "0\t1\t0.5\t1");
    BOOST_TEST(text.size() == 7u);
}

BOOST_AUTO_TEST_CASE(read_any_dispatches_by_extension) {
    TempDir dir;
    const auto c = test::small_connectome();
    BOOST_TEST(test::same_connectome(io::read_connectome_any(io::write_npz(dir.path, "p", c)), c));
    BOOST_TEST(io::read_connectome_any(io::write_csv(dir.path, "p", c)).weight == c.weight);
    BOOST_TEST(io::read_connectome_any(io::write_mtx(dir.path, "p", c)).n_target == c.n_target);
    test::write_text(dir / "p.txt", "");
    BOOST_CHECK_EXCEPTION(io::read_connectome_any(dir / "p.txt"), file_error,
                          [](const file_error& e) { return e.problem.find("'.txt'") != std::string::npos; });
}

BOOST_AUTO_TEST_CASE(samples_csv) {
    TempDir dir;
    const arma::mat v = {{1, 2}, {3, 4}, {5, 6}};   // 3 samples × 2 units
    io::write_samples_csv(dir / "v.csv", {0.0, 0.5, 1.0}, io::view(v), "exc.v");
    BOOST_TEST(test::read_text(dir / "v.csv") == "t,exc.v[0],exc.v[1]\n0,1,2\n0.5,3,4\n1,5,6\n");
}

BOOST_AUTO_TEST_SUITE_END()
