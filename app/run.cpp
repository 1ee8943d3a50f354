#include "app/run.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <utility>

#include "core/platform/memory_budget.hpp"
#include "core/platform/staged_output.hpp"
#include "core/error.hpp"
#include "io/connectome_files.hpp"
#include "io/positions_file.hpp"
#include "io/recording_file.hpp"
#include "sim/runner.hpp"
#include "spec/network_spec.hpp"
#include "app/demo_spec.hpp"

namespace neurowire::app {

using namespace build;   // the network types this module fills in

namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point start) {
    return std::chrono::duration<double>(clock_type::now() - start).count();
}

std::string commas(std::uint64_t n) {
    const std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

std::string format(const char* fmt, double a) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, fmt, a);
    return buffer;
}

std::string seconds(double s) { return s < 1.0 ? format("%.1f ms", s * 1e3) : format("%.2f s", s); }

void write_text(const fs::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary);
    out << text;
    if (!out) throw file_error(file.string(), "", "cannot write");
}

}  // namespace

connect::Connectome projection_connectome(const ResolvedProjection& p) {
    if (p.dense) throw std::logic_error("projection_connectome: a dense projection has no edge table");
    const EdgeList& e = p.edges;
    platform::check_memory("connectome file of " + p.name + " (" + std::to_string(e.size()) + " synapses)",
                           16.0 * double(e.size()));
    std::vector<float> weight(e.weight.begin(), e.weight.end());
    std::vector<float> delay(e.size(), static_cast<float>(p.delay));
    if (p.per_connection_delay && e.delay.size() == e.size()) std::copy(e.delay.begin(), e.delay.end(), delay.begin());
    return connect::Connectome::from_arrays(e.n_source, e.n_target, e.source, e.target, std::move(weight),
                                            std::move(delay));
}

std::vector<std::size_t> rule_projections(const Network& network) {
    std::vector<std::size_t> out;
    const auto& resolved = network.resolved_projections();
    for (std::size_t i = 0; i < resolved.size(); ++i)
        if (resolved[i].origin == weights_form::rule) out.push_back(i);
    return out;
}

std::string threads_line(const sim::RunStats& stats) {
    std::string s = std::to_string(stats.threads_used) + " of " + std::to_string(stats.threads_requested) + ": " +
                    stats.threads_reason;
    if (stats.dense_threads > 0) s += "; dense products on " + std::to_string(stats.dense_threads);
    if (stats.blas_threads > 0) s += "; OpenBLAS threads " + std::to_string(stats.blas_threads);
    return s;
}

double RunResult::real_time_factor() const {
    const double simulated_s = simulated() * build::seconds_per(time_unit.unit).value_or(1.0);
    return simulated_s > 0.0 ? sim_wall_s / simulated_s : 0.0;
}

std::string RunResult::rate_unit() const { return build::seconds_per(time_unit.unit) ? "Hz" : "per time unit"; }

std::string RunResult::text() const {
    std::string s;
    s += "network      " + network_line + "\n";
    s += "build        " + seconds(build_s) + " (spec, connection rules), compile " + seconds(compile_s) + "\n";
    if (!kernels.empty()) s += "kernels      " + kernels + "\n";
    if (!threads.empty()) s += "threads      " + threads + "\n";
    const std::string unit = build::time_unit_name(time_unit.unit);
    const bool physical = build::seconds_per(time_unit.unit).has_value();
    s += "time unit    " + unit + " (" + time_unit.source + ")" +
         (physical ? "" : ": no physical time, rates per time unit") + "\n";
    s += "simulated    " + format("%g", simulated()) + (physical ? " " + unit : " time units") + " (" + commas(steps_done) +
         " of " + commas(steps_planned) + " steps, dt " + format("%g", dt) + ")\n";
    s += "wall         " + seconds(sim_wall_s) + " simulation, " +
         commas(static_cast<std::uint64_t>(sim_wall_s > 0.0 ? static_cast<double>(steps_done) / sim_wall_s : 0.0)) +
         " steps/s\n";
    s += "real time    factor " + format("%.3g", real_time_factor()) +
         (physical ? " (wall s per simulated s)\n" : " (wall s per simulated time unit)\n");
    for (const auto& p : populations) {
        s += "population   " + p.name + " (" + commas(p.size) + " units): ";
        if (p.spikes_recorded) s += commas(p.spikes) + " spikes, mean rate " + format("%.3g", p.rate) + " " + rate_unit() + "\n";
        else s += p.spiking ? "spikes not recorded\n" : "not spiking\n";
    }
    s += "output       " + seconds(write_s) + " writing";
    for (const auto& f : files) s += " " + f;
    s += "\n";
    for (const auto& n : notes) s += "note         " + n + "\n";
    if (!failure.empty()) s += "FAILED       " + failure + "\n";
    return s;
}

