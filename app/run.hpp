#pragma once
// `neurowire run` as a library call: a loaded Network → its rule-drawn connectomes, the
// simulation, DIR/recording.npz (SPEC.md "Recordings"), PNG plots and a summary, all through a
// StagedOutput so that a failed run leaves nothing behind — except after a NaN/Inf, where the
// recording up to the failing step is still written (docs/network-spec.md) and the run reported
// as failed.
//
// Times are in the network's time unit (build::Network::time_unit_used): rates are in Hz and the
// real-time factor per simulated second for ms and s; for `none` (dimensionless time) both are
// per time unit, and the summary says which unit it assumed and why.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "build/network.hpp"
#include "core/types.hpp"
#include "sim/kernels.hpp"
#include "sim/program.hpp"
#include "sim/recording.hpp"
#include "sim/runner.hpp"

namespace neurowire::app {

namespace fs = std::filesystem;

// Indices (into Network::resolved_projections(), which follows the spec's order) of the
// projections drawn with a connection rule (a spec's projections without `weights:`).
std::vector<std::size_t> rule_projections(const build::Network& network);

// The summary's threads line: "2 of 2: <why>", with the threads of dense products and OpenBLAS.
std::string threads_line(const sim::RunStats& stats);

struct RunRequest {
    fs::path out;                        // DIR
    std::string spec_name;               // names the network in the summary
    int threads = 0;                     // 0: all cores
    sim::kernel_mode kernels = sim::kernel_mode::automatic;   // native kernels (sim/kernels.hpp)
    bool plots = true;
    double build_s = 0.0;                // time spent loading the spec and drawing the rules
    // (steps done, steps planned), now and then from the step loop.
    std::function<void(std::uint64_t, std::uint64_t)> progress;
    // Called once, after the run and before the files are written (e.g. to clear a progress bar).
    std::function<void()> simulation_done;
};

struct PopulationResult {
    std::string name;
    index_t size = 0;
    bool spiking = false;
    bool spikes_recorded = false;
    std::uint64_t spikes = 0;
    double rate = 0.0;                   // spikes per unit per second (ms, s) or per time unit (none)
};

struct RunResult {
    std::string network_line;            // "2 populations, 40,000 units, …"
    double build_s = 0.0, compile_s = 0.0, sim_wall_s = 0.0, write_s = 0.0;
    double dt = 0.0;
    build::TimeUnitChoice time_unit;     // what the times are in, and who said so
    std::uint64_t steps_planned = 0, steps_done = 0;
    std::string kernels;                 // the Simulator's kernel report, one line
    std::string threads;                 // threads used of those requested, and why (sim::RunStats)
    std::vector<PopulationResult> populations;
    std::vector<std::string> files;      // names written into DIR
    std::vector<std::string> notes;      // e.g. plots skipped because gnuplot is missing
    std::string failure;                 // the NaN/Inf message when the run stopped early

    double simulated() const { return dt * static_cast<double>(steps_done); }
    // Wall seconds per simulated second (per simulated time unit for `none`): below 1 is faster
    // than real time.
    double real_time_factor() const;
    // "Hz", or "per time unit" without physical time.
    std::string rate_unit() const;
    std::string text() const;            // the summary, as printed and written to summary.txt
};

// Runs `network` and writes DIR. A NaN/Inf (sim::nonfinite_error) is not thrown: the recording
// so far, the connectomes and summary.txt are written and `failure` holds the message. Any other
// error propagates and leaves nothing in DIR.
RunResult run_network(build::Network network, const RunRequest& request);

// --- the pieces, usable on their own ---

// DIR/recording.npz: `t`, `<pop>.<var>` (samples × units, float64), `<pop>.spike_times`
// (float64), `<pop>.spike_units` (uint32); also `dt`, `steps_done`, `<pop>.<var>.units` for a
// trace of some units only, and `<pop>.<var>.t` for a trace sampled unlike `t`.
// `t` holds the sample times of the most often sampled trace, or every step's end without traces.
void write_run_recording(const fs::path& dir, const sim::Recording& recording, const sim::Program& program);
// The same given each program population's size (by program slot) instead of the program.
void write_run_recording(const fs::path& dir, const sim::Recording& recording,
                         const std::vector<index_t>& population_sizes);

// DIR/spikes.h5, the SONATA spike report of the recorded spiking populations (io/sonata_spikes.hpp),
// with each population's size and the simulated time as attributes. False (nothing written) when
// no spikes were recorded.
bool write_run_spike_report(const fs::path& dir, const sim::Recording& recording, const sim::Program& program);

// raster_<pop>.png, rates_<pop>.png (histogram of per-unit rates), traces_<pop>.<var>.png (each
// unit if few, the mean and the min–max band if several). Returns the names written.
// Times are labelled in `unit`; rates are in Hz for ms and s, per time unit for none.
std::vector<std::string> write_run_plots(const fs::path& dir, const sim::Recording& recording,
                                         const sim::Program& program, build::time_unit unit);

// The edge table of a projection as written to DIR/<projection>.npz (float32 weights and
// delays; a scalar delay on every row). Dense projections have no table (logic_error).
connect::Connectome projection_connectome(const build::ResolvedProjection& projection);

// DIR/<projection>.npz for the given projections (edge tables only: dense ones are skipped) and
// DIR/<pop>.positions.npy for their populations. Returns the names written.
std::vector<std::string> write_rule_connectomes(const fs::path& dir, const build::Network& network,
                                                const std::vector<std::size_t>& projections);

// --- the commands ---

// `neurowire run` and `neurowire demo` as library calls: load (validating the whole spec and
// drawing the connection rules before DIR is touched), then run_network().
struct RunOptions {
    fs::path out;                        // DIR
    int threads = 0;                     // 0: all cores
    std::optional<seed_t> seed;          // overrides the spec's seed
    std::optional<double> duration;      // overrides the spec's duration (time units)
    sim::kernel_mode kernels = sim::kernel_mode::automatic;
    bool plots = true;
    double memory_limit_bytes = 0.0;     // 0: what the machine has free (core/platform/memory_budget.hpp)
    std::function<void(std::uint64_t, std::uint64_t)> progress;   // as RunRequest::progress
    std::function<void()> simulation_done;
};

// A network spec file; the summary names it by its file name.
RunResult run(const fs::path& network_spec, const RunOptions& options);
// A network spec given as text: `name` names it in messages and the summary, `base_dir`
// resolves its relative paths.
RunResult run_text(const std::string& yaml_text, const std::string& name, const RunOptions& options,
                   const fs::path& base_dir = {});
// The built-in example (examples/demo_ei_sheet.yaml, carried inside the library).
RunResult demo(const RunOptions& options);
const char* demo_spec();

}  // namespace neurowire::app
