#pragma once
// Benchmark workloads, each printing a table to stdout and writing a CSV (columns as SPEC.md).
// Called by `neurowire bench <name>` and by out/bin/bench_runner.
#include <string>

namespace neurowire::bench {

struct Options {
    std::string csv_path;   // empty: bench_<name>.csv in the working directory
    bool quick = false;     // smaller sizes, for a smoke run
    int threads = 0;        // 0: all cores
    int repeats = 0;        // runs per case (connect: median reported); 0: the workload's default
};

// Each returns the process exit status. Defined in bench/<name>.cpp when that issue lands.
int connect_main(const Options& options);
int build_main(const Options& options);
int run_main(const Options& options);
int scale_main(const Options& options);

}  // namespace neurowire::bench
