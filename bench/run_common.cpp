#include "bench/run_common.hpp"

#include <ctime>
#include <fstream>
#include <string>

#include "sim/blas_threads.hpp"
#include "sim/runner.hpp"

namespace neurowire::bench::run_detail {

namespace {

double thread_cpu_now() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// A field of /proc/self/status in kB ("VmRSS:   1234 kB"), as MB.
double status_mb(const char* field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    const std::string key = std::string(field) + ":";
    while (std::getline(in, line))
        if (line.rfind(key, 0) == 0) return std::stod(line.substr(key.size())) / 1024.0;
    return NAN;
}

}  // namespace

double seconds_since(clock_type::time_point start) {
    return std::chrono::duration<double>(clock_type::now() - start).count();
}

double rss_mb() { return status_mb("VmRSS"); }
double peak_rss_mb() { return status_mb("VmHWM"); }

// Writing 5 to clear_refs resets the peak RSS (VmHWM) to the current RSS (Linux 4.0 on).
void reset_peak_rss() {
    std::ofstream out("/proc/self/clear_refs");
    out << "5";
}

BlasThreads::BlasThreads(int threads) : saved_(sim::blas::threads()) { sim::blas::set_threads(threads); }
BlasThreads::~BlasThreads() { sim::blas::set_threads(saved_); }

RunResult run_program(sim::Program program, int threads, bool keep_program) {
    sim::RunOptions options;
    options.threads = threads;
    RunResult result;
    const auto setup_start = clock_type::now();
    sim::Simulator simulator(std::move(program), options);
    result.setup_s = seconds_since(setup_start);
    result.kernels = simulator.kernel_report().summary();
    result.threads_used = simulator.run_stats().threads_used;
    result.threads_reason = simulator.run_stats().threads_reason;
    result.rss_after_setup_mb = rss_mb();
    // Process CPU time beside wall time: std::clock() is what Brian2's standalone main loop
    // reports (built without OpenMP), and on a shared machine it is the figure that other jobs
    // do not inflate; compare_coba.py compares like with like. The calling thread's own CPU
    // time is kept too: it excludes any helper thread (OpenMP, BLAS) entirely.
    const std::clock_t cpu_start = std::clock();
    const double thread_start = thread_cpu_now();
    const auto start = clock_type::now();
    simulator.run();
    result.seconds = seconds_since(start);
    result.cpu_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    result.thread_cpu_seconds = thread_cpu_now() - thread_start;
    const sim::Recording& recording = simulator.recording();
    result.spikes_per_population.assign(simulator.program().populations.size(), 0);
    for (const auto& pop : simulator.program().populations) result.final_sizes.push_back(pop.size);
    for (const sim::SpikeTrain& train : recording.spikes) result.spikes_per_population.at(train.pop) += train.times.size();
    if (keep_program) result.final_program = simulator.program();
    return result;
}

void copy_timing(Row& row, const RunResult& result) {
    row.seconds = result.seconds;
    row.cpu_seconds = result.cpu_seconds;
    row.thread_cpu_seconds = result.thread_cpu_seconds;
    row.setup_s = result.setup_s;
    row.kernels = result.kernels;
    row.threads_used = result.threads_used;
    row.threads_reason = result.threads_reason;
}

}  // namespace neurowire::bench::run_detail
