// SONATA layout details that readers depend on: node_id, both index names, the two configs, the
// default dt, reproducible bytes; reading edges whose properties live in edge_types.csv, nsyns,
// and choosing among several edge populations.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <thread>

#include "core/error.hpp"
#include "io/hdf5_util.hpp"
#include "io/sonata.hpp"
#include "io/sonata_json.hpp"
#include "temp_dir.hpp"

using namespace neurowire;
using test::TempDir;

namespace {

std::string json_string(const io::json::Value& root, std::initializer_list<const char*> path) {
    const io::json::Value* v = &root;
    for (const char* key : path) {
        v = v->find(key);
        if (!v) return "<missing " + std::string(key) + ">";
    }
    return v->is_string() ? v->string : "<not a string>";
}

double json_number(const io::json::Value& root, std::initializer_list<const char*> path) {
    const io::json::Value* v = &root;
    for (const char* key : path) {
        v = v->find(key);
        if (!v) return -1.0;
    }
    return v->is_number() ? v->number : -1.0;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sonata_layout)

BOOST_AUTO_TEST_CASE(node_ids_and_both_index_names) {
    TempDir dir;
    const auto c = test::small_connectome();
    const auto folder = io::write_sonata(dir.path, {{"a", 4}, {"b", 3}}, {{"p", "a", "b", c}});
    const io::h5::QuietErrors quiet;
    const auto nodes = io::h5::File::open_read((folder / "nodes.h5").string());
    BOOST_TEST(nodes.read<std::uint64_t>(nodes.id(), "nodes/a/node_id") == (std::vector<std::uint64_t>{0, 1, 2, 3}));
    BOOST_TEST(nodes.type_info(nodes.id(), "nodes/a/node_id").size == 8u);
    const auto edges = io::h5::File::open_read((folder / "edges.h5").string());
    for (const char* index : {"source_to_target", "target_to_source"}) {
        const std::string base = std::string("edges/p/indices/") + index + "/";
        const auto plural = edges.read<std::uint64_t>(edges.id(), base + "node_id_to_ranges");
        const auto singular = edges.read<std::uint64_t>(edges.id(), base + "node_id_to_range");
        BOOST_TEST(plural == singular);
        BOOST_TEST(!plural.empty());
    }
    // Source 3 has no edges: an empty range (k, k) after source 2's single range.
    const auto s2t = edges.read<std::uint64_t>(edges.id(), "edges/p/indices/source_to_target/node_id_to_ranges");
    BOOST_TEST(s2t == (std::vector<std::uint64_t>{0, 1, 1, 2, 2, 3, 3, 3}));
}

BOOST_AUTO_TEST_CASE(configs_name_populations_run_and_output) {
    TempDir dir;
    const auto c = test::small_connectome();   // smallest delay 0.1
    io::SonataWriteOptions options;
    options.run.tstop_ms = 250.0;
    const auto folder = io::write_sonata(dir.path, {{"a", 4}, {"b", 3}}, {{"p", "a", "b", c}}, options);
    const auto circuit = io::json::parse_file(folder / "circuit_config.json");
    BOOST_TEST(json_string(circuit, {"manifest", "$BASE_DIR"}) == ".");
    const auto& node_entry = circuit.find("networks")->find("nodes")->array.at(0);
    BOOST_TEST(json_string(node_entry, {"populations", "a", "type"}) == "point_neuron");
    BOOST_TEST(json_string(node_entry, {"populations", "b", "type"}) == "point_neuron");
    const auto& edge_entry = circuit.find("networks")->find("edges")->array.at(0);
    BOOST_TEST(json_string(edge_entry, {"populations", "p", "type"}) == "chemical");

    const auto sim = io::json::parse_file(folder / "simulation_config.json");
    BOOST_TEST(json_string(sim, {"target_simulator"}) == "NEST");
    BOOST_TEST(json_number(sim, {"run", "tstop"}) == 250.0);
    BOOST_TEST(json_number(sim, {"run", "dt"}) == 0.1);
    BOOST_TEST(json_number(sim, {"run", "random_seed"}) == 0.0);
    BOOST_TEST(json_string(sim, {"output", "output_dir"}) == "$OUTPUT_DIR");
    BOOST_TEST(json_string(sim, {"manifest", "$OUTPUT_DIR"}) == "$BASE_DIR/output");
    BOOST_TEST(json_string(sim, {"manifest", "$BASE_DIR"}) == "${configdir}");
    BOOST_TEST(sim.find("networks")->find("nodes")->array.at(0).find("nodes_file")->string == "$NETWORK_DIR/nodes.h5");

    options.run.dt_ms = 0.025;
    io::write_sonata(dir.path, {{"a", 4}, {"b", 3}}, {{"p", "a", "b", c}}, options);
    BOOST_TEST(json_number(io::json::parse_file(folder / "simulation_config.json"), {"run", "dt"}) == 0.025);
}

BOOST_AUTO_TEST_CASE(default_dt_fits_the_smallest_delay) {
    auto c = test::small_connectome();
    const auto dt = [&] { return io::default_sonata_dt({{"p", "a", "b", c}}); };
    BOOST_TEST(dt() == 0.1);   // delays down to 0.1f
    c.delay[0] = 0.03f;
    BOOST_TEST(dt() == 0.025);
    c.delay[0] = 0.05f;
    BOOST_TEST(dt() == 0.05);
    c.delay[0] = 0.0f;          // a zero delay is no constraint NEST could meet: ignored here
    BOOST_TEST(dt() == 0.1);
    connect::Connectome empty;
    empty.n_source = 2;
    empty.n_target = 2;
    BOOST_TEST(io::default_sonata_dt({{"e", "a", "b", empty}}) == 0.1);
}

BOOST_AUTO_TEST_CASE(two_writes_give_the_same_bytes) {
    TempDir one, two;
    const auto c = test::small_connectome();
    spatial::Positions pos;
    pos.coords = {{0.0, 1.0, 2.0, 3.0}, {1.0, 1.0, 1.0, 1.0}};
    io::write_sonata(one.path, {{"a", 4, &pos}, {"b", 3}}, {{"p", "a", "b", c}});
    // A different second of the clock, if object times were stored.
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    io::write_sonata(two.path, {{"a", 4, &pos}, {"b", 3}}, {{"p", "a", "b", c}});
    for (const char* name : {"nodes.h5", "edges.h5", "node_types.csv", "edge_types.csv", "circuit_config.json",
                             "simulation_config.json"}) {
        const std::string a = test::read_text(one / "sonata" / name);
        BOOST_TEST(!a.empty(), name);
        BOOST_TEST((a == test::read_text(two / "sonata" / name)), name);
    }
}

BOOST_AUTO_TEST_CASE(properties_from_edge_types_and_nsyns) {
    TempDir dir;
    const auto c = test::small_connectome();
    const auto folder = io::write_sonata(dir.path, {{"a", 4}, {"b", 3}}, {{"p", "a", "b", c}});
    const auto edges = folder / "edges.h5";
    {
        // As BMTK's builder writes it: no syn_weight/delay per edge, nsyns per edge.
        const io::h5::QuietErrors quiet;
        auto f = io::h5::File::open_write(edges.string());
        H5Ldelete(f.id(), "edges/p/0/syn_weight", H5P_DEFAULT);
        H5Ldelete(f.id(), "edges/p/0/delay", H5P_DEFAULT);
        const io::h5::Handle g = f.open_group(f.id(), "edges/p/0");
        f.write(g.get(), "nsyns", H5T_STD_U32LE, std::vector<std::uint32_t>{1, 2, 3, 1, 2, 3});
        f.close();
    }
    BOOST_CHECK_EXCEPTION(io::read_sonata_edge_population(edges, "p"), file_error, [](const file_error& e) {
        return e.where == "/edges/p/0/syn_weight" && e.problem.find("edge_type_id 100") != std::string::npos;
    });
    test::write_text(folder / "edge_types.csv",
                     "edge_type_id model_template syn_weight delay dynamics_params\n100 static_synapse 2.5 1.5 p.json\n");
    const auto back = io::read_sonata_edge_population(edges, "p").connectome;
    BOOST_TEST(back.source == c.source);
    BOOST_TEST(back.weight == (std::vector<float>{2.5f, 5.0f, 7.5f, 2.5f, 5.0f, 7.5f}));
    BOOST_TEST(back.delay == std::vector<float>(6, 1.5f));
    // An explicit table wins over the one beside the file.
    test::write_text(dir / "other.csv", "edge_type_id syn_weight delay\n100 -1 NONE\n");
    io::SonataReadOptions options;
    options.edge_types_csv = dir / "other.csv";
    BOOST_CHECK_EXCEPTION(io::read_sonata_edge_population(edges, "p", options), file_error,
                          [](const file_error& e) { return e.where == "/edges/p/0/delay"; });
    test::write_text(dir / "other.csv", "edge_type_id syn_weight delay\n100 -1 x\n");
    BOOST_CHECK_EXCEPTION(io::read_sonata_edge_population(edges, "p", options), file_error, [](const file_error& e) {
        return e.where == "line 2, column delay" && e.problem == "'x' is not a number";
    });
}

BOOST_AUTO_TEST_CASE(several_populations_are_read_by_name) {
    TempDir dir;
    const auto c = test::small_connectome();
    const auto folder = io::write_sonata(dir.path, {{"a", 4}, {"b", 3}}, {{"first", "a", "b", c}, {"second", "a", "b", c}});
    const auto edges = folder / "edges.h5";
    BOOST_TEST(io::select_sonata_edge_population(edges, "second") == "second");
    BOOST_CHECK_EXCEPTION(io::read_sonata_edge_population(edges), file_error, [](const file_error& e) {
        return e.where == "group /edges" && e.problem == "2 edge populations (first, second): name the one to read";
    });
    BOOST_CHECK_EXCEPTION(io::read_sonata_edge_population(edges, "third"), file_error,
                          [](const file_error& e) { return e.problem == "missing; the file has first, second"; });
    TempDir other;
    const auto single = io::write_sonata(other.path, {{"a", 4}, {"b", 3}}, {{"only", "a", "b", c}});
    BOOST_TEST(test::same_connectome(io::read_sonata_edge_population(single / "edges.h5").connectome, c));
}

BOOST_AUTO_TEST_SUITE_END()
