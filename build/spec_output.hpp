#pragma once
// `neurowire connect`: a ConnectomeSpec materialised and written to DIR in the chosen formats,
// all or nothing (build/staged_output.hpp). Owner: the CLI/spec engineer.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "build/connectome_spec.hpp"
#include "connect/spec.hpp"

namespace neurowire::build {

enum class connectome_format { npz, sonata, csv, mtx, pynn };

// "npz", "sonata", "csv", "mtx", "pynn" — the names of --format.
const std::vector<std::string>& connectome_format_names();
// A name from connectome_format_names(); config_error (key "--format") otherwise.
connectome_format connectome_format_from_name(const std::string& name);

struct ConnectProgress {
    std::size_t done = 0, total = 0;   // projections
    std::string name;                  // the projection just finished
    edge_t synapses = 0;               // so far
};

struct ConnectSettings {
    seed_t seed = 0;
    std::vector<connectome_format> formats{connectome_format::npz};
    connect::Options options;
    std::function<void(const ConnectProgress&)> progress;   // optional, after each projection
};

struct ConnectResult {
    edge_t synapses = 0;
    std::size_t projections = 0;
    std::vector<std::filesystem::path> files;   // what landed in DIR
};

// Positions as DIR/<population>.positions.npy (N × dims, float64) for the populations that have
// them, and per projection DIR/<projection>.{npz,csv,mtx,conn} and/or DIR/sonata/.
ConnectResult write_connectome_outputs(const ConnectomeSpec& spec, const std::filesystem::path& dir,
                                       const ConnectSettings& settings);

}  // namespace neurowire::build
