// The SONATA checker: our own output passes for every reader; each file of a corpus, made by
// breaking one thing in a good folder, is named with the right reader(s), file and place.
#include <boost/test/unit_test.hpp>

#include <functional>
#include <set>

#include "core/error.hpp"
#include "io/hdf5_util.hpp"
#include "io/sonata.hpp"
#include "io/sonata_check.hpp"
#include "temp_dir.hpp"

using namespace neurowire;
using io::sonata_reader;
using test::TempDir;

namespace {

std::filesystem::path good_folder(const TempDir& dir) {
    spatial::Positions pos;
    pos.coords = {{0.0, 1.0, 2.0, 3.0}, {1.0, 1.0, 1.0, 1.0}};
    return io::write_sonata(dir.path, {{"a", 4, &pos}, {"b", 3}}, {{"p", "a", "b", test::small_connectome()}});
}

void edit_h5(const std::filesystem::path& file, const std::function<void(io::h5::File&)>& edit) {
    const io::h5::QuietErrors quiet;
    auto f = io::h5::File::open_write(file.string());
    edit(f);
    f.close();
}

void replace_text(const std::filesystem::path& file, const std::string& from, const std::string& to) {
    std::string text = test::read_text(file);
    const auto at = text.find(from);
    BOOST_TEST_REQUIRE(at != std::string::npos, from + " not in " + file.string());
    text.replace(at, from.size(), to);
    test::write_text(file, text);
}

struct Expect {
    std::set<sonata_reader> readers;   // exactly these readers get errors
    std::string file;
    std::string location;              // a finding of each reader starts with this location
};

std::string key(const io::SonataFinding& f) {
    return std::string(io::sonata_reader_name(f.reader)) + "|" + f.file + "|" + f.location + "|" + f.requirement;
}

void check_case(const std::string& name, const std::function<void(const std::filesystem::path&)>& breakage, const Expect& want) {
    TempDir dir;
    const auto folder = good_folder(dir);
    // The good folder's own errors (PyNN and NEST cannot share an edge types table) are not the case's.
    std::set<std::string> baseline;
    for (const auto& f : io::check_sonata(folder)) baseline.insert(key(f));
    breakage(folder);
    const auto findings = io::check_sonata(folder);
    std::set<sonata_reader> with_errors;
    for (const auto& f : findings)
        if (f.severity == io::finding_severity::error && !baseline.count(key(f))) with_errors.insert(f.reader);
    BOOST_TEST((with_errors == want.readers), name << ": readers with errors differ\n" << io::format_sonata_findings(findings));
    for (auto r : want.readers) {
        const bool named = std::any_of(findings.begin(), findings.end(), [&](const io::SonataFinding& f) {
            return f.reader == r && f.severity == io::finding_severity::error && f.file == want.file &&
                   f.location.rfind(want.location, 0) == 0;
        });
        BOOST_TEST(named, name << ": no error for " << io::sonata_reader_name(r) << " at " << want.file << " " << want.location
                               << "\n" << io::format_sonata_findings(findings));
    }
}

constexpr auto nest = sonata_reader::nest;
constexpr auto bmtk = sonata_reader::bmtk;
constexpr auto libsonata = sonata_reader::libsonata;
constexpr auto pynn = sonata_reader::pynn;

}  // namespace

BOOST_AUTO_TEST_SUITE(sonata_check)

BOOST_AUTO_TEST_CASE(our_output_passes) {
    TempDir dir;
    const auto findings = io::check_sonata(good_folder(dir));
    // write_sonata's defaults are NEST's names: PyNN 0.10 cannot read "static_synapse" (it splits
    // at ':'), nor create nest:iaf_psc_alpha except with pyNN.nest. Everything else passes.
    for (const auto& f : findings) {
        BOOST_TEST((f.reader == pynn), io::format_sonata_findings({f}));
        if (f.severity == io::finding_severity::error)
            BOOST_TEST((f.file == "edge_types.csv" && f.location.find("column model_template") != std::string::npos),
                       io::format_sonata_findings({f}));
        else   // PyNN resolves "$BASE_DIR": "." against the working directory; nest: cells need pyNN.nest
            BOOST_TEST((f.requirement.find("working directory") != std::string::npos ||
                        f.requirement.find("pyNN.nest") != std::string::npos), f.requirement);
    }
    BOOST_TEST(io::check_sonata(good_folder(dir), {nest, bmtk, libsonata}).empty());
}

