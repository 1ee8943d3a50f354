// `neurowire bench run` / `bench_runner run`: how fast the runner steps the seed workloads.
//
// Workloads (SPEC.md "Benchmarks", columns workload,n,steps,seconds,steps_per_s then extras):
//   coba_4000     the COBA E/I network of docs/models.md §6, 1 s at dt 0.1 ms, one thread,
//                 once per seed (the peer script bench/compare_coba.py compares with Brian2);
//   qif_1000      RectiPy's documented QIF example at N = 1,000: dense J ~ 2·N(0, 1), I_ext = 10,
//                 dt 1e-3, 10,000 steps, s recorded every 10 steps;
//   wc_100, wc_1000  Wilson–Cowan, N all-to-all (W ~ N(0, 1/√N), diagonal 15, r_ext = 1), 2·10⁹/N²
//                 steps (20,000 and 2,000), with the memory-bandwidth bound of its one dense
//                 mat-vec per step and a checksum of the final rates (compare runs with other
//                 thread counts or OPENBLAS_NUM_THREADS: the same bits give the same checksum);
//   demo_40000    the demo network (examples/demo_ei_sheet.yaml), 1 s, on --threads threads
//                 (--repeat N: N runs of the one network, the fastest reported);
//   demo_400000   the demo ten times larger: 400,000 neurons, 32 M synapses (bench/run_demo.cpp),
//                 with peak RSS and the memory the running network holds per synapse.
// Only the step loop is timed; building the network and compiling the program are reported
// separately (build_s), and so is constructing the Simulator (setup_s), which compiles the native
// kernels or loads them from the cache. Each row prints the Simulator's kernel report.
// COBA builds and runs on one OpenMP thread and one OpenBLAS thread; run it with
// OPENBLAS_NUM_THREADS=1 (compare_coba.py does) so that OpenBLAS starts no workers at all.
//
// Environment (for the comparison scripts; the CLI's options have no workload filter):
//   NEUROWIRE_BENCH_RUN    comma list of workloads to run (coba, qif, wc, demo, demo400k); default
//                          all (--quick: all but demo400k)
//   NEUROWIRE_BENCH_SEEDS  comma list of COBA seeds; default 1..5 (--quick: 1)
//   NEUROWIRE_BENCH_WC_N   comma list of Wilson–Cowan sizes; default 100,1000
//   NEUROWIRE_BENCH_METHOD COBA's solver: euler (default) or exponential_euler
//   NEUROWIRE_BENCH_SPEC   a network spec: workload "spec" runs it (spec_<units>), as demo_40000
//                          runs the demo (rates of populations E and I if it has them)
// COBA runs on one thread unless --threads says otherwise; the other workloads on --threads
// (default: all cores).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <fstream>
#include <utility>
#include <stdexcept>
#include <string>
#include <vector>

#include <omp.h>

#include <armadillo>

#include "bench/bench.hpp"
#include "spec/template_file.hpp"
#include "bench/run_common.hpp"
#include "build/connectivity.hpp"
#include "build/network.hpp"
#include "build/population.hpp"
#include "build/templates.hpp"
#include "connect/spec.hpp"
#include "core/rng.hpp"
#include "sim/program.hpp"
#include "sim/runner.hpp"

