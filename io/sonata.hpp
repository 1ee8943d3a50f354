#pragma once
// SONATA network folders (nodes.h5, edges.h5, node/edge type tables, circuit_config.json) as laid
// out in reference/sonata.md, for BMTK, NEST's SonataNetwork, libsonata, NetPyNE and Arbor; and a
// reader of edge populations back into connectomes.
#include <filesystem>
#include <string>
#include <vector>

#include "connect/connectome.hpp"
#include "spatial/positions.hpp"

namespace neurowire::io {

namespace fs = std::filesystem;

struct SonataPopulation {
    std::string name;
    index_t size = 0;
    const spatial::Positions* positions = nullptr;   // optional; written as x, y, z (float32)
    std::string model_type = "point_neuron";
    std::string model_template = "nest:iaf_psc_alpha";
};

struct SonataProjection {
    std::string name;     // the edge population
    std::string source;   // node population names
    std::string target;
    const connect::Connectome& connectome;
    std::string model_template = "static_synapse";   // NEST wants no "nest:" prefix here
};

// Writes DIR/sonata/ atomically (a failure leaves no partial folder; an existing one is replaced
// only once the new one is complete) and returns that folder. Node type ids are 100 + population
// index, edge type ids 100 + projection index; each type gets an empty dynamics_params JSON file
// under components/ so NEST's loader finds what it looks for.
fs::path write_sonata(const fs::path& dir, const std::vector<SonataPopulation>& populations,
                                   const std::vector<SonataProjection>& projections);

// Edge populations under /edges, in name order.
std::vector<std::string> sonata_edge_populations(const fs::path& edges_h5);

struct SonataEdges {
    std::string source_population;
    std::string target_population;
    connect::Connectome connectome;
};

// One edge population. Population sizes come from the index tables, else from nodes.h5 in the same
// folder, else from the largest ids. Rows are returned sorted by (source, target) whatever their
// order in the file; weights and delays are looked up through edge_group_index.
SonataEdges read_sonata_projection(const fs::path& edges_h5, const std::string& projection);
connect::Connectome read_sonata_edges(const fs::path& edges_h5, const std::string& projection);

}  // namespace neurowire::io
