// The text connectome readers on hostile input: CSV cells that overflow or are not finite,
// Matrix Market size lines that declare impossible sizes, PyNN files with odd columns; and the
// Matrix Market and PyNN readers reading back what our writers write.
#include <boost/test/unit_test.hpp>

#include "core/error.hpp"
#include "io/connectome_files.hpp"
#include "hostile.hpp"
#include "temp_dir.hpp"

using namespace neurowire;
using test::TempDir;

namespace {

using Reader = connect::Connectome (*)(const std::filesystem::path&);

file_error text_refused(Reader read, const std::string& name, const std::string& content, const std::string& where,
                        const std::string& problem) {
    TempDir dir;
    test::write_text(dir / name, content);
    return test::expect_cheap_refusal([&] { read(dir / name); }, (dir / name).string(), where, problem);
}

const std::string csv_head = "source,target,weight,delay\n";
const std::string mtx_head = "%%MatrixMarket matrix coordinate real general\n";

}  // namespace

BOOST_AUTO_TEST_SUITE(text_readers)

BOOST_AUTO_TEST_CASE(csv_cells_that_do_not_fit_are_refused) {
    const Reader csv = io::read_connectome_csv;
    text_refused(csv, "c.csv", csv_head + "0,1,1e300,1\n", "line 2, column 3", "'1e300' is too large for float32");
    text_refused(csv, "c.csv", csv_head + "0,1,1e-50,1\n", "line 2, column 3", "too small (non-zero) for float32");
    text_refused(csv, "c.csv", csv_head + "0,1,nan,1\n", "line 2, column 3", "expected a finite number, found 'nan'");
    text_refused(csv, "c.csv", csv_head + "0,1,1,inf\n", "line 2, column 4", "finite");
    text_refused(csv, "c.csv", csv_head + "0,1,1,-0.5\n", "line 2, column 4", "expected a delay >= 0");
    text_refused(csv, "c.csv", csv_head + "4294967296,1,1,1\n", "line 2, column 1", "not a neuron index");
    text_refused(csv, "c.csv", csv_head + "18446744073709551617,1,1,1\n", "line 2, column 1", "not a neuron index");
    text_refused(csv, "c.csv", csv_head + "-1,1,1,1\n", "line 2, column 1", "not a neuron index");
    text_refused(csv, "c.csv", csv_head + "0,4294967295,1,1\n", "", "leaves no room for the population size");
    // Subnormal float32 weights are float32 values: they read back exactly.
    TempDir dir;
    test::write_text(dir / "s.csv", csv_head + "0,0,1e-40,0\n");
    BOOST_TEST(io::read_connectome_csv(dir / "s.csv").weight.at(0) == 1e-40f);
}

BOOST_AUTO_TEST_CASE(mtx_reads_back_what_we_write) {
    TempDir dir;
    const auto c = test::small_connectome();
    const auto back = io::read_connectome_mtx(io::write_mtx(dir.path, "p", c));
    BOOST_TEST(back.n_source == c.n_source);
    BOOST_TEST(back.n_target == c.n_target);
    BOOST_TEST(back.is_sorted());
    // The file holds W: repeated pairs summed, so compare matrices.
    BOOST_TEST(arma::approx_equal(arma::mat(back.weight_matrix()), arma::mat(c.weight_matrix()), "absdiff", 1e-7));
    BOOST_TEST(back.size() == 5u);   // six edges, one pair repeated
    BOOST_TEST((back.delay == std::vector<float>(5, 0.0f)));
}

BOOST_AUTO_TEST_CASE(mtx_entries_in_any_order_and_pattern_files) {
    TempDir dir;
    test::write_text(dir / "u.mtx", "%%MatrixMarket matrix coordinate integer general\n% made by hand\n3 2 3\n2 2 5\n1 1 -2\n3 1 7\n");
    const auto c = io::read_connectome_mtx(dir / "u.mtx");
    BOOST_TEST(c.n_target == 3u);
    BOOST_TEST(c.n_source == 2u);
    BOOST_TEST(c.source == (std::vector<index_t>{0, 0, 1}));
    BOOST_TEST(c.target == (std::vector<index_t>{0, 2, 1}));
    BOOST_TEST(c.weight == (std::vector<float>{-2, 7, 5}));
    test::write_text(dir / "p.mtx", "%%MatrixMarket Matrix Coordinate Pattern General\n2 2 2\n1 2\n2 1\n");
    BOOST_TEST(io::read_connectome_mtx(dir / "p.mtx").weight == (std::vector<float>{1, 1}));
}

// Size lines that claim what no matrix, or no file of this length, can hold: refused before
// anything is reserved for the entries.
BOOST_AUTO_TEST_CASE(mtx_impossible_sizes_are_refused_before_reserving) {
    const Reader mtx = io::read_connectome_mtx;
    text_refused(mtx, "m.mtx", mtx_head + "10000000000 2 1\n1 1 1\n", "line 2", "at most 4294967295 each");
    text_refused(mtx, "m.mtx", mtx_head + "2 2 5\n1 1 1\n", "line 2", "more than the 4 cells");
    // 4 billion entries declared in a 60-byte file: the old way would reserve 48 GB.
    text_refused(mtx, "m.mtx", mtx_head + "100000 100000 4000000000\n1 1 1\n", "line 2", "can hold at most 1");
    text_refused(mtx, "m.mtx", mtx_head + "99999999999999999999 2 1\n1 1 1\n", "line 2", "expected the number of rows");
    text_refused(mtx, "m.mtx", mtx_head + "2 2\n", "line 2", "3 numbers");
    text_refused(mtx, "m.mtx", mtx_head + "2 2 -1\n", "line 2", "number of entries");
}

