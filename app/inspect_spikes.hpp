#pragma once
// `neurowire inspect` of spike recordings — recording.npz and SONATA spike reports (spikes.h5,
// ours, BMTK's or NEST's): per population the spike count, the mean rate, the coefficient of
// variation of the inter-spike intervals, and the units that never spiked.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "io/sonata_spikes.hpp"

namespace neurowire::app {

struct SpikePopulationReport {
    std::string name;
    std::optional<std::uint64_t> size;     // unknown when the file does not say
    std::uint64_t spikes = 0;
    std::uint64_t active = 0;              // units with at least one spike
    std::optional<double> rate_hz;         // spikes / (size × duration); needs both
    std::optional<double> mean_cv;         // over units with at least 3 spikes (2 intervals)
    std::uint64_t cv_units = 0;
    std::optional<std::uint64_t> silent;   // size - active
};

struct SpikeReport {
    std::optional<double> duration_ms;
    std::string duration_from;             // where the duration came from ("steps_done × dt", "attribute tstop", …)
    std::vector<SpikePopulationReport> populations;
};

// The ISI CV of one unit is std/mean of its intervals (population std, as elephant's cv); the
// report gives the mean over units. Times in ms; `sizes` and `duration_ms` where known.
SpikeReport inspect_spike_trains(const std::vector<io::SpikeTrains>& trains, std::optional<double> duration_ms,
                                 const std::vector<std::optional<std::uint64_t>>& sizes);

// recording.npz of `neurowire run`: spike trains of every `<pop>.spike_times`, the duration from
// steps_done × dt (time unit ms), sizes from the spikes.h5 beside it or from full traces.
SpikeReport inspect_recording(const std::filesystem::path& npz);
// A SONATA spike report: sizes from our n_nodes attributes, the duration from our tstop attribute,
// else from run.tstop of a simulation_config.json / config.json in its folder or the one above,
// else `duration_ms` when given (> 0), else unknown (no rates).
SpikeReport inspect_spike_report(const std::filesystem::path& h5, double duration_ms = 0.0);

std::string format_spike_report(const SpikeReport& report);

}  // namespace neurowire::app