namespace neurowire::bench {
namespace {

using namespace run_detail;


std::vector<std::string> split_list(const char* text) {
    std::vector<std::string> out;
    if (!text) return out;
    std::string item;
    for (const char* p = text;; ++p) {
        if (*p == ',' || *p == '\0') {
            if (!item.empty()) out.push_back(item);
            item.clear();
            if (*p == '\0') break;
        } else if (*p != ' ') {
            item += *p;
        }
    }
    return out;
}

bool wanted(const std::vector<std::string>& only, const std::string& name) {
    return only.empty() || std::find(only.begin(), only.end(), name) != only.end();
}

// ---------------------------------------------------------------------------------------------
// Memory bandwidth: one dense mat-vec must read all 8·N² bytes of W once per step, so reading a
// buffer of the same size in a plain streaming loop is the speed limit that counts. The best of
// several passes is taken: the first passes pay for first touch and cache warm-up, exactly as
// the first steps of the simulation do.
// Read with as many threads as the workload's step loop uses, so bound and run are comparable.
double read_bandwidth_gb_s(std::size_t bytes, int passes, int threads) {
    const std::size_t n = bytes / sizeof(double);
    std::vector<double> buffer(n);
#pragma omp parallel for num_threads(threads) schedule(static)
    for (std::size_t i = 0; i < n; ++i) buffer[i] = static_cast<double>(i & 1023) * 1e-3;
    const double* data = buffer.data();
    double best = 1e30;
    volatile double sink = 0.0;   // keeps the sums alive without a store per element
    for (int pass = 0; pass < passes; ++pass) {
        const auto start = clock_type::now();
        double sum = 0.0;
#pragma omp parallel for simd num_threads(threads) schedule(static) reduction(+ : sum)
        for (std::size_t i = 0; i < n; ++i) sum += data[i];
        best = std::min(best, seconds_since(start));
        sink = sink + sum;
    }
    return static_cast<double>(n * sizeof(double)) / best / 1e9;
}

// ---------------------------------------------------------------------------------------------

// One delay for the whole projection (as the spec loader makes of `delay: 0.1`), not a
// per-connection draw: the runner then needs no per-connection delay array.
build::Connectivity bernoulli(const char* source, const char* target, double p, double weight, double delay) {
    connect::Projection rule;
    rule.rule.kind = connect::rule_kind::pairwise_bernoulli;
    rule.rule.p = p;
    rule.weight.kind = connect::value_kind::constant;
    rule.weight.value = weight;
    build::Connectivity c = build::Connectivity::from_rule(source, target, rule);
    c.delay = delay;
    return c;
}

sim::Input constant_input(double value) {
    sim::Input in;
    in.kind = sim::input_kind::constant;
    in.value = value;
    return in;
}

// docs/models.md §6; the same network as examples/seed003_coba.yaml.
Row coba(std::uint64_t seed, int threads) {
    const auto start = clock_type::now();
    const build::ModelTemplate lif = spec::load_template("spiking_neurons.lif_coba.lif");
    build::Network net(seed);
    connect::Value v0;
    v0.kind = connect::value_kind::normal;
    v0.mean = -55.0;
    v0.std = 2.0;
    for (const auto& [name, size] : {std::pair<const char*, index_t>{"E", 3200}, {"I", 800}}) {
        build::Population pop(name, lif, size);
        pop.set_init("v", build::UnitValues::drawn(v0));
        net.add(std::move(pop));
    }
    // Delay 0.1 ms = one step: spikes act in the next step, as in Brian2 with on_pre delay 0.
    net.connect(bernoulli("E", "E/g_e", 0.02, 0.6, 0.1).named("E2E"));
    net.connect(bernoulli("E", "I/g_e", 0.02, 0.6, 0.1).named("E2I"));
    net.connect(bernoulli("I", "E/g_i", 0.02, 6.7, 0.1).named("I2E"));
    net.connect(bernoulli("I", "I/g_i", 0.02, 6.7, 0.1).named("I2I"));
    net.add_input({"E/I_ext", constant_input(20.0)});
    net.add_input({"I/I_ext", constant_input(20.0)});
    net.record_spikes("E");
    net.record_spikes("I");
    net.settings.dt = 0.1;
    net.settings.duration = 1000.0;
    // NEUROWIRE_BENCH_METHOD=exponential_euler: Brian2's method of choice for COBA (compare_coba.py --method).
    const char* method = std::getenv("NEUROWIRE_BENCH_METHOD");
    const bool exponential = method && std::string(method) == "exponential_euler";
    if (exponential) net.settings.method = sim::solver::exponential_euler;
    sim::Program program = net.compile();

    Row row;
    row.workload = exponential ? "coba_4000_exponential_euler" : "coba_4000";
    row.n = 4000;
    row.steps = program.steps;
    row.seed = seed;
    row.threads = threads;
    row.synapses = net.n_synapses();
    row.build_s = seconds_since(start);
    const double simulated_s = static_cast<double>(program.steps) * program.dt * 1e-3;   // ms → s
    const RunResult result = run_program(std::move(program), threads);
    copy_timing(row, result);
    const auto e = *net.find_population("E");
    const auto i = *net.find_population("I");
    row.rate_e_hz = static_cast<double>(result.spikes_per_population[e]) / 3200.0 / simulated_s;
    row.rate_i_hz = static_cast<double>(result.spikes_per_population[i]) / 800.0 / simulated_s;
    row.spikes = result.spikes_per_population[e] + result.spikes_per_population[i];
    return row;
}

// RectiPy's documentation/models/qif.py scaled to N = 1,000: J = randn(N, N)·2, constant input
// 10, dt 1e-3, 10,000 steps, output recorded every 10 steps (its sampling_steps).
Row qif(index_t n, std::uint64_t steps, int threads) {
    const auto start = clock_type::now();
    build::Network net(7);
    net.add(build::Population("qif", spec::load_template("spiking_neurons.qif.qif"), n));
    arma::mat J(n, n);
    auto g = rng::stream(7, rng::purpose::weight, 0, 0);
    for (double& x : J) x = 2.0 * rng::normal(g);
    net.connect(build::Connectivity::from_matrix("qif/s", "qif/s_in", std::move(J)));
    net.add_input({"qif/I_ext", constant_input(10.0)});
    build::Recording rec;
    rec.variable = "qif/s";
    rec.every = 10;
    net.record(rec);
    net.record_spikes("qif");
    net.settings.dt = 1e-3;
    net.settings.duration = static_cast<double>(steps) * 1e-3;
    sim::Program program = net.compile();

    Row row;
    row.workload = "qif_" + std::to_string(n);
    row.n = n;
    row.steps = program.steps;
    row.threads = threads;
    row.synapses = static_cast<std::uint64_t>(n) * n;
    row.build_s = seconds_since(start);
    const RunResult result = run_program(std::move(program), threads);
    copy_timing(row, result);
    row.spikes = result.spikes_per_population.at(0);
    return row;
}

// The seed-000 network at size n: W ~ N(0, 1/√N) with diagonal 15, r_ext = 1. Nothing is
// recorded, so the step is the mat-vec plus N sigmoids.
Row wilson_cowan(index_t n, std::uint64_t steps, int threads, bool dram) {
    const auto start = clock_type::now();
    build::Network net(0);
    net.add(build::Population("e", spec::load_template("neural_mass_models.wilsoncowan.exc_pop"), n));
    arma::mat W(n, n);
    auto g = rng::stream(0, rng::purpose::weight, 0, 0);
    const double scale = 1.0 / std::sqrt(static_cast<double>(n));
    for (double& x : W) x = scale * rng::normal(g);
    W.diag().fill(15.0);
    net.connect(build::Connectivity::from_matrix("e/r", "e/r_in", std::move(W)));
    net.add_input({"e/r_ext", constant_input(1.0)});
    net.settings.dt = 1e-3;
    net.settings.duration = static_cast<double>(steps) * 1e-3;
    sim::Program program = net.compile();

    Row row;
    row.workload = "wc_" + std::to_string(n);
    row.n = n;
    row.steps = program.steps;
    row.threads = threads;
    row.synapses = static_cast<std::uint64_t>(n) * n;
    row.build_s = seconds_since(start);
    const RunResult result = run_program(std::move(program), threads, true);
    copy_timing(row, result);
    const auto& pop = result.final_program.populations.at(0);
    const auto r = pop.values.find_array("r");
    if (!r) throw std::runtime_error("wc: the template has no variable r");
    row.checksum = 0.0;
    for (const double x : pop.values.arrays[*r]) row.checksum += x;

    const std::size_t matrix_bytes = 8ull * n * n;
    row.bandwidth_gb_s = read_bandwidth_gb_s(matrix_bytes, 50, threads);
    row.bound_us_per_step = static_cast<double>(matrix_bytes) / (row.bandwidth_gb_s * 1e9) * 1e6;
    // Far beyond the caches: what the bound would be if W had to come from DRAM every step.
    if (dram) row.dram_bandwidth_gb_s = read_bandwidth_gb_s(512ull << 20, 5, threads);
    return row;
}

// Steps for a Wilson–Cowan run of size n: about the same number of weights read in all.
std::uint64_t wc_steps(index_t n, bool quick) {
    const double steps = 2e9 / (static_cast<double>(n) * n) / (quick ? 10.0 : 1.0);
    return static_cast<std::uint64_t>(std::clamp(steps, 100.0, 200000.0));
}

std::string fmt(double x, const char* spec) {
    if (std::isnan(x)) return "";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, spec, x);
    return buffer;
}

void write_csv(const std::string& path, const std::vector<Row>& rows) {
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp);
        if (!out) throw std::runtime_error("cannot write " + tmp);
        out << "workload,n,steps,seconds,steps_per_s,us_per_step,bound_us_per_step,bandwidth_gb_s,"
               "dram_bandwidth_gb_s,seed,threads,build_s,synapses,spikes,rate_e_hz,rate_i_hz,cpu_seconds,"
               "thread_cpu_seconds,setup_s,threads_used,peak_rss_mb,bytes_per_synapse,checksum\n";
        for (const Row& r : rows) {
            out << r.workload << ',' << r.n << ',' << r.steps << ',' << fmt(r.seconds, "%.6f") << ','
                << fmt(r.steps_per_s(), "%.1f") << ',' << fmt(r.us_per_step(), "%.3f") << ','
                << fmt(r.bound_us_per_step, "%.3f") << ',' << fmt(r.bandwidth_gb_s, "%.2f") << ','
                << fmt(r.dram_bandwidth_gb_s, "%.2f") << ',' << r.seed << ',' << r.threads << ','
                << fmt(r.build_s, "%.4f") << ',' << r.synapses << ',' << r.spikes << ','
                << fmt(r.rate_e_hz, "%.3f") << ',' << fmt(r.rate_i_hz, "%.3f") << ',' << fmt(r.cpu_seconds, "%.6f")
                << ',' << fmt(r.thread_cpu_seconds, "%.6f") << ',' << fmt(r.setup_s, "%.4f") << ','
                << r.threads_used << ',' << fmt(r.peak_rss_mb, "%.1f") << ',' << fmt(r.bytes_per_synapse, "%.2f")
                << ',' << fmt(r.checksum, "%.17g") << '\n';
        }
        if (!out.flush()) throw std::runtime_error("cannot write " + tmp);
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) throw std::runtime_error("cannot rename " + tmp);
}

