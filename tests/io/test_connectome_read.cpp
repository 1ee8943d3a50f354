// Readers of the Matrix Market and PyNN text formats, connectome.json (sizes for the text
// formats), and the spike report's size and duration attributes.
#include <boost/test/unit_test.hpp>

#include "core/error.hpp"
#include "io/connectome_files.hpp"
#include "io/connectome_manifest.hpp"
#include "io/sonata_spikes.hpp"
#include "temp_dir.hpp"

using namespace neurowire;
using test::TempDir;

namespace {

io::ConnectomeManifest manifest_for(const std::string& projection, index_t n_source, index_t n_target) {
    io::ConnectomeManifest m;
    m.populations = {{"a", n_source, "a.positions.npy", {0.0, 0.0}, {1.0, 2.0}, {true, false}}, {"b", n_target}};
    m.projections = {{projection, "a", "b", n_source, n_target, 6}};
    return m;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(connectome_read)

BOOST_AUTO_TEST_CASE(mtx_reads_back_the_summed_matrix) {
    TempDir dir;
    const auto c = test::small_connectome();   // (1, 2) twice: one entry of 2.3
    const auto back = io::read_connectome_mtx(io::write_mtx(dir.path, "p", c));
    BOOST_TEST(back.n_source == c.n_source);
    BOOST_TEST(back.n_target == c.n_target);
    BOOST_TEST(back.source == (std::vector<index_t>{0, 0, 1, 1, 2}));
    BOOST_TEST(back.target == (std::vector<index_t>{1, 2, 1, 2, 1}));
    BOOST_TEST(back.weight[3] == static_cast<float>(2.0 + static_cast<double>(0.3f)));
    for (float d : back.delay) BOOST_TEST(d == 0.0f);
    test::write_text(dir / "bad.mtx", "%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n");
    BOOST_CHECK_EXCEPTION(io::read_connectome_mtx(dir / "bad.mtx"), file_error,
                          [](const file_error& e) { return e.where == "line 1"; });
    test::write_text(dir / "out.mtx", "%%MatrixMarket matrix coordinate real general\n2 3 1\n3 1 0.5\n");
    BOOST_CHECK_EXCEPTION(io::read_connectome_mtx(dir / "out.mtx"), file_error,
                          [](const file_error& e) { return e.where.rfind("line 3", 0) == 0 && e.problem.find("1 to 2") != std::string::npos; });
    test::write_text(dir / "short.mtx", "%%MatrixMarket matrix coordinate pattern general\n% c\n2 3 2\n1 1\n");
    BOOST_CHECK_EXCEPTION(io::read_connectome_mtx(dir / "short.mtx"), file_error,
                          [](const file_error& e) { return e.problem.find("2 entries") != std::string::npos; });
}

BOOST_AUTO_TEST_CASE(pynn_text_round_trip_and_other_layouts) {
    TempDir dir;
    auto c = test::small_connectome();
    const auto back = io::read_connectome_pynn(io::write_pynn(dir.path, "p", c));
    BOOST_TEST(back.source == c.source);
    BOOST_TEST(back.target == c.target);
    BOOST_TEST(back.weight == c.weight);
    BOOST_TEST(back.delay == c.delay);
    // A file PyNN saved: columns in another order, float indices, rows unsorted, no size.
    test::write_text(dir / "saved.conn", "# columns = ['i', 'j', 'delay', 'weight']\n2.0 0.0 1.5 0.25\n0.0 4.0 0.1 1.0\n");
    const auto saved = io::read_connectome_pynn(dir / "saved.conn");
    BOOST_TEST(saved.source == (std::vector<index_t>{0, 2}));
    BOOST_TEST(saved.target == (std::vector<index_t>{4, 0}));
    BOOST_TEST(saved.weight == (std::vector<float>{1.0f, 0.25f}));
    BOOST_TEST(saved.delay == (std::vector<float>{0.1f, 1.5f}));
    BOOST_TEST(saved.n_target == 5u);
    test::write_text(dir / "bad.conn", "0 1 0.5 1\n0.5 1 0.5 1\n");
    BOOST_CHECK_EXCEPTION(io::read_connectome_pynn(dir / "bad.conn"), file_error,
                          [](const file_error& e) { return e.where.rfind("line 2", 0) == 0; });
}

BOOST_AUTO_TEST_CASE(manifest_round_trip_and_sizes_for_text_files) {
    TempDir dir;
    const auto m = manifest_for("p", 10, 50);
    io::write_connectome_manifest(dir / io::connectome_manifest_name, m);
    const auto back = io::read_connectome_manifest(dir / io::connectome_manifest_name);
    BOOST_TEST(back.populations.size() == 2u);
    BOOST_TEST(back.population("a")->periodic == (std::vector<bool>{true, false}));
    BOOST_TEST(back.population("a")->high == (std::vector<double>{1.0, 2.0}));
    BOOST_TEST(back.population("b")->positions_file.empty());
    BOOST_TEST(back.projection("p")->n_target == 50u);
    BOOST_TEST(back.projection("p")->synapses == 6u);
    // The CSV alone says 4 × 3 (largest indices); beside the manifest, 10 × 50.
    const auto c = test::small_connectome();
    const auto csv = io::write_csv(dir.path, "p", c);
    BOOST_TEST(io::read_connectome_csv(csv).n_target == 3u);
    const auto any = io::read_connectome_any(csv);
    BOOST_TEST(any.n_source == 10u);
    BOOST_TEST(any.n_target == 50u);
    BOOST_TEST(io::read_connectome_any(io::write_pynn(dir.path, "p", c)).n_target == 50u);
    BOOST_TEST(io::read_connectome_any(io::write_csv(dir.path, "q", c)).n_target == 3u);   // not in the manifest
    // A manifest that contradicts the file is an error, not a silent resize.
    io::write_connectome_manifest(dir / io::connectome_manifest_name, manifest_for("p", 10, 2));
    BOOST_CHECK_EXCEPTION(io::read_connectome_any(csv), file_error,
                          [](const file_error& e) { return e.problem.find("n_target 2") != std::string::npos; });
    test::write_text(dir / io::connectome_manifest_name, "{\"neurowire_connectome\": 1, \"populations\": [{\"name\": \"a\"}], \"projections\": []}");
    BOOST_CHECK_EXCEPTION(io::read_connectome_any(csv), file_error,
                          [](const file_error& e) { return e.where == "populations[0]" && e.problem.find("size") != std::string::npos; });
}

BOOST_AUTO_TEST_CASE(spike_report_carries_size_and_duration) {
    TempDir dir;
    const std::vector<double> t{2.0, 1.0};
    const std::vector<std::uint32_t> u{3, 1};
    io::SpikeTrainsView v{"E", t, u};
    v.n_nodes = 8;
    v.tstop = 0.5;   // s
    io::write_sonata_spikes(dir / "s.h5", {v, io::SpikeTrainsView{"I", {}, {}}}, 1000.0);
    const auto back = io::read_sonata_spikes(dir / "s.h5");
    BOOST_TEST_REQUIRE(back.size() == 2u);
    BOOST_TEST(back[0].n_nodes.value_or(0) == 8u);
    BOOST_TEST(back[0].tstop_ms.value_or(0.0) == 500.0);
    BOOST_TEST(!back[1].n_nodes.has_value());
    BOOST_TEST(!back[1].tstop_ms.has_value());
    BOOST_TEST(back[0].times_ms == (std::vector<double>{1000.0, 2000.0}));
}

BOOST_AUTO_TEST_SUITE_END()
