// SONATA: round trips through edges.h5, the folder's files, and reader errors. The HDF5 layout
// itself (dtypes, attributes, index tables) is checked by h5py in python/check_sonata.py.
#include <boost/test/unit_test.hpp>

#include "core/error.hpp"
#include "io/connectome_files.hpp"
#include "io/sonata.hpp"
#include "temp_dir.hpp"

using namespace neurowire;
using test::TempDir;

namespace {

connect::Connectome reverse_of(const connect::Connectome& c) {
    // target → source, re-sorted: a second projection with other sizes.
    std::vector<std::size_t> order(c.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) {
        return c.target[a] != c.target[b] ? c.target[a] < c.target[b] : c.source[a] < c.source[b];
    });
    connect::Connectome r;
    r.n_source = c.n_target;
    r.n_target = c.n_source;
    for (auto k : order) {
        r.source.push_back(c.target[k]);
        r.target.push_back(c.source[k]);
        r.weight.push_back(c.weight[k]);
        r.delay.push_back(c.delay[k]);
    }
    return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sonata)

BOOST_AUTO_TEST_CASE(round_trip_of_two_projections) {
    TempDir dir;
    const auto forward = test::small_connectome();
    const auto backward = reverse_of(forward);
    spatial::Positions pos;
    pos.coords = {{0.0, 1.0, 2.0, 3.0}, {1.0, 1.0, 1.0, 1.0}};
    const auto folder = io::write_sonata(dir.path, {{"a", 4, &pos}, {"b", 3}},
                                         {{"a_to_b", "a", "b", forward}, {"b_to_a", "b", "a", backward}});
    BOOST_TEST(folder == dir / "sonata");
    for (const char* name : {"nodes.h5", "edges.h5", "node_types.csv", "edge_types.csv", "circuit_config.json",
                             "components/point_neuron_models/a.json", "components/synaptic_models/b_to_a.json"})
        BOOST_TEST(std::filesystem::exists(folder / name), name);
    BOOST_TEST(dir.entries() == std::vector<std::string>{"sonata"});

    const auto edges = folder / "edges.h5";
    BOOST_TEST(io::sonata_edge_populations(edges) == (std::vector<std::string>{"a_to_b", "b_to_a"}));
    const auto back = io::read_sonata_projection(edges, "a_to_b");
    BOOST_TEST(back.source_population == "a");
    BOOST_TEST(back.target_population == "b");
    BOOST_TEST(test::same_connectome(back.connectome, forward));   // sizes from the index tables
    BOOST_TEST(test::same_connectome(io::read_sonata_edges(edges, "b_to_a"), backward));
    BOOST_TEST(test::same_connectome(io::read_connectome_any(edges, "a_to_b"), forward));
    // Two populations and none named: the error lists both rather than taking the first.
    BOOST_CHECK_EXCEPTION(io::read_connectome_any(edges), file_error, [](const file_error& e) {
        return e.problem.find("a_to_b") != std::string::npos && e.problem.find("b_to_a") != std::string::npos;
    });
}

BOOST_AUTO_TEST_CASE(type_tables_are_space_separated) {
    TempDir dir;
    const auto c = test::small_connectome();
    const auto folder = io::write_sonata(dir.path, {{"a", 4}, {"b", 3}}, {{"a_to_b", "a", "b", c}});
    BOOST_TEST(test::read_text(folder / "node_types.csv") ==
               "node_type_id model_type model_template dynamics_params population\n"
               "100 point_neuron nest:iaf_psc_alpha a.json a\n"
               "101 point_neuron nest:iaf_psc_alpha b.json b\n");
    BOOST_TEST(test::read_text(folder / "edge_types.csv") ==
               "edge_type_id model_template dynamics_params\n100 static_synapse a_to_b.json\n");
    const std::string config = test::read_text(folder / "circuit_config.json");
    BOOST_TEST(config.find("\"$BASE_DIR\"") != std::string::npos);
    BOOST_TEST(config.find("point_neuron_models_dir") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(rewriting_replaces_the_folder) {
    TempDir dir;
    const auto c = test::small_connectome();
    io::write_sonata(dir.path, {{"a", 4}, {"b", 3}}, {{"old_name", "a", "b", c}});
    io::write_sonata(dir.path, {{"a", 4}, {"b", 3}}, {{"new_name", "a", "b", c}});
    BOOST_TEST(io::sonata_edge_populations(dir / "sonata" / "edges.h5") == std::vector<std::string>{"new_name"});
    BOOST_TEST(!std::filesystem::exists(dir / "sonata" / "components" / "synaptic_models" / "old_name.json"));
    BOOST_TEST(dir.entries() == std::vector<std::string>{"sonata"});
}

BOOST_AUTO_TEST_CASE(empty_projection_and_no_positions) {
    TempDir dir;
    connect::Connectome empty;
    empty.n_source = 2;
    empty.n_target = 5;
    io::write_sonata(dir.path, {{"a", 2}, {"b", 5}}, {{"p", "a", "b", empty}});
    const auto back = io::read_sonata_edges(dir / "sonata" / "edges.h5", "p");
    BOOST_TEST(back.size() == 0u);
    BOOST_TEST(back.n_source == 2u);
    BOOST_TEST(back.n_target == 5u);
}

BOOST_AUTO_TEST_CASE(reader_errors) {
    TempDir dir;
    const auto c = test::small_connectome();
    io::write_sonata(dir.path, {{"a", 4}, {"b", 3}}, {{"p", "a", "b", c}});
    BOOST_CHECK_EXCEPTION(io::read_sonata_edges(dir / "sonata" / "edges.h5", "q"), file_error, [](const file_error& e) {
        return e.where == "group /edges/q" && e.problem == "missing; the file has p";
    });
    BOOST_CHECK_EXCEPTION(io::sonata_edge_populations(dir / "sonata" / "nodes.h5"), file_error,
                          [](const file_error& e) { return e.where == "group /edges"; });
    test::write_text(dir / "fake.h5", "not hdf5");
    BOOST_CHECK_EXCEPTION(io::read_connectome_any(dir / "fake.h5"), file_error,
                          [](const file_error& e) { return e.problem == "not a readable HDF5 file"; });
}

BOOST_AUTO_TEST_CASE(mismatched_arguments_are_bugs) {
    TempDir dir;
    const auto c = test::small_connectome();
    BOOST_CHECK_THROW(io::write_sonata(dir.path, {{"a", 5}, {"b", 3}}, {{"p", "a", "b", c}}), std::logic_error);
    BOOST_CHECK_THROW(io::write_sonata(dir.path, {{"a", 4}}, {{"p", "a", "b", c}}), std::logic_error);
    BOOST_TEST(dir.entries().empty());
}

BOOST_AUTO_TEST_SUITE_END()