BOOST_AUTO_TEST_CASE(mtx_bad_entries_and_banners_are_refused) {
    const Reader mtx = io::read_connectome_mtx;
    text_refused(mtx, "m.mtx", mtx_head + "2 2 1\n3 1 1\n", "line 3, field 1", "row (target) index from 1 to 2");
    text_refused(mtx, "m.mtx", mtx_head + "2 2 1\n1 0 1\n", "line 3, field 2", "column (source) index from 1 to 2");
    text_refused(mtx, "m.mtx", mtx_head + "2 2 1\n1 1 1e39\n", "line 3, field 3", "too large for float32");
    text_refused(mtx, "m.mtx", mtx_head + "2 2 1\n1 1 nan\n", "line 3, field 3", "finite");
    text_refused(mtx, "m.mtx", mtx_head + "2 2 1\n1 1   \n", "line 3", "expected 3 fields");
    text_refused(mtx, "m.mtx", mtx_head + "2 2 2\n1 1 1\n% padding\n", "", "truncated: 1 of the 2 entries");
    text_refused(mtx, "m.mtx", mtx_head + "2 2 1\n1 1 1\n2 2 2\n", "line 4", "more entries than the 1");
    text_refused(mtx, "m.mtx", "%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n", "line 1", "sparse matrix");
    text_refused(mtx, "m.mtx", "%%MatrixMarket matrix coordinate complex general\n", "line 1", "'complex'");
    text_refused(mtx, "m.mtx", "%%MatrixMarket matrix coordinate real symmetric\n", "line 1", "'symmetric'");
    text_refused(mtx, "m.mtx", "source,target\n", "line 1", "banner");
    text_refused(mtx, "m.mtx", "", "", "empty file");
    text_refused(mtx, "m.mtx", mtx_head + "% only comments\n", "", "no size line");
}

BOOST_AUTO_TEST_CASE(pynn_reads_back_what_we_write) {
    TempDir dir;
    const auto c = test::small_connectome();
    auto back = io::read_connectome_pynn(io::write_pynn(dir.path, "p", c));
    // Sizes come from the largest indices, as for CSV: source 3 and target 0 have no edges here.
    BOOST_TEST(back.n_source == 3u);
    BOOST_TEST(back.n_target == 3u);
    back.n_source = c.n_source;
    BOOST_TEST(test::same_connectome(back, c));
}

BOOST_AUTO_TEST_CASE(pynn_columns_float_indices_and_order) {
    TempDir dir;
    test::write_text(dir / "a.conn", "# columns = ['weight', 'j', 'i']\n# other = 3\n0.5 2.0 1.0\n0.25 0 1\n-1 1 0.000000e+00\n");
    const auto c = io::read_connectome_pynn(dir / "a.conn");
    BOOST_TEST(c.source == (std::vector<index_t>{0, 1, 1}));
    BOOST_TEST(c.target == (std::vector<index_t>{1, 0, 2}));
    BOOST_TEST(c.weight == (std::vector<float>{-1, 0.25f, 0.5f}));
    BOOST_TEST(c.delay == (std::vector<float>{0, 0, 0}));
    test::write_text(dir / "b.conn", "0\t1\t0.5\t1.5\n");   // no header: i j weight delay
    BOOST_TEST(io::read_connectome_pynn(dir / "b.conn").delay == (std::vector<float>{1.5f}));
}

BOOST_AUTO_TEST_CASE(pynn_bad_columns_and_cells_are_refused) {
    const Reader pynn = io::read_connectome_pynn;
    text_refused(pynn, "p.conn", "0 1 0.5 1.5 7\n", "line 1", "expected 4 columns, found 5");
    text_refused(pynn, "p.conn", "0.5 1 0.5 1.5\n", "line 1, column 1 (i)", "not a neuron index");
    text_refused(pynn, "p.conn", "1e10 1 0.5 1.5\n", "line 1, column 1 (i)", "not a neuron index");
    text_refused(pynn, "p.conn", "0 1 1e300 1.5\n", "line 1, column 3 (weight)", "too large for float32");
    text_refused(pynn, "p.conn", "0 1 1 -2\n", "line 1, column 4 (delay)", "delay >= 0");
    text_refused(pynn, "p.conn", "# columns = [\"i\", \"j\", \"U\"]\n", "line 1", "column 'U'");
    text_refused(pynn, "p.conn", "# columns = [\"i\", \"i\", \"weight\"]\n", "line 1", "appears twice");
    text_refused(pynn, "p.conn", "# columns = [\"i\", \"weight\"]\n", "line 1", "i, j and weight are required");
    text_refused(pynn, "p.conn", "# columns = \"i\"\n", "line 1", "not in [ ]");
    text_refused(pynn, "p.conn", "0 1 1 1\n# columns = [\"i\", \"j\", \"weight\"]\n", "line 2", "after the data");
}

BOOST_AUTO_TEST_SUITE_END()
