// bench connect: the forum workload of seed 004 (k partners per source ∝ a gaussian of distance,
// with replacement) at the thread's sizes and beyond, plus a large narrow-kernel case; the numpy
// reference bench/numpy_forum.py is timed in the same run where it finishes in two minutes.
// NEUROWIRE_BENCH_CONNECT=<workload> (forum, narrow) limits the run to one workload.
// Each case runs in a forked child so its peak RSS (VmHWM) is its own, `--repeat` times (default
// 3): the table shows the median, the CSV also the fastest and slowest run, as a shared
// machine's speed drifts between minutes.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "bench/bench.hpp"
#include "connect/memory.hpp"
#include "connect/rules.hpp"
#include "core/rng.hpp"
#include "spatial/generators.hpp"

namespace neurowire::bench {
namespace {

struct Case {
    std::string workload;
    index_t n_pre, n_post;
    std::uint64_t k;
    double sigma;
    bool forum;   // positions ~ N(0, 1)² (else: one population uniform on the unit square)
};

struct Result {
    double seconds = 0.0;
    double synapses = 0.0;
    double peak_rss_mb = 0.0;
};

double peak_rss_mb_of_self() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return 0.0;
}

spatial::Positions unit_square(index_t n, seed_t seed) {
    spatial::Extent extent;
    extent.low = arma::vec(2, arma::fill::zeros);
    extent.high = arma::vec(2, arma::fill::ones);
    return spatial::uniform_box(n, extent, seed, 0);
}

Result run_in_child_body(const Case& c, int threads) {
    connect::Projection projection;
    projection.rule.kind = connect::rule_kind::fixed_outdegree;
    projection.rule.k = c.k;
    projection.rule.multapses = true;
    projection.kernel.kind = connect::kernel_kind::gaussian;
    projection.kernel.sigma = c.sigma;
    connect::Options options;
    options.threads = threads;
    const arma::vec mean(2, arma::fill::zeros), std(2, arma::fill::ones);
    Result r;
    if (c.forum) {
        projection.same_population = false;
        const auto pre = spatial::gaussian(c.n_pre, mean, std, 1, 0);
        const auto post = spatial::gaussian(c.n_post, mean, std, 1, 1);
        const auto t0 = std::chrono::steady_clock::now();
        const auto con = connect::generate(&pre, &post, c.n_pre, c.n_post, projection, 1, 0, options);
        r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        r.synapses = double(con.size());
    } else {
        projection.same_population = true;
        const auto cells = unit_square(c.n_pre, 1);
        const auto t0 = std::chrono::steady_clock::now();
        const auto con = connect::generate(&cells, &cells, c.n_pre, c.n_post, projection, 1, 0, options);
        r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        r.synapses = double(con.size());
    }
    r.peak_rss_mb = peak_rss_mb_of_self();
    return r;
}

std::optional<Result> run_forked(const Case& c, int threads) {
    int fds[2];
    if (pipe(fds) != 0) return std::nullopt;
    const pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        Result r{-1.0, 0.0, 0.0};
        try {
            r = run_in_child_body(c, threads);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "bench connect: %s: %s\n", c.workload.c_str(), e.what());
        }
        const bool ok = write(fds[1], &r, sizeof r) == ssize_t(sizeof r);
        _exit(ok ? 0 : 1);
    }
    close(fds[1]);
    Result r;
    const bool got = pid > 0 && read(fds[0], &r, sizeof r) == ssize_t(sizeof r);
    close(fds[0]);
    if (pid > 0) waitpid(pid, nullptr, 0);
    if (!got || r.seconds < 0.0) return std::nullopt;
    return r;
}

// Seconds of one numpy method, or why it was skipped.
struct NumpyTime {
    std::optional<double> seconds;
    std::string note;
};

NumpyTime time_numpy(const std::string& method, const Case& c, double timeout_s) {
    // The broadcast method holds, at its peak, the N_pre × N_post × 2 differences (16 bytes a
    // pair, alive until it returns), d² and two temporaries of the kernel (8 bytes each): 40
    // bytes a pair. It runs when that fits in 85% of the available memory (10k × 40k: 16 GB).
    const double bytes = method == "broadcast" ? 40.0 * c.n_pre * c.n_post : 3 * 8.0 * 256 * c.n_post;
    if (bytes > 0.85 * connect::available_memory_bytes()) return {std::nullopt, "memory"};
    const std::string cmd = "timeout " + std::to_string(int(timeout_s)) + " /usr/bin/python3 " NEUROWIRE_SOURCE_DIR
                            "/bench/numpy_forum.py " + method + " " + std::to_string(c.n_pre) + " " +
                            std::to_string(c.n_post) + " " + std::to_string(c.k) + " " + std::to_string(c.sigma) +
                            " 2>/dev/null";
    FILE* pipe_in = popen(cmd.c_str(), "r");
    if (!pipe_in) return {std::nullopt, "no python"};
    double seconds = -1.0, synapses = 0.0;
    const int fields = std::fscanf(pipe_in, "%lf %lf", &seconds, &synapses);
    const int status = pclose(pipe_in);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 124) return {std::nullopt, "timeout"};
    if (fields != 2 || status != 0) return {std::nullopt, "failed"};
    return {seconds, ""};
}

// The case run `repeats` times, each in a fresh process: median seconds (the table's figure),
// fastest and slowest, and the largest peak RSS.
struct Repeated {
    Result median;
    double fastest = 0.0, slowest = 0.0;
};

