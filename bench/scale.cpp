// bench scale: connectome generation against the memory budget — the narrow workload (200,000
// cells, k = 100) in memory, 10^7 / 10^8 / 4·10^8 synapses (10^5 cells × 100, 10^6 × 100,
// 10^6 × 400) streamed with a 512 MB budget (peak RSS must stay flat as the table grows), and the disk's own write rate (dd) to compare the
// streamed runs' output rate with. Every case runs `neurowire connect` in a child process (the
// neurowire beside bench_runner), so its peak RSS is its own (wait4's ru_maxrss).
// NEUROWIRE_BENCH_SCALE_DIR: where the outputs go (default: the working directory); each case's
// folder is removed after it is measured. Ranks: MPI is not built, every run is one process.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bench/bench.hpp"
#include "core/platform/process.hpp"

namespace neurowire::bench {
namespace {

namespace fs = std::filesystem;

struct Case {
    std::string name;
    std::uint64_t cells, k;
    std::string memory_limit;   // empty: none (in memory)
    int threads;
};

struct Measured {
    bool ok = false;
    double seconds = 0.0, peak_rss_mb = 0.0, output_bytes = 0.0;
};

// Children of `argv[0]` with its arguments; wall time and peak RSS.
Measured run_child(const std::vector<std::string>& argv) {
    Measured m;
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::execv(args[0], args.data());
        std::_Exit(127);
    }
    int status = 0;
    rusage usage{};
    if (pid < 0 || ::wait4(pid, &status, 0, &usage) != pid) return m;
    m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    m.peak_rss_mb = double(usage.ru_maxrss) / 1024.0;
    m.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    return m;
}

double folder_bytes(const fs::path& dir) {
    double sum = 0.0;
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(dir, ec))
        if (e.is_regular_file()) sum += double(e.file_size());
    return sum;
}

// The narrow workload at `cells`: uniform on the unit square, the kernel's width scaled so that
// every size has the same neighbours per σ² as 200,000 cells at σ = 0.02.
void write_spec(const fs::path& file, const Case& c) {
    const double sigma = 0.02 * std::sqrt(200000.0 / double(c.cells));
    std::ofstream out(file);
    out << "seed: 5\npopulations:\n  cells: {size: " << c.cells
        << ", positions: {kind: uniform, extent: [[0, 1], [0, 1]]}}\nprojections:\n"
        << "  - {name: narrow, source: cells, target: cells, rule: {kind: fixed_outdegree, k: " << c.k
        << "}, kernel: {kind: gaussian, sigma: " << sigma << "}}\n";
}

std::string commas(double x) {
    std::string digits = std::to_string(static_cast<unsigned long long>(x + 0.5));
    for (int i = int(digits.size()) - 3; i > 0; i -= 3) digits.insert(std::size_t(i), ",");
    return digits;
}

}  // namespace

