#pragma once
// SONATA spike reports (spikes.h5): /spikes/<population>/timestamps (float64, ms, attribute
// units = "ms") and node_ids (uint64), the population group's `sorting` attribute an HDF5 enum
// {none, by_id, by_time} as libsonata reads it, and the same word as a string attribute on
// node_ids, where BMTK looks first.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace neurowire::io {

namespace fs = std::filesystem;

enum class spike_sorting { none, by_id, by_time };

struct SpikeTrainsView {
    std::string population;
    std::span<const double> times;          // in the run's time unit
    std::span<const std::uint32_t> units;   // 0-based unit (node) ids, same length as times
    // Optional, written as attributes of /spikes/<population> when set (readers of SONATA ignore
    // them; `neurowire inspect` needs them for rates and silent units): `n_nodes` (uint32), the
    // population size, and `tstop` (float64, ms), the simulated time.
    std::uint32_t n_nodes = 0;              // 0: not written
    double tstop = 0.0;                     // in the run's time unit; 0: not written
};

// Writes `file` atomically and reproducibly (the same spikes give the same bytes). Times are
// multiplied by `ms_per_time_unit` (1 for ms, 1000 for s). by_time orders by (time, id), by_id by
// (id, time); none keeps the given order. file_error on unequal lengths or a non-finite time.
fs::path write_sonata_spikes(const fs::path& file, const std::vector<SpikeTrainsView>& populations,
                             double ms_per_time_unit = 1.0, spike_sorting sorting = spike_sorting::by_time);

struct SpikeTrains {
    std::string population;
    std::vector<double> times_ms;
    std::vector<std::uint64_t> node_ids;
    spike_sorting sorting = spike_sorting::none;   // as the file says; none when it says nothing
    std::optional<std::uint64_t> n_nodes;           // the attributes of SpikeTrainsView, when present
    std::optional<double> tstop_ms;
};

// Every population of a spike report (in name order), written by us, BMTK, NEST or NEURON.
std::vector<SpikeTrains> read_sonata_spikes(const fs::path& file);

const char* spike_sorting_name(spike_sorting s);

}  // namespace neurowire::io
