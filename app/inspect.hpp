#pragma once
// Statistics of a connectome for `neurowire inspect`: counts, degree, weight, delay and (when
// positions are known) distance summaries, and their text report; and the `inspect` command.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "connect/connectome.hpp"
#include "spatial/positions.hpp"

namespace neurowire::app {

struct Summary {
    double min = 0.0, mean = 0.0, max = 0.0;
    std::uint64_t count = 0;
};

struct ConnectomeReport {
    index_t n_source = 0, n_target = 0;
    edge_t synapses = 0;
    edge_t distinct_pairs = 0;           // synapses - distinct_pairs rows are multapses
    edge_t self_pairs = 0;               // source index == target index (autapses, if one population)
    Summary out_degree, in_degree, weight, delay;
    std::optional<Summary> distance;     // with positions of both sides
};

// Positions, when given, must have n_source / n_target columns and equal dims (config_error).
// Distances use the target's extent: the minimum image on its periodic axes (as connect draws them).
ConnectomeReport inspect_connectome(const connect::Connectome& c, const spatial::Positions* source = nullptr,
                                    const spatial::Positions* target = nullptr);

// A connectome file ready for inspect_connectome(): the edges, and its populations' positions
// when they can be found.
struct InspectedFile {
    connect::Connectome connectome;
    std::string source_population, target_population;   // empty when the file does not say
    std::optional<spatial::Positions> source_positions, target_positions;
    std::filesystem::path source_positions_file, target_positions_file;
    std::vector<std::string> edge_populations;   // SONATA: every edge population of the file
    std::string population;                      // SONATA: the one read
    bool has_delays = true;                      // false for Matrix Market (weights only)
    bool sizes_from_manifest = false;            // n_source/n_target from DIR/connectome.json
    bool periodic = false;                       // distances by the minimum image (box from connectome.json)
};

// Reads FILE (.npz, .csv, or a SONATA edges .h5). Positions come from the explicit files when
// given, else from <pop>.positions.npy next to it — as `neurowire connect` writes them — where
// the population names come from SONATA's edge population attributes, or from a projection file
// named "<source>_to_<target>" (the default projection name). For DIR/sonata/edges.h5 the
// positions are looked up in DIR.
//
// DIR/connectome.json (written by `neurowire connect`, io/connectome_manifest.hpp), when present,
// names the populations of a projection file, gives the sizes a CSV or .conn file cannot hold,
// and the boxes of the positions: distances on periodic axes are then measured by the minimum
// image, as the connectome was drawn. A SONATA file with several edge populations needs
// `population` (file_error listing them otherwise).
InspectedFile load_for_inspection(const std::filesystem::path& file, const std::filesystem::path& source_positions = {},
                                  const std::filesystem::path& target_positions = {});
InspectedFile load_for_inspection(const std::filesystem::path& file, const std::filesystem::path& source_positions,
                                  const std::filesystem::path& target_positions, const std::string& population);

// A few aligned lines, e.g. "synapses      12000".
std::string format_report(const ConnectomeReport& report);

// `neurowire inspect FILE`: the text it prints. A .yaml/.yml FILE is a connectome or network spec
// (its contents are listed); anything else a connectome file (its statistics).
struct InspectOptions {
    std::filesystem::path file;
    std::filesystem::path source_positions, target_positions;   // optional, for connectome files
    std::string population;      // SONATA edges: the edge population (required when there are several)
    double duration_ms = 0.0;    // spike reports that do not say how long the run was
};
// Also recording.npz (rates, ISI CV, silent units per spiking population; app/inspect_spikes.hpp)
// and SONATA spike reports (an .h5 with /spikes).
std::string inspect(const InspectOptions& options);
std::string inspect_spec(const std::filesystem::path& file);
std::string inspect_file(const std::filesystem::path& file, const std::filesystem::path& source_positions = {},
                         const std::filesystem::path& target_positions = {});

}  // namespace neurowire::app
