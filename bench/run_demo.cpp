// `bench run` workloads from network specs: demo_40000 and demo_400000 — the demo network
// (examples/demo_ei_sheet.yaml, 40,000 conductance-based LIF neurons, 3.2 M synapses with
// distance-dependent delays) and the same network ten times larger, 400,000 neurons and 32 M
// synapses on a sheet ten times the area, so that the density, the in-degrees, the connection
// lengths and hence the delays stay those of the demo: cost per neuron and per synapse can be
// compared across the two sizes — and any spec named by $NEUROWIRE_BENCH_SPEC (compare_brian2.py
// times neurowire's main loop this way, wall and CPU time).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "bench/run_common.hpp"
#include "spec/network_spec.hpp"

namespace neurowire::bench::run_detail {

namespace {

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void replace_all(std::string& text, const std::string& from, const std::string& to, const std::string& file) {
    std::size_t at = text.find(from);
    if (at == std::string::npos) throw std::runtime_error(file + ": expected '" + from + "' to scale the network");
    for (; at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
}

}  // namespace

Row demo(std::uint32_t scale, double duration_ms, int threads, int repeats) {
    const std::string file = std::string(NEUROWIRE_SOURCE_DIR) + "/examples/demo_ei_sheet.yaml";
    return spec_network(file, scale, duration_ms, threads, repeats, "demo_" + std::to_string(40000 * scale));
}

Row spec_network(const std::string& file, std::uint32_t scale, double duration_ms, int threads, int repeats,
                 const std::string& workload) {
    std::string yaml = read_text(file);
    if (scale != 1) {
        replace_all(yaml, "size: 32000", "size: " + std::to_string(32000 * scale), file);
        replace_all(yaml, "size: 8000", "size: " + std::to_string(8000 * scale), file);
        char side[32];
        std::snprintf(side, sizeof side, "%.17g", std::sqrt(static_cast<double>(scale)));
        replace_all(yaml, "extent: [[0, 1], [0, 1]]", std::string("extent: [[0, ") + side + "], [0, " + side + "]]", file);
    }
    reset_peak_rss();
    const double rss_before = rss_mb();
    const auto start = clock_type::now();
    build::Network net =
        spec::parse_network(yaml, std::nullopt, file, std::filesystem::path(file).parent_path());
    if (duration_ms > 0.0) net.settings.duration = duration_ms;

    Row row;
    row.workload = workload;
    row.n = net.n_units();
    row.synapses = net.n_synapses();
    row.seed = net.seed();
    row.threads = threads;
    sim::Program program = std::move(net).compile();
    // Program slots need not follow the spec's order.
    auto slot = [&](const char* name) {
        for (std::size_t p = 0; p < program.populations.size(); ++p)
            if (program.populations[p].name == name) return p;
        return program.populations.size();
    };
    const std::size_t e = slot("E"), i = slot("I");
    row.steps = program.steps;
    row.build_s = seconds_since(start);
    const double simulated_s = static_cast<double>(program.steps) * program.dt * 1e-3;   // ms → s
    // Repeats run copies of the one program, and the fastest counts: on a shared machine the
    // slower runs measure the other jobs.
    RunResult result;
    for (int r = 0; r < std::max(1, repeats); ++r) {
        RunResult once = run_program(r + 1 < repeats ? program : std::move(program), threads);
        if (repeats > 1)
            std::printf("            run %d: %.4f s wall, %.4f s CPU\n", r + 1, once.seconds, once.cpu_seconds);
        if (r == 0 || once.seconds < result.seconds) result = std::move(once);
    }
    copy_timing(row, result);
    row.peak_rss_mb = peak_rss_mb();
    row.bytes_per_synapse = (result.rss_after_setup_mb - rss_before) * 1024.0 * 1024.0 / static_cast<double>(row.synapses);
    const auto& sizes = result.final_sizes;
    if (e < sizes.size()) row.rate_e_hz = static_cast<double>(result.spikes_per_population[e]) / sizes[e] / simulated_s;
    if (i < sizes.size()) row.rate_i_hz = static_cast<double>(result.spikes_per_population[i]) / sizes[i] / simulated_s;
    for (const auto n : result.spikes_per_population) row.spikes += n;
    return row;
}

}  // namespace neurowire::bench::run_detail