void write_run_recording(const fs::path& dir, const sim::Recording& recording, const sim::Program& program) {
    std::vector<index_t> sizes;
    for (const auto& p : program.populations) sizes.push_back(p.size);
    write_run_recording(dir, recording, sizes);
}

void write_run_recording(const fs::path& dir, const sim::Recording& recording, const std::vector<index_t>& sizes) {
    std::vector<io::NamedView> arrays;
    // `t` follows the most often sampled trace; the others carry their own times.
    const sim::Trace* base = nullptr;
    for (const auto& tr : recording.traces)
        if (!base || tr.every < base->every) base = &tr;
    std::vector<double> step_times;
    if (base) {
        arrays.push_back({"t", io::view(base->times.memptr(), {base->times.n_elem})});
    } else {
        step_times.resize(recording.steps_done);
        for (std::size_t k = 0; k < step_times.size(); ++k) step_times[k] = static_cast<double>(k + 1) * recording.dt;
        arrays.push_back({"t", io::view(step_times)});
    }
    arrays.push_back({"dt", io::scalar(recording.dt)});
    arrays.push_back({"steps_done", io::scalar<std::uint64_t>(recording.steps_done)});
    for (const auto& tr : recording.traces) {
        arrays.push_back({tr.name, io::view(tr.samples)});
        if (tr.every != (base ? base->every : 0)) arrays.push_back({tr.name + ".t", io::view(tr.times.memptr(), {tr.times.n_elem})});
        if (tr.units.size() != sizes.at(tr.pop) || tr.mean)
            arrays.push_back({tr.name + ".units", io::view(tr.units)});
    }
    for (const auto& sp : recording.spikes) {
        arrays.push_back({sp.population + ".spike_times", io::view(sp.times)});
        arrays.push_back({sp.population + ".spike_units", io::view(sp.units)});
    }
    io::write_recording(dir, arrays);
}

std::vector<std::string> write_rule_connectomes(const fs::path& dir, const Network& network,
                                                const std::vector<std::size_t>& projections) {
    std::vector<std::string> written;
    std::vector<std::size_t> with_positions;
    const auto& resolved = network.resolved_projections();
    for (std::size_t i : projections) {
        if (i >= resolved.size() || resolved[i].dense) continue;
        const ResolvedProjection& p = resolved[i];
        io::write_npz(dir, p.name, projection_connectome(p));
        written.push_back(p.name + ".npz");
        for (std::size_t pop : {p.source_pop, p.target_pop})
            if (network.populations()[pop].positions &&
                std::find(with_positions.begin(), with_positions.end(), pop) == with_positions.end())
                with_positions.push_back(pop);
    }
    std::sort(with_positions.begin(), with_positions.end());
    for (std::size_t pop : with_positions) {
        const Population& p = network.populations()[pop];
        io::write_positions(dir, p.name, *p.positions);
        written.push_back(p.name + ".positions.npy");
    }
    return written;
}

