#pragma once
// `neurowire connect`: a ConnectomeSpec materialised and written to DIR in the chosen formats,
// all or nothing (core/platform/staged_output.hpp).
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "spec/connectome_spec.hpp"
#include "connect/connectome.hpp"
#include "connect/spec.hpp"
#include "core/types.hpp"
#include "spatial/positions.hpp"

namespace neurowire::app {

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
ConnectResult write_connectome_outputs(const spec::ConnectomeSpec& spec, const std::filesystem::path& dir,
                                       const ConnectSettings& settings);

// Connectomes already in memory (the Python package's), written as write_connectome_outputs()
// writes a spec's: DIR/<population>.positions.npy for the populations with positions, each
// projection in every chosen format, SONATA over all of them; all or nothing. Returns the paths.
struct SavedPopulation {
    std::string name;
    index_t size = 0;
    const spatial::Positions* positions = nullptr;
};
struct SavedProjection {
    std::string name, source, target;   // source/target name populations of the list
    const connect::Connectome* connectome = nullptr;
};
std::vector<std::filesystem::path> write_connectomes(const std::filesystem::path& dir,
                                                     const std::vector<SavedPopulation>& populations,
                                                     const std::vector<SavedProjection>& projections,
                                                     const std::vector<connectome_format>& formats);

// The whole command (`neurowire connect`): parse SPEC, then write_connectome_outputs() into `out`.
struct ConnectOptions {
    std::filesystem::path spec;                  // a connectome spec, or a network spec (its rule-drawn connectomes)
    std::filesystem::path out;                   // DIR
    std::vector<connectome_format> formats{connectome_format::npz};   // duplicates are ignored
    int threads = 0;                             // 0: all cores
    std::optional<seed_t> seed;                  // overrides the spec's seed
    double memory_limit_bytes = 0.0;             // 0: what the machine has free (core/platform/memory_budget.hpp)
    std::function<void(const ConnectProgress&)> progress;
};
ConnectResult connect_spec(const ConnectOptions& options);

}  // namespace neurowire::app