std::optional<Repeated> run_repeated(const Case& c, int threads, int repeats) {
    std::vector<Result> runs;
    for (int i = 0; i < repeats; ++i) {
        const auto r = run_forked(c, threads);
        if (!r) return std::nullopt;
        runs.push_back(*r);
    }
    std::sort(runs.begin(), runs.end(), [](const Result& a, const Result& b) { return a.seconds < b.seconds; });
    Repeated out{runs[runs.size() / 2], runs.front().seconds, runs.back().seconds};
    for (const Result& r : runs) out.median.peak_rss_mb = std::max(out.median.peak_rss_mb, r.peak_rss_mb);
    return out;
}

std::string cell(const std::optional<double>& x, const char* format) {
    if (!x) return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, format, *x);
    return buf;
}

}  // namespace

int connect_main(const Options& options) {
    // The narrow case: 200,000 cells on the unit square, σ such that ~1,000 lie within 3σ.
    const auto narrow_sigma = [](double n) { return std::sqrt(1000.0 / (M_PI * n)) / 3.0; };
    std::vector<Case> cases;
    if (options.quick) {
        cases = {{"forum", 1200, 4000, 10, 1.0, true}, {"forum", 2000, 2000, 10, 0.1, true},
                 {"narrow", 20000, 20000, 100, narrow_sigma(20000), false}};
    } else {
        for (double sigma : {1.0, 0.1})
            for (auto [pre, post] : {std::pair<index_t, index_t>{1200, 40000}, {10000, 10000}, {10000, 40000}, {40000, 40000}})
                cases.push_back({"forum", pre, post, 10, sigma, true});
        cases.push_back({"narrow", 200000, 200000, 100, narrow_sigma(200000), false});
    }
    // NEUROWIRE_BENCH_CONNECT=narrow (a workload name) runs only the cases of that workload.
    if (const char* only = std::getenv("NEUROWIRE_BENCH_CONNECT"); only && *only)
        std::erase_if(cases, [&](const Case& c) { return c.workload != only; });
    const std::string csv_path = options.csv_path.empty() ? "bench_connect.csv" : options.csv_path;
    std::ofstream csv(csv_path);
    if (!csv) {
        std::fprintf(stderr, "bench connect: cannot write %s\n", csv_path.c_str());
        return 1;
    }
    csv << "workload,n_pre,n_post,k,sigma,synapses,seconds,synapses_per_s,peak_rss_mb,"
           "numpy_broadcast_s,numpy_blockwise_s,broadcast_ratio,blockwise_ratio,repeats,seconds_min,seconds_max\n";
    const int repeats = options.repeats > 0 ? options.repeats : (options.quick ? 1 : 3);
    std::printf("%-7s %7s %7s %4s %7s %10s %9s %12s %8s | %11s %11s %9s %9s\n", "case", "n_pre", "n_post", "k",
                "sigma", "synapses", "seconds", "syn/s", "rss_MB", "np_bcast_s", "np_block_s", "bcast_x", "block_x");
    int status = 0;
    for (const Case& c : cases) {
        const auto repeated = run_repeated(c, options.threads, repeats);
        if (!repeated) {
            std::printf("%-7s %7u %7u: failed\n", c.workload.c_str(), c.n_pre, c.n_post);
            status = 1;
            continue;
        }
        const Result* r = &repeated->median;
        NumpyTime broadcast{std::nullopt, "-"}, blockwise{std::nullopt, "-"};
        if (c.forum) {
            broadcast = time_numpy("broadcast", c, 120);
            blockwise = time_numpy("blockwise", c, 120);
        }
        auto ratio = [&](const NumpyTime& t) -> std::optional<double> {
            if (!t.seconds) return std::nullopt;
            return *t.seconds / r->seconds;
        };
        auto shown = [&](const NumpyTime& t, const std::optional<double>& x, const char* format) {
            return x ? cell(x, format) : (t.note.empty() || t.note == "-" ? std::string("-") : "skip:" + t.note);
        };
        std::printf("%-7s %7u %7u %4llu %7.4f %10.0f %9.4f %12.4g %8.1f | %11s %11s %9s %9s\n", c.workload.c_str(),
                    c.n_pre, c.n_post, static_cast<unsigned long long>(c.k), c.sigma, r->synapses, r->seconds,
                    r->synapses / r->seconds, r->peak_rss_mb, shown(broadcast, broadcast.seconds, "%.3f").c_str(),
                    shown(blockwise, blockwise.seconds, "%.3f").c_str(),
                    shown(broadcast, ratio(broadcast), "%.1f").c_str(), shown(blockwise, ratio(blockwise), "%.1f").c_str());
        std::fflush(stdout);
        csv << c.workload << ',' << c.n_pre << ',' << c.n_post << ',' << c.k << ',' << c.sigma << ','
            << r->synapses << ',' << r->seconds << ',' << r->synapses / r->seconds << ',' << r->peak_rss_mb << ','
            << cell(broadcast.seconds, "%.6f") << ',' << cell(blockwise.seconds, "%.6f") << ','
            << cell(ratio(broadcast), "%.3f") << ',' << cell(ratio(blockwise), "%.3f") << ',' << repeats << ','
            << repeated->fastest << ',' << repeated->slowest << '\n';
    }
    std::printf("neurowire: median of %d run(s), each in a fresh process (fastest and slowest in the CSV).\n"
                "numpy: /usr/bin/python3 bench/numpy_forum.py, 120 s timeout; skip:memory = the broadcast "
                "matrices would not fit; ratios are numpy seconds / neurowire seconds.\nCSV: %s\n",
                repeats, csv_path.c_str());
    return status;
}

}  // namespace neurowire::bench