BOOST_AUTO_TEST_CASE(pynn_names_pass_for_pynn_and_fail_for_nest) {
    TempDir dir;
    spatial::Positions pos;
    pos.coords = {{0.0, 1.0, 2.0, 3.0}, {1.0, 1.0, 1.0, 1.0}};
    io::SonataPopulation a{"a", 4, &pos};
    io::SonataPopulation b{"b", 3};
    a.model_template = b.model_template = "pynn:IF_cond_exp";
    const auto c = test::small_connectome();
    io::SonataProjection p{"p", "a", "b", c};
    p.model_template = "pynn:StaticSynapse";
    const auto folder = io::write_sonata(dir.path, {a, b}, {p});
    BOOST_TEST(!io::has_sonata_errors(io::check_sonata(folder, {pynn})), io::format_sonata_findings(io::check_sonata(folder, {pynn})));
    const auto nest_findings = io::check_sonata(folder, {nest});
    BOOST_TEST(std::any_of(nest_findings.begin(), nest_findings.end(), [](const io::SonataFinding& f) {
        return f.file == "edge_types.csv" && f.requirement.find("pynn:StaticSynapse") != std::string::npos;
    }), io::format_sonata_findings(nest_findings));
}

BOOST_AUTO_TEST_CASE(reader_names) {
    BOOST_TEST((io::sonata_reader_from_name("libsonata") == libsonata));
    BOOST_CHECK_EXCEPTION(io::sonata_reader_from_name("neuron"), config_error,
                          [](const config_error& e) { return e.key_path == "--for" && e.found == "'neuron'"; });
}

