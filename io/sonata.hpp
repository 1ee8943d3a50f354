#pragma once
// SONATA network folders (nodes.h5, edges.h5, node/edge type tables, circuit_config.json and
// simulation_config.json) in the layout that BMTK, NEST's SonataNetwork, libsonata and PyNN all
// load; and a reader of edge populations back into connectomes, for our files and BMTK's.
// docs/files.md describes the layout and which reader needs what.
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "connect/connectome.hpp"
#include "spatial/positions.hpp"

namespace neurowire::io {

namespace fs = std::filesystem;

using NamedParams = std::vector<std::pair<std::string, double>>;
using NamedColumns = std::vector<std::pair<std::string, std::vector<double>>>;

struct SonataPopulation {
    std::string name;
    index_t size = 0;
    const spatial::Positions* positions = nullptr;   // optional; written as x, y, z (float32)
    // "virtual" populations (spike sources fed by an input file) go to virtual_nodes.h5 with
    // their own virtual_node_types.csv: NEST takes one model_type per node types file.
    std::string model_type = "point_neuron";
    std::string model_template = "nest:iaf_psc_alpha";
    NamedParams dynamics_params{};    // the node type's JSON (components/point_neuron_models/<name>.json)
    NamedColumns node_params{};       // per node (size values each): group 0/dynamics_params/<name>
};

struct SonataProjection {
    std::string name;     // the edge population
    std::string source;   // node population names
    std::string target;
    const connect::Connectome& connectome;
    std::string model_template = "static_synapse";   // NEST wants no "nest:" prefix here
    // Further columns of the edge type's row in edge_types.csv (e.g. delay, receptor_type);
    // projections without a column get NONE there.
    std::vector<std::pair<std::string, std::string>> type_columns{};
    NamedColumns edge_params{};       // per edge: group 0/dynamics_params/<name>
};

// A spike input of a virtual population (simulation_config.json "inputs"): a SONATA spike report
// whose /spikes/<population> holds the spikes of that population's nodes.
struct SonataSpikeInput {
    std::string name;         // the key under "inputs"
    std::string population;   // the virtual node population (its implicit node set)
    std::string file;         // relative to the SONATA folder, e.g. "inputs/drive.h5"
};

// What simulation_config.json says about a run (times in ms, as SONATA has them).
struct SonataRunSettings {
    double dt_ms = 0.0;        // 0: the largest of 0.1, 0.05, 0.025, 0.01, 0.005, ... ms not above the
                               // smallest delay (NEST refuses delays below dt); 0.1 without edges
    double tstop_ms = 1000.0;
    std::uint64_t random_seed = 0;          // libsonata requires run.random_seed
    std::string target_simulator = "NEST";  // NEST's loader accepts nothing else
};

struct SonataWriteOptions {
    SonataRunSettings run;
    std::vector<SonataSpikeInput> inputs;   // the input files themselves are the caller's
    // node_sets.json (one node set per population) and output.spikes_sort_order, which PyNN's
    // SimulationPlan.execute looks up without a default.
    bool pynn_plan = false;
};

// Writes DIR/sonata/ atomically (a failure leaves no partial folder; an existing one is replaced
// only once the new one is complete) and returns that folder. Node type ids are 100 + population
// index, edge type ids 100 + projection index; each type gets an empty dynamics_params JSON file
// under components/ so NEST's loader finds what it looks for. The HDF5 files are byte-identical
// for identical arguments.
fs::path write_sonata(const fs::path& dir, const std::vector<SonataPopulation>& populations,
                      const std::vector<SonataProjection>& projections, const SonataWriteOptions& options = {});

// The dt write_sonata uses for dt_ms = 0.
double default_sonata_dt(const std::vector<SonataProjection>& projections);

// Edge populations under /edges, in name order.
std::vector<std::string> sonata_edge_populations(const fs::path& edges_h5);

struct SonataEdges {
    std::string source_population;
    std::string target_population;
    connect::Connectome connectome;
};

struct SonataReadOptions {
    // The edge types table, for syn_weight/delay/nsyns kept per edge type (BMTK's builder does so).
    // Empty: <prefix>edge_types.csv next to <prefix>edges.h5, else the edge_types_file that a
    // circuit_config.json or simulation_config.json in the same folder pairs with this file.
    fs::path edge_types_csv;
};

// The population to read: `population` when the file has it, the only one when `population` is
// empty; otherwise a file_error that lists the populations there are.
std::string select_sonata_edge_population(const fs::path& edges_h5, const std::string& population);

// One edge population. syn_weight, delay and nsyns are taken per edge from the edge's group, else
// per edge type from the edge types table; weight = syn_weight × nsyns (nsyns defaults to 1), as
// BMTK computes it. Population sizes come from a *nodes.h5 in the same folder that holds the node
// population, else from the index tables, else from the largest ids. Rows are returned sorted by
// (source, target) whatever their order in the file.
SonataEdges read_sonata_edge_population(const fs::path& edges_h5, const std::string& population = "",
                                        const SonataReadOptions& options = {});
// The same with the population named (kept for existing callers).
SonataEdges read_sonata_projection(const fs::path& edges_h5, const std::string& projection);
connect::Connectome read_sonata_edges(const fs::path& edges_h5, const std::string& projection);

}  // namespace neurowire::io
