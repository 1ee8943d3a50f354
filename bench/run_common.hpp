#pragma once
// Shared by the `bench run` workloads (bench/run*.cpp): one CSV row, and running a program with
// the step loop timed apart from set-up.
#include <chrono>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/program.hpp"

namespace neurowire::bench::run_detail {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point start);

struct Row {
    std::string workload;
    std::uint64_t n = 0;
    std::uint64_t steps = 0;
    double seconds = 0.0;             // wall time of the step loop
    double cpu_seconds = 0.0;         // process CPU time of the step loop (all threads)
    double thread_cpu_seconds = 0.0;  // CPU time of the calling thread alone over the step loop
    double setup_s = 0.0;             // constructing the Simulator, native kernels included
    std::string kernels;              // the Simulator's kernel report, one line
    std::uint64_t seed = 0;
    int threads = 1;                  // threads asked for
    int threads_used = 1;             // threads the Simulator stepped with (RunStats)
    std::string threads_reason;
    double build_s = 0.0;
    std::uint64_t synapses = 0;
    double bound_us_per_step = NAN;   // wc: 8·N² bytes / measured bandwidth
    double bandwidth_gb_s = NAN;      // wc: the bandwidth the bound uses
    double dram_bandwidth_gb_s = NAN; // wc: streaming a buffer far larger than the caches
    double rate_e_hz = NAN;           // coba, demo: mean rate of E and I
    double rate_i_hz = NAN;
    std::uint64_t spikes = 0;
    double peak_rss_mb = NAN;         // demo: peak resident memory while building and running
    double bytes_per_synapse = NAN;   // demo: memory the running network holds, per synapse
    double checksum = NAN;            // wc: sum of the final rates (results compared across runs)

    double steps_per_s() const { return seconds > 0 ? static_cast<double>(steps) / seconds : 0.0; }
    double us_per_step() const { return steps ? seconds * 1e6 / static_cast<double>(steps) : 0.0; }
};

struct RunResult {
    double seconds = 0.0;
    double cpu_seconds = 0.0;
    double thread_cpu_seconds = 0.0;
    double setup_s = 0.0;
    std::string kernels;
    int threads_used = 1;
    std::string threads_reason;
    double rss_after_setup_mb = NAN;
    std::vector<std::uint64_t> spikes_per_population;
    std::vector<std::uint32_t> final_sizes;   // units per population, program order
    sim::Program final_program;   // the live arrays after the run (only with keep_program)
};

// Constructing the Simulator (validation, taking over the value tables, sorting connections,
// compiling or loading native kernels) is set-up, not stepping, so the clock starts after it —
// as Brian2's main_loop_s excludes its code generation and compilation.
RunResult run_program(sim::Program program, int threads, bool keep_program = false);
void copy_timing(Row& row, const RunResult& result);

// Resident memory of this process in MB: now, and the peak since the last reset_peak_rss().
double rss_mb();
double peak_rss_mb();
void reset_peak_rss();

// OpenBLAS's thread count for a scope (sim/blas_threads.hpp).
class BlasThreads {
public:
    explicit BlasThreads(int threads);
    ~BlasThreads();
    BlasThreads(const BlasThreads&) = delete;
    BlasThreads& operator=(const BlasThreads&) = delete;

private:
    int saved_;
};

// The workloads outside run.cpp.
// `repeats` runs of one built network; the fastest is reported. A duration of 0 keeps the spec's.
Row demo(std::uint32_t scale, double duration_ms, int threads, int repeats);
Row spec_network(const std::string& file, std::uint32_t scale, double duration_ms, int threads, int repeats,
                 const std::string& workload);

}  // namespace neurowire::bench::run_detail
