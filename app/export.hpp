#pragma once
// `neurowire export NETWORK.yaml -o DIR --format sonata [--target nest|pynn]`: a network spec as a
// whole SONATA network another simulator runs — cell models with their parameters, edges with
// weights and delays, Poisson inputs as virtual populations fed by spike files, and a
// simulation config with the spec's dt and duration. docs/export.md has the parameter mapping.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "app/export_models.hpp"
#include "build/network.hpp"
#include "core/types.hpp"

namespace neurowire::app {

struct ExportSettings {
    export_target target = export_target::nest;
    // Our conductance-based templates measure conductances in units of the leak conductance and
    // currents in mV (I/g_L); the simulators want nS and pA. Any g_L gives the same voltage
    // dynamics: C_m = tau·g_L, weights and I_e scale with it. 10 nS (with tau = 20 ms, C_m =
    // 200 pF) is the COBA benchmark's (Brette et al. 2007).
    double leak_conductance_ns = 10.0;
};

struct ExportResult {
    std::filesystem::path folder;                 // DIR/sonata
    std::vector<std::filesystem::path> files;     // what landed in DIR
    std::size_t populations = 0, virtual_populations = 0, projections = 0;
    edge_t edges = 0, input_spikes = 0;
    std::vector<std::string> notes;               // what a reader must do itself (e.g. NEST and per-unit values)

    std::string text() const;
};

// Writes DIR/sonata/ (all or nothing). A population, projection or input with no counterpart in
// the target is refused with a config_error naming it (key path), what the target takes and what
// was found; nothing is written then.
ExportResult export_network(const build::Network& network, const std::filesystem::path& out, const ExportSettings& settings);

struct ExportOptions {
    std::filesystem::path spec;       // a network spec (YAML)
    std::filesystem::path out;        // DIR
    std::string format = "sonata";    // the only format so far
    ExportSettings settings;
    std::optional<seed_t> seed;       // overrides the spec's seed
};
ExportResult export_spec(const ExportOptions& options);

}  // namespace neurowire::app