BOOST_AUTO_TEST_CASE(hdf5_faults_are_named) {
    check_case("no node_id", [](auto d) { edit_h5(d / "nodes.h5", [](auto& f) { H5Ldelete(f.id(), "nodes/a/node_id", H5P_DEFAULT); }); },
               {{bmtk, pynn}, "nodes.h5", "/nodes/a/node_id"});
    check_case("no node_id_to_range", [](auto d) {
        edit_h5(d / "edges.h5", [](auto& f) { H5Ldelete(f.id(), "edges/p/indices/source_to_target/node_id_to_range", H5P_DEFAULT); });
    }, {{bmtk}, "edges.h5", "/edges/p/indices/source_to_target/node_id_to_range"});
    check_case("no node_id_to_ranges", [](auto d) {
        edit_h5(d / "edges.h5", [](auto& f) { H5Ldelete(f.id(), "edges/p/indices/target_to_source/node_id_to_ranges", H5P_DEFAULT); });
    }, {{libsonata}, "edges.h5", "/edges/p/indices/target_to_source/node_id_to_ranges"});
    check_case("no node_population", [](auto d) {
        edit_h5(d / "edges.h5", [](auto& f) { H5Adelete_by_name(f.id(), "edges/p/source_node_id", "node_population", H5P_DEFAULT); });
    }, {{nest, bmtk, libsonata}, "edges.h5", "/edges/p/source_node_id"});
    check_case("edge group renamed", [](auto d) {
        edit_h5(d / "edges.h5", [](auto& f) { H5Lmove(f.id(), "edges/p/0", f.id(), "edges/p/1", H5P_DEFAULT, H5P_DEFAULT); });
    }, {{libsonata, bmtk, pynn}, "edges.h5", "/edges/p"});
    check_case("two edge groups", [](auto d) {
        edit_h5(d / "edges.h5", [](auto& f) { f.create_group(f.id(), "edges/p/1"); });
    }, {{libsonata}, "edges.h5", "/edges/p"});
    check_case("no node group 0", [](auto d) { edit_h5(d / "nodes.h5", [](auto& f) { H5Ldelete(f.id(), "nodes/b/0", H5P_DEFAULT); }); },
               {{libsonata, bmtk, pynn}, "nodes.h5", "/nodes/b"});
    check_case("index on other edges", [](auto d) {
        edit_h5(d / "edges.h5", [](auto& f) {
            const std::string base = "edges/p/indices/source_to_target/";
            H5Ldelete(f.id(), (base + "range_to_edge_id").c_str(), H5P_DEFAULT);
            // Node 0's range now takes in node 1's first edge.
            f.write(f.id(), base + "range_to_edge_id", H5T_STD_U64LE, std::vector<std::uint64_t>{0, 3, 3, 5, 5, 6}, {3, 2});
        });
    }, {{bmtk, libsonata}, "edges.h5", "/edges/p/indices/source_to_target"});
    check_case("float node_type_id", [](auto d) {
        edit_h5(d / "nodes.h5", [](auto& f) {
            H5Ldelete(f.id(), "nodes/a/node_type_id", H5P_DEFAULT);
            f.write(f.id(), "nodes/a/node_type_id", H5T_IEEE_F64LE, std::vector<double>(4, 100.0));
        });
    }, {{nest, bmtk, libsonata, pynn}, "nodes.h5", "/nodes/a/node_type_id"});
    check_case("no syn_weight", [](auto d) { edit_h5(d / "edges.h5", [](auto& f) { H5Ldelete(f.id(), "edges/p/0/syn_weight", H5P_DEFAULT); }); },
               {{bmtk}, "edges.h5", "/edges/p/0/syn_weight"});
    check_case("id past the population", [](auto d) {
        edit_h5(d / "edges.h5", [](auto& f) {
            H5Ldelete(f.id(), "edges/p/target_node_id", H5P_DEFAULT);
            f.write(f.id(), "edges/p/target_node_id", H5T_STD_U64LE, std::vector<std::uint64_t>{1, 2, 1, 2, 2, 7});
            const io::h5::Handle set(H5Dopen2(f.id(), "edges/p/target_node_id", H5P_DEFAULT));
            f.attribute_string(set.get(), "node_population", "b");
        });
    }, {{nest, bmtk, libsonata, pynn}, "edges.h5", "/edges/p/target_node_id, row 5"});
    check_case("wrong magic", [](auto d) {
        edit_h5(d / "nodes.h5", [](auto& f) {
            H5Adelete(f.id(), "magic");
            f.attribute_u32(f.id(), "magic", {1234}, true);
        });
    }, {{pynn}, "nodes.h5", "/ attribute magic"});
}

BOOST_AUTO_TEST_CASE(table_faults_are_named) {
    check_case("comma-separated node types", [](auto d) {
        test::write_text(d / "node_types.csv", "node_type_id,model_type,model_template,dynamics_params,population\n"
                                               "100,point_neuron,nest:iaf_psc_alpha,a.json,a\n101,point_neuron,nest:iaf_psc_alpha,b.json,b\n");
    }, {{nest, bmtk, pynn}, "node_types.csv", "line 1"});
    check_case("tabs in edge types", [](auto d) { replace_text(d / "edge_types.csv", "100 static_synapse", "100\tstatic_synapse"); },
               {{bmtk, pynn}, "edge_types.csv", "line 2"});
    check_case("no nest: prefix", [](auto d) {
        replace_text(d / "node_types.csv", "101 point_neuron nest:iaf_psc_alpha", "101 point_neuron iaf_psc_alpha");
    }, {{bmtk, pynn}, "node_types.csv", "line 3, column model_template"});
    check_case("nest: prefix on a synapse", [](auto d) { replace_text(d / "edge_types.csv", "static_synapse", "nest:static_synapse"); },
               {{nest}, "edge_types.csv", "line 2, column model_template"});
    check_case("two model types", [](auto d) { replace_text(d / "node_types.csv", "101 point_neuron", "101 point_process"); },
               {{nest}, "node_types.csv", "column model_type"});
    check_case("missing dynamics_params file", [](auto d) { std::filesystem::remove(d / "components" / "synaptic_models" / "p.json"); },
               {{nest, bmtk}, "edge_types.csv", "line 2, column dynamics_params"});
    check_case("unknown node type", [](auto d) { replace_text(d / "node_types.csv", "100 point_neuron", "102 point_neuron"); },
               {{nest, bmtk, pynn}, "node_types.csv", "column node_type_id"});
}