void print_row(const Row& r) {
    std::printf("%-11s %6llu %7llu %9.4f %9.4f %11.0f %9.2f %8.3f", r.workload.c_str(),
                static_cast<unsigned long long>(r.n), static_cast<unsigned long long>(r.steps), r.seconds,
                r.cpu_seconds, r.steps_per_s(), r.us_per_step(), r.build_s);
    if (!std::isnan(r.rate_e_hz))
        std::printf("   seed %llu  E %.2f Hz  I %.2f Hz", static_cast<unsigned long long>(r.seed), r.rate_e_hz,
                    r.rate_i_hz);
    if (!std::isnan(r.bound_us_per_step))
        std::printf("   bound %.2f us/step (%.1f GB/s over 8N^2 B; DRAM %.1f GB/s) = %.0f%% of bound",
                    r.bound_us_per_step, r.bandwidth_gb_s, r.dram_bandwidth_gb_s,
                    100.0 * r.bound_us_per_step / r.us_per_step());
    if (r.workload.rfind("qif", 0) == 0) std::printf("   %llu spikes", static_cast<unsigned long long>(r.spikes));
    if (!std::isnan(r.checksum)) std::printf("   sum r %.17g", r.checksum);
    std::printf("\n");
    std::printf("            threads %d of %d: %s\n", r.threads_used, r.threads, r.threads_reason.c_str());
    if (!std::isnan(r.peak_rss_mb))
        std::printf("            %llu synapses, peak RSS %.0f MB, %.1f bytes per synapse while running\n",
                    static_cast<unsigned long long>(r.synapses), r.peak_rss_mb, r.bytes_per_synapse);
    if (!r.kernels.empty())
        std::printf("            set-up %.3f s, %s; thread CPU %.4f s\n", r.setup_s, r.kernels.c_str(),
                    r.thread_cpu_seconds);
    std::fflush(stdout);
}

}  // namespace