RunResult run_network(Network network, const RunRequest& request) {
    RunResult result;
    result.build_s = request.build_s;
    result.network_line = request.spec_name + ": " + commas(network.populations().size()) + " populations, " +
                          commas(network.n_units()) + " units, " + commas(network.resolved_projections().size()) +
                          " projections, " + commas(network.n_synapses()) + " synapses";
    for (const auto& p : network.populations()) result.populations.push_back({p.name, p.size, p.spiking(), false, 0, 0.0});
    result.time_unit = network.time_unit_used();
    // A Poisson rate is per time unit: say what it comes to in Hz (rate 10 at ms is 10 kHz).
    for (std::size_t k = 0; k < network.inputs().size(); ++k) {
        const sim::Input& in = network.inputs()[k].input;
        if (in.kind != sim::input_kind::poisson) continue;
        const std::string unit = build::time_unit_name(result.time_unit.unit);
        std::string note = "inputs[" + std::to_string(k) + "] (" + network.inputs()[k].target + "): Poisson rate " +
                           format("%g", in.rate) + (unit == "none" ? " per time unit" : " per " + unit);
        if (const auto per = build::seconds_per(result.time_unit.unit)) note += " = " + format("%g", in.rate / *per) + " Hz";
        result.notes.push_back(note + " per unit");
    }

    platform::StagedOutput output(request.out);
    auto write_start = clock_type::now();
    // Written before compiling: the rvalue compile hands the edge tables over to the program.
    result.files = write_rule_connectomes(output.staging(), network, rule_projections(network));
    result.write_s = seconds_since(write_start);

    const auto compile_start = clock_type::now();
    sim::Program program = std::move(network).compile();
    result.compile_s = seconds_since(compile_start);
    result.dt = program.dt;
    result.steps_planned = program.steps;

    sim::RunOptions sim_options;
    sim_options.threads = request.threads;
    sim_options.progress = request.progress;
    sim_options.kernels = request.kernels;
    // Native kernels are compiled (or found in the cache) here, before the clock of the run.
    sim::Simulator simulator(std::move(program), std::move(sim_options));
    result.kernels = simulator.kernel_report().summary();
    result.threads = threads_line(simulator.run_stats());
    const auto sim_start = clock_type::now();
    try {
        simulator.run();
    } catch (const sim::nonfinite_error& e) {
        result.failure = e.what();
    }
    result.sim_wall_s = seconds_since(sim_start);
    if (request.simulation_done) request.simulation_done();
    const sim::Recording& recording = simulator.recording();
    result.steps_done = recording.steps_done;

    const double simulated_s = result.simulated() * build::seconds_per(result.time_unit.unit).value_or(1.0);
    for (const auto& sp : recording.spikes) {
        // Program slots need not follow the spec's order: match by name.
        auto it = std::find_if(result.populations.begin(), result.populations.end(),
                               [&](const PopulationResult& r) { return r.name == sp.population; });
        if (it == result.populations.end()) continue;
        PopulationResult& p = *it;
        p.spikes_recorded = true;
        p.spikes = sp.times.size();
        p.rate = simulated_s > 0.0 && p.size > 0 ? static_cast<double>(p.spikes) / (p.size * simulated_s) : 0.0;
    }

    write_start = clock_type::now();
    write_run_recording(output.staging(), recording, simulator.program());
    result.files.push_back("recording.npz");
    if (write_run_spike_report(output.staging(), recording, simulator.program())) result.files.push_back("spikes.h5");
    // Plots too after a NaN/Inf stop: the recording holds only the finite steps before it, and
    // seeing the run-up helps find the cause.
    if (request.plots) {
        try {
            for (auto& f : write_run_plots(output.staging(), recording, simulator.program(), result.time_unit.unit))
                result.files.push_back(f);
        } catch (const error& e) {
            // A missing gnuplot should not cost the user the recording.
            result.notes.push_back(std::string("plots skipped: ") + e.what());
        }
    }
    result.write_s += seconds_since(write_start);
    result.files.push_back("summary.txt");
    write_text(output.stage("summary.txt"), result.text());
    output.commit();
    return result;
}

namespace {

using Loader = std::function<Network(std::optional<seed_t>)>;

RunResult load_and_run(const Loader& load, const std::string& spec_name, const RunOptions& options) {
    const auto start = clock_type::now();
    const platform::MemoryLimitScope budget(options.memory_limit_bytes);
    Network network = load(options.seed);
    if (options.duration) network.settings.duration = *options.duration;
    RunRequest request;
    request.out = options.out;
    request.spec_name = spec_name;
    request.threads = options.threads;
    request.kernels = options.kernels;
    request.plots = options.plots;
    request.build_s = seconds_since(start);
    request.progress = options.progress;
    request.simulation_done = options.simulation_done;
    return run_network(std::move(network), request);
}

}  // namespace

RunResult run(const fs::path& network_spec, const RunOptions& options) {
    const Loader load = [&](std::optional<seed_t> seed) { return spec::load_network(network_spec, seed); };
    return load_and_run(load, network_spec.filename().string(), options);
}

RunResult run_text(const std::string& yaml_text, const std::string& name, const RunOptions& options,
                   const fs::path& base_dir) {
    const Loader load = [&](std::optional<seed_t> seed) { return spec::parse_network(yaml_text, seed, name, base_dir); };
    return load_and_run(load, name, options);
}

const char* demo_spec() { return demo_spec_yaml; }

RunResult demo(const RunOptions& options) {
    const std::string name = "demo_ei_sheet.yaml (built in)";
    const Loader load = [&](std::optional<seed_t> seed) { return spec::parse_network(demo_spec_yaml, seed, name); };
    return load_and_run(load, "demo_ei_sheet.yaml", options);
}

}  // namespace neurowire::app