int scale_main(const Options& options) {
    const fs::path exe = platform::current_executable().parent_path() / "neurowire";
    if (!fs::exists(exe)) {
        std::fprintf(stderr, "bench scale: needs neurowire beside bench_runner (%s)\n", exe.c_str());
        return 1;
    }
    const char* where = std::getenv("NEUROWIRE_BENCH_SCALE_DIR");
    const fs::path work = fs::path(where ? where : ".") / "bench_scale_work";
    fs::create_directories(work);
    const int threads = options.threads > 0 ? options.threads : 2;
    std::vector<Case> cases;
    if (options.quick) {
        cases = {{"narrow", 20000, 100, "", 1}, {"narrow", 20000, 100, "", threads},
                 {"streamed", 100000, 100, "512M", threads}};
    } else {
        cases = {{"narrow", 200000, 100, "", 1}, {"narrow", 200000, 100, "", threads},
                 {"streamed", 100000, 100, "512M", threads}, {"streamed", 1000000, 100, "512M", threads},
                 {"streamed", 1000000, 400, "512M", threads}};
    }
    const std::string csv_path = options.csv_path.empty() ? "bench_scale.csv" : options.csv_path;
    std::ofstream csv(csv_path);
    if (!csv) {
        std::fprintf(stderr, "bench scale: cannot write %s\n", csv_path.c_str());
        return 1;
    }
    csv << "case,cells,k,synapses,ranks,threads,memory_limit,seconds,synapses_per_s,peak_rss_mb_per_rank,output_bytes,output_mb_per_s\n";
    std::printf("%-9s %9s %4s %13s %5s %7s %8s %9s %12s %9s %12s %9s\n", "case", "cells", "k", "synapses", "ranks",
                "threads", "limit", "seconds", "synapses/s", "RSS MB", "output MB", "MB/s");
    int failures = 0;
    for (const Case& c : cases) {
        const fs::path spec = work / "spec.yaml", out = work / "out";
        fs::remove_all(out);
        write_spec(spec, c);
        std::vector<std::string> argv{exe.string(), "connect", spec.string(), "-o", out.string(), "-q",
                                      "--threads", std::to_string(c.threads)};
        if (!c.memory_limit.empty()) argv.insert(argv.end(), {"--memory-limit", c.memory_limit});
        const Measured m = run_child(argv);
        const double synapses = double(c.cells) * double(c.k);
        if (!m.ok) {
            std::printf("%-9s %9s: failed\n", c.name.c_str(), commas(double(c.cells)).c_str());
            ++failures;
            continue;
        }
        const double bytes = folder_bytes(out);
        fs::remove_all(out);
        const std::string limit = c.memory_limit.empty() ? "none" : c.memory_limit;
        std::printf("%-9s %9s %4llu %13s %5d %7d %8s %9.2f %12s %9.0f %12.0f %9.0f\n", c.name.c_str(),
                    commas(double(c.cells)).c_str(), static_cast<unsigned long long>(c.k), commas(synapses).c_str(), 1,
                    c.threads, limit.c_str(), m.seconds, commas(synapses / m.seconds).c_str(), m.peak_rss_mb, bytes / 1e6,
                    bytes / 1e6 / m.seconds);
        std::fflush(stdout);
        csv << c.name << ',' << c.cells << ',' << c.k << ',' << synapses << ",1," << c.threads << ',' << limit << ','
            << m.seconds << ',' << synapses / m.seconds << ',' << m.peak_rss_mb << ',' << bytes << ','
            << bytes / 1e6 / m.seconds << '\n';
    }
    // The disk's sequential write rate, flushed as the streamed files are (they end with close,
    // not fsync: dd without conv=fdatasync is the like-for-like figure; both are printed).
    const double dd_mb = options.quick ? 256 : 2048;
    for (const bool sync : {false, true}) {
        const fs::path file = work / "dd.bin";
        std::vector<std::string> argv{"/bin/dd", "if=/dev/zero", "of=" + file.string(), "bs=1M",
                                      "count=" + std::to_string(int(dd_mb)), "status=none"};
        if (sync) argv.push_back("conv=fdatasync");
        const Measured m = run_child(argv);
        fs::remove(file);
        const char* name = sync ? "dd+sync" : "dd";
        if (!m.ok) {
            std::printf("%-9s failed\n", name);
            continue;
        }
        std::printf("%-9s %9s %4s %13s %5s %7s %8s %9.2f %12s %9.0f %12.0f %9.0f\n", name, "-", "-", "-", "-", "-", "-",
                    m.seconds, "-", m.peak_rss_mb, dd_mb * 1.048576, dd_mb * 1.048576 / m.seconds);
        csv << name << ",,,,,,," << m.seconds << ",," << m.peak_rss_mb << ',' << dd_mb * 1048576.0 << ','
            << dd_mb * 1.048576 / m.seconds << '\n';
    }
    fs::remove_all(work);
    std::printf("CSV: %s\n", csv_path.c_str());
    return failures == 0 ? 0 : 1;
}

}  // namespace neurowire::bench