int run_main(const Options& options) {
    try {
        const std::vector<std::string> only = split_list(std::getenv("NEUROWIRE_BENCH_RUN"));
        std::vector<std::uint64_t> seeds;
        for (const std::string& s : split_list(std::getenv("NEUROWIRE_BENCH_SEEDS"))) seeds.push_back(std::stoull(s));
        if (seeds.empty()) seeds = options.quick ? std::vector<std::uint64_t>{1} : std::vector<std::uint64_t>{1, 2, 3, 4, 5};
        // The COBA comparison is defined on one thread (Brian2 standalone without OpenMP) unless
        // --threads asks for more; the other workloads use what the caller allows.
        const int threads = options.threads > 0 ? options.threads : omp_get_num_procs();
        const int coba_threads = options.threads > 0 ? options.threads : 1;
        const std::string csv = options.csv_path.empty() ? "bench_run.csv" : options.csv_path;
        std::vector<index_t> wc_sizes;
        for (const std::string& s : split_list(std::getenv("NEUROWIRE_BENCH_WC_N")))
            wc_sizes.push_back(static_cast<index_t>(std::stoul(s)));
        if (wc_sizes.empty()) wc_sizes = {100, 1000};

        std::printf("%-11s %6s %7s %9s %9s %11s %9s %8s\n", "workload", "n", "steps", "seconds", "cpu_s",
                    "steps/s", "us/step", "build_s");
        std::vector<Row> rows;
        if (wanted(only, "coba")) {
            // The threads asked for, from building the network on: no OpenMP or BLAS workers that
            // linger after the build's parallel regions, spinning beside the step loop (they took
            // a quarter of the samples during it, and share the core on a 2-vCPU machine).
            const BlasThreads blas_threads(coba_threads);
            const int omp_threads = omp_get_max_threads();
            omp_set_num_threads(coba_threads);
            for (std::uint64_t seed : seeds) rows.push_back(coba(seed, coba_threads)), print_row(rows.back());
            omp_set_num_threads(omp_threads);
        }
        if (wanted(only, "qif"))
            rows.push_back(qif(1000, options.quick ? 1000 : 10000, threads)), print_row(rows.back());
        if (wanted(only, "wc"))
            for (const index_t n : wc_sizes)
                rows.push_back(wilson_cowan(n, wc_steps(n, options.quick), threads, n == 1000 && !options.quick)),
                    print_row(rows.back());
        if (wanted(only, "demo"))
            rows.push_back(demo(1, options.quick ? 100.0 : 1000.0, threads, options.repeats)), print_row(rows.back());
        if (const char* spec = std::getenv("NEUROWIRE_BENCH_SPEC"); spec && wanted(only, "spec"))
            rows.push_back(spec_network(spec, 1, options.quick ? 100.0 : 0.0, threads, options.repeats, "spec")),
                print_row(rows.back());
        // The large network takes a minute to build and a few GB: not in a quick run unless named.
        if ((!options.quick && wanted(only, "demo400k")) ||
            std::find(only.begin(), only.end(), "demo400k") != only.end())
            rows.push_back(demo(10, options.quick ? 100.0 : 1000.0, threads, options.repeats)), print_row(rows.back());
        write_csv(csv, rows);
        std::printf("wrote %s\n", csv.c_str());
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench run: %s\n", e.what());
        return 1;
    }
}

}  // namespace neurowire::bench