BOOST_AUTO_TEST_CASE(config_faults_are_named) {
    check_case("no populations block", [](auto d) {
        replace_text(d / "circuit_config.json", "\"populations\": {\n          \"a\": {\"type\": \"point_neuron\"},\n          \"b\": {\"type\": \"point_neuron\"}\n        }",
                     "\"comment\": \"none\"");
    }, {{libsonata}, "circuit_config.json", "networks.nodes[0].populations"});
    check_case("no output section", [](auto d) {
        replace_text(d / "simulation_config.json", "\"output\": {\n    \"output_dir\": \"$OUTPUT_DIR\",\n    \"log_file\": \"log.txt\",\n    \"spikes_file\": \"spikes.h5\"\n  },\n", "");
    }, {{bmtk}, "simulation_config.json", "output.output_dir"});
    check_case("output in the network folder", [](auto d) {
        replace_text(d / "simulation_config.json", "\"output_dir\": \"$OUTPUT_DIR\"", "\"output_dir\": \"$BASE_DIR\"");
    }, {{bmtk}, "simulation_config.json", "output.output_dir"});
    check_case("output in the working directory", [](auto d) {
        replace_text(d / "simulation_config.json", "\"output_dir\": \"$OUTPUT_DIR\"", "\"output_dir\": \"output\"");
    }, {{bmtk}, "simulation_config.json", "output.output_dir"});
    check_case("no manifest", [](auto d) {
        replace_text(d / "circuit_config.json", "\"manifest\": {\n    \"$BASE_DIR\": \".\"\n  },\n", "");
        // Paths stay resolvable for libsonata: plain relative ones.
        std::string text = test::read_text(d / "circuit_config.json");
        for (auto at = text.find("$BASE_DIR/"); at != std::string::npos; at = text.find("$BASE_DIR/")) text.erase(at, 10);
        test::write_text(d / "circuit_config.json", text);
    }, {{nest, pynn}, "circuit_config.json", "manifest"});
    check_case("BMTK's ${configdir} in circuit_config.json", [](auto d) {
        replace_text(d / "circuit_config.json", "\"$BASE_DIR\": \".\"", "\"$BASE_DIR\": \"${configdir}\"");
    }, {{nest, libsonata, pynn}, "circuit_config.json", ""});
    check_case("no run.dt", [](auto d) { replace_text(d / "simulation_config.json", "\"dt\": 0.1,", ""); },
               {{nest, libsonata}, "simulation_config.json", "run.dt"});
    check_case("no random_seed", [](auto d) { replace_text(d / "simulation_config.json", ",\n    \"random_seed\": 0", ""); },
               {{libsonata}, "simulation_config.json", "run.random_seed"});
    check_case("another target simulator", [](auto d) {
        replace_text(d / "simulation_config.json", "\"target_simulator\": \"NEST\"", "\"target_simulator\": \"NEURON\"");
    }, {{nest}, "simulation_config.json", "target_simulator"});
    check_case("delays below dt", [](auto d) { replace_text(d / "simulation_config.json", "\"dt\": 0.1,", "\"dt\": 0.5,"); },
               {{nest}, "edges.h5", "/edges/p/0/delay"});
    check_case("no point_neuron_models_dir", [](auto d) {
        for (const char* file : {"circuit_config.json", "simulation_config.json"}) {
            std::string text = test::read_text(d / file);
            const auto at = text.find("    \"point_neuron_models_dir\"");
            text.erase(at, text.find('\n', at) - at + 1);
            test::write_text(d / file, text);
        }
    }, {{nest}, "simulation_config.json", "components.point_neuron_models_dir"});
    check_case("not JSON", [](auto d) { test::write_text(d / "simulation_config.json", "{\"run\": {\"dt\": 0.1,}}"); },
               {{bmtk, nest, libsonata}, "simulation_config.json", ""});
    check_case("edges file missing", [](auto d) { std::filesystem::remove(d / "edges.h5"); },
               {{nest, bmtk, libsonata, pynn}, "circuit_config.json", "networks.edges[0].edges_file"});
}

BOOST_AUTO_TEST_SUITE_END()
