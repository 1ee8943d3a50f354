#pragma once
// The subcommands of `neurowire`: each registers its options on the app and runs from them.
// Every run_* returns the exit status or throws neurowire::error (exit 1).
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/types.hpp"

namespace neurowire::cli {

// Options every generating command shares.
struct CommonArgs {
    int threads = 0;            // 0: all cores
    seed_t seed = 0;
    bool seed_given = false;    // --seed overrides the spec's seed
    bool quiet = false;
};

struct ConnectArgs {
    std::string spec, out;
    std::vector<std::string> formats{"npz"};
    std::string memory_limit;   // --memory-limit SIZE; empty: what the machine has free
    CommonArgs common;
};
CLI::App* add_connect(CLI::App& app, ConnectArgs& args);
int run_connect(const ConnectArgs& args);

struct InspectArgs {
    std::string file;
    std::string source_positions, target_positions;
    std::string population;      // SONATA edge population
    double duration_ms = 0.0;    // spike reports without a duration
};
CLI::App* add_inspect(CLI::App& app, InspectArgs& args);
int run_inspect(const InspectArgs& args);

struct RunArgs {
    std::string network, out;
    bool no_plots = false;
    std::optional<double> duration;   // overrides the spec's duration (time units)
    std::string kernels = "automatic";  // automatic | native | interpreted (sim::kernel_mode)
    std::string memory_limit;           // --memory-limit SIZE
    CommonArgs common;
};
CLI::App* add_run(CLI::App& app, RunArgs& args);
int run_run(const RunArgs& args);
CLI::App* add_demo(CLI::App& app, RunArgs& args);
int run_demo(const RunArgs& args);

struct PlotArgs {
    std::vector<std::string> runs;      // plot traces
    std::string variable;
    std::optional<std::size_t> unit;
    std::string spec;                   // plot inputs / connectome
    std::string projection;
    std::size_t sources = 5;
    std::optional<std::uint64_t> seed;
    std::string out;
    std::string csv;
};
struct PlotCommands {
    CLI::App* traces = nullptr;
    CLI::App* inputs = nullptr;
    CLI::App* connectome = nullptr;
};
CLI::App* add_plot(CLI::App& app, PlotArgs& args, PlotCommands& commands);
int run_plot(const PlotArgs& args, const PlotCommands& commands);

struct CheckArgs {
    std::string dir;
    std::vector<std::string> readers;   // empty: all
};
CLI::App* add_check(CLI::App& app, CheckArgs& args);
int run_check(const CheckArgs& args);

struct ExportArgs {
    std::string network, out;
    std::string format = "sonata";
    std::string target = "nest";        // nest | pynn (app::export_target)
    double leak_conductance_ns = 10.0;  // the scale of conductances in leak units (app/export.hpp)
    CommonArgs common;
};
CLI::App* add_export(CLI::App& app, ExportArgs& args);
int run_export(const ExportArgs& args);

struct BenchArgs {
    std::string which, csv;
    bool quick = false;
    int threads = 0;
    int repeats = 0;
};
CLI::App* add_bench(CLI::App& app, BenchArgs& args);
int run_bench(const BenchArgs& args);

// --threads/--seed/--quiet on a subcommand.
void add_common(CLI::App& sub, CommonArgs& args, bool with_seed);
// --threads N: 1 to neurowire::max_threads (core/threads.hpp).
const CLI::Validator& thread_count_validator();
// --memory-limit SIZE on a subcommand, and its value in bytes (0 when not given).
void add_memory_limit(CLI::App& sub, std::string& size);
double memory_limit_bytes(const std::string& size);
// Applies --threads to OpenMP (before any parallel work).
void apply_threads(int threads);

}  // namespace neurowire::cli
