// bench build: seed 000's section 4 — building N all-to-all coupled Wilson–Cowan units as N
// nodes and N² edge objects (legacy circuit) versus one weight matrix (dense) or one sparse
// projection — plus the time of one Euler step of each resulting program.
//
// W ~ N(0, 1/√N) with self-coupling 15, as in the tutorial. Build time is construction plus
// compilation into a sim::Program (the weights already exist, as the user's W does); the step
// time is the mean over enough steps to take ~0.2 s. The legacy path stops once its predicted
// build time (quadratic in N) passes a minute.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <utility>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bench/bench.hpp"
#include "spec/template_file.hpp"
#include "build/legacy_circuit.hpp"
#include "build/network.hpp"
#include "core/rng.hpp"
#include "sim/runner.hpp"

namespace neurowire::bench {
namespace {

using clock_type = std::chrono::steady_clock;
constexpr const char* model = "neural_mass_models.wilsoncowan.exc_pop";

struct Row {
    std::string path;
    index_t n = 0;
    std::uint64_t edges = 0;
    double build_s = 0.0;
    double step_s = 0.0;
};

double seconds_since(clock_type::time_point t0) { return std::chrono::duration<double>(clock_type::now() - t0).count(); }

arma::mat weights(index_t n) {
    arma::mat w(n, n);
    const double std = 1.0 / std::sqrt(static_cast<double>(n));
    for (index_t i = 0; i < n; ++i) {
        auto g = rng::stream(0, rng::purpose::weight, 0, i);
        for (index_t j = 0; j < n; ++j) w(i, j) = rng::normal(g, 0.0, std);
    }
    w.diag().fill(15.0);
    return w;
}

std::string node_name(std::size_t k) {
    std::string s = "e";
    return s.append(std::to_string(k));
}

// "node/var". (Built by append: GCC 12 warns falsely (-Wrestrict) on string + "literal".)
std::string node_var(const std::string& node, const char* var) {
    std::string s;
    s.reserve(node.size() + 16);
    return s.append(node).append(1, '/').append(var);
}

sim::Input drive() {
    sim::Input in;
    in.kind = sim::input_kind::constant;
    in.value = 1.0;
    return in;
}

// Mean wall time of one step, over enough steps to take about 0.2 s (after one warm-up step).
double step_time(sim::Program program, int threads) {
    program.steps = 1'000'000;
    sim::Simulator sim(std::move(program), {threads, {}});
    sim.advance(1);
    std::uint64_t steps = 1;
    double elapsed = 0.0;
    while (true) {
        const auto t0 = clock_type::now();
        sim.advance(steps);
        elapsed = seconds_since(t0);
        if (elapsed > 0.2 || steps >= 100'000) break;
        steps = static_cast<std::uint64_t>(steps * std::min(100.0, 0.25 / std::max(elapsed, 1e-6))) + 1;
    }
    return elapsed / static_cast<double>(steps);
}

build::RunSettings settings() {
    build::RunSettings s;
    s.dt = 1e-3;
    s.duration = 1.0;
    return s;
}

// The best of up to five builds while they take under half a second in all: small builds are at
// the mercy of the scheduler on a shared machine. `build` returns the program and its edge count.
template <class Build>
Row best_of(const std::string& path, index_t n, Build build, int threads) {
    Row row{path, n, 0, 1e300, 0.0};
    sim::Program program;
    double total = 0.0;
    for (int rep = 0; rep < 5 && (rep == 0 || total < 0.5); ++rep) {
        auto [built, s] = build(row.edges);
        program = std::move(built);
        total += s;
        row.build_s = std::min(row.build_s, s);
    }
    row.step_s = step_time(std::move(program), threads);
    return row;
}

// The weights exist before the clock starts (the user's W); the network takes them over.
Row run_matrix(const arma::mat& w, bool sparse, int threads) {
    const index_t n = w.n_rows;
    return best_of(sparse ? "sparse" : "dense", n, [&](std::uint64_t& edges) {
        arma::mat dense;
        arma::sp_mat sp;
        if (sparse) sp = arma::sp_mat(w);
        else dense = w;
        const auto t0 = clock_type::now();
        build::Network net(0);
        net.settings = settings();
        net.add(build::Population("e", spec::load_template(model), n));
        net.connect(sparse ? build::Connectivity::from_sparse("e/r", "e/r_in", std::move(sp))
                           : build::Connectivity::from_matrix("e/r", "e/r_in", std::move(dense)));
        net.add_input({"e/r_ext", drive()});
        edges = net.n_synapses();
        sim::Program program = std::move(net).compile();
        return std::make_pair(std::move(program), seconds_since(t0));
    }, threads);
}

Row run_legacy(const arma::mat& w, int threads) {
    const index_t n = w.n_rows;
    return best_of("legacy", n, [&](std::uint64_t& edges) {
        const auto t0 = clock_type::now();
        build::LegacyCircuit circuit(0, spec::template_loader());
        circuit.settings = settings();
        std::vector<std::string> nodes;
        nodes.reserve(n);
        for (index_t k = 0; k < n; ++k) {
            nodes.push_back(node_name(k));
            circuit.add_node(nodes.back(), model);
            circuit.add_input(node_var(nodes.back(), "r_ext"), drive());
        }
        circuit.add_edges_from_matrix("r", "r_in", nodes, w, 0.0);
        edges = circuit.n_edges();
        sim::Program program = circuit.compile();
        return std::make_pair(std::move(program), seconds_since(t0));
    }, threads);
}

void write_csv(const std::string& path, const std::vector<Row>& rows) {
    std::ofstream out(path);
    out << "path,n,edges,build_s,step_s\n";
    for (const auto& r : rows) {
        char line[160];
        std::snprintf(line, sizeof line, "%s,%u,%llu,%.6e,%.6e\n", r.path.c_str(), r.n,
                      static_cast<unsigned long long>(r.edges), r.build_s, r.step_s);
        out << line;
    }
}

// The two panels of seed 000's section 4, drawn by gnuplot: build time against N (log axes) and
// the build-time speedup legacy / matrix path.
bool write_png(const std::vector<Row>& rows, const std::string& png) {
    const std::string base = png + ".tmp";
    auto series = [&](const std::string& path) {
        const std::string file = base + "." + path + ".dat";
        std::ofstream out(file);
        for (const auto& r : rows)
            if (r.path == path) out << r.n << ' ' << r.build_s << '\n';
        return file;
    };
    const std::string legacy = series("legacy"), dense = series("dense"), sparse = series("sparse");
    const std::string speedup = base + ".speedup.dat";
    {
        std::ofstream out(speedup);
        for (const auto& l : rows) {
            if (l.path != "legacy") continue;
            double d = 0.0, s = 0.0;
            for (const auto& r : rows) {
                if (r.n != l.n) continue;
                if (r.path == "dense") d = r.build_s;
                if (r.path == "sparse") s = r.build_s;
            }
            out << l.n << ' ' << (d > 0 ? l.build_s / d : 0.0) << ' ' << (s > 0 ? l.build_s / s : 0.0) << '\n';
        }
    }
    const std::string script = base + ".gp";
    {
        std::ofstream gp(script);
        gp << "set terminal pngcairo size 1400,520 font ',11'\n"
           << "set output '" << base << "'\n"
           << "set multiplot layout 1,2 title 'Legacy per-edge circuit vs Population + Connectivity "
              "(Wilson-Cowan, W from N(0, 1/sqrt(N)), diag 15)'\n"
           << "set logscale xy\nset grid\nset key top left\nset xlabel 'N (population size)'\n"
           << "set ylabel 'build time (s)'\nset title 'Build time (construct + compile) vs N'\n"
           << "plot '" << legacy << "' using 1:2 with linespoints pt 7 title 'legacy (N^2 edge objects)', \\\n"
           << "     '" << dense << "' using 1:2 with linespoints pt 5 title 'Population + Connectivity (dense)', \\\n"
           << "     '" << sparse << "' using 1:2 with linespoints pt 9 title 'Population + Connectivity (sparse)'\n"
           << "set ylabel 'speedup (legacy / matrix)'\nset title 'Build-time speedup'\n"
           << "plot '" << speedup << "' using 1:2 with linespoints pt 13 title 'legacy / dense', \\\n"
           << "     '" << speedup << "' using 1:3 with linespoints pt 11 title 'legacy / sparse', \\\n"
           << "     1 with lines dt 2 lc rgb 'gray' notitle\n"
           << "unset multiplot\n";
    }
    const std::string command = "gnuplot '" + script + "'";
    const bool ok = std::system(command.c_str()) == 0;
    for (const auto& f : {legacy, dense, sparse, speedup, script}) std::filesystem::remove(f);
    if (ok) std::filesystem::rename(base, png);
    else std::filesystem::remove(base);
    return ok;
}

}  // namespace

int build_main(const Options& options) {
    std::vector<index_t> sizes = {5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};
    if (options.quick) sizes = {5, 10, 25, 50, 100, 250};
    const std::string csv = options.csv_path.empty() ? "bench_build.csv" : options.csv_path;
    const std::string png = std::filesystem::path(csv).replace_extension(".png").string();

    std::vector<Row> rows;
    std::printf("%-7s %7s %11s %12s %12s\n", "path", "n", "edges", "build_s", "step_s");
    auto print = [&](const Row& r) {
        rows.push_back(r);
        std::printf("%-7s %7u %11llu %12.6f %12.3e\n", r.path.c_str(), r.n, static_cast<unsigned long long>(r.edges),
                    r.build_s, r.step_s);
        std::fflush(stdout);
    };
    spec::load_template(model);   // warm the file cache so the first size is not charged for it
    double legacy_last = 0.0;
    index_t legacy_n = 0;
    for (const index_t n : sizes) {
        const arma::mat w = weights(n);
        // The legacy path is quadratic in N: stop before a build would take more than a minute.
        const double scale = legacy_n ? static_cast<double>(n) / legacy_n : 0.0;
        if (n <= 5000 && (legacy_n == 0 || legacy_last * scale * scale < 60.0)) {
            const Row r = run_legacy(w, options.threads);
            legacy_last = r.build_s;
            legacy_n = n;
            print(r);
        }
        print(run_matrix(w, false, options.threads));
        // A full N² sparse table at N = 10⁴ (10⁸ entries, ~3 GB while building) stays out of quick runs.
        if (!options.quick || n <= 1000) print(run_matrix(w, true, options.threads));
    }
    write_csv(csv, rows);
    std::printf("wrote %s\n", csv.c_str());
    if (write_png(rows, png)) std::printf("wrote %s\n", png.c_str());
    else std::fprintf(stderr, "bench build: gnuplot failed; no %s\n", png.c_str());
    return 0;
}

}  // namespace neurowire::bench
