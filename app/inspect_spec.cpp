// `neurowire inspect`: a connectome file's statistics, or what a connectome or network spec contains.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "app/inspect.hpp"
#include "app/inspect_spikes.hpp"
#include "core/error.hpp"
#include "io/npz.hpp"
#include "io/sonata.hpp"
#include "spec/connectome_spec.hpp"
#include "spec/network_spec.hpp"

namespace neurowire::app {

namespace fs = std::filesystem;

namespace {

// printf into a string.
template <class... Args>
void appendf(std::string& out, const char* fmt, Args... args) {
    const int n = std::snprintf(nullptr, 0, fmt, args...);
    if (n <= 0) return;
    std::string piece(static_cast<std::size_t>(n) + 1, '\0');
    std::snprintf(piece.data(), piece.size(), fmt, args...);
    piece.resize(static_cast<std::size_t>(n));
    out += piece;
}

const char* positions_kind_name(spec::positions_kind k) {
    switch (k) {
    case spec::positions_kind::none: return "none";
    case spec::positions_kind::grid: return "grid";
    case spec::positions_kind::uniform: return "uniform";
    case spec::positions_kind::gaussian: return "gaussian";
    case spec::positions_kind::ball: return "ball";
    case spec::positions_kind::file: return "file";
    }
    return "?";
}

const char* rule_name(connect::rule_kind k) {
    switch (k) {
    case connect::rule_kind::all_to_all: return "all_to_all";
    case connect::rule_kind::one_to_one: return "one_to_one";
    case connect::rule_kind::pairwise_bernoulli: return "pairwise_bernoulli";
    case connect::rule_kind::fixed_outdegree: return "fixed_outdegree";
    case connect::rule_kind::fixed_indegree: return "fixed_indegree";
    case connect::rule_kind::fixed_total_number: return "fixed_total_number";
    }
    return "?";
}

void print_connectome_spec(std::string& out, const spec::ConnectomeSpec& spec) {
    appendf(out, "connectome spec %s (seed %llu)\npopulations:\n", spec.file.c_str(),
                static_cast<unsigned long long>(spec.seed));
    for (const auto& p : spec.populations)
        appendf(out, "  %-16s %10u neurons, positions %s%s\n", p.name.c_str(), p.size, positions_kind_name(p.positions.kind),
                    p.positions.present() ? (" (" + std::to_string(p.positions.dims) + "-D)").c_str() : "");
    appendf(out, "projections:\n");
    for (const auto& p : spec.projections)
        appendf(out, "  %-16s %s -> %s, %s\n", p.name.c_str(), p.source.c_str(), p.target.c_str(),
                    rule_name(p.projection.rule.kind));
}

const char* input_kind_name(sim::input_kind k) {
    switch (k) {
    case sim::input_kind::constant: return "constant";
    case sim::input_kind::array: return "array";
    case sim::input_kind::sine: return "sine";
    case sim::input_kind::step: return "step";
    case sim::input_kind::poisson: return "poisson";
    }
    return "?";
}

// Network::summary describes the model; what a run would do is added here.
void print_run_settings(std::string& out, const build::Network& network) {
    const auto& s = network.settings;
    const build::TimeUnitChoice unit = network.time_unit_used();
    appendf(out, "  run: dt %g, duration %g %s (%s), %llu steps, %s, seed %llu\n", s.dt, s.duration,
                build::time_unit_name(unit.unit), unit.source.c_str(),
                static_cast<unsigned long long>(s.steps()),
                sim::solver_name(s.method), static_cast<unsigned long long>(network.seed()));
    for (const auto& in : network.inputs())
        appendf(out, "  input %s: %s%s\n", in.target.c_str(), input_kind_name(in.input.kind),
                    in.input.units.empty() ? "" : (", " + std::to_string(in.input.units.size()) + " units").c_str());
    for (const auto& r : network.recordings())
        appendf(out, "  record %s: %s units%s%s\n", r.variable.c_str(),
                    r.units.empty() ? "all" : std::to_string(r.units.size()).c_str(),
                    r.every > 1 ? (", every " + std::to_string(r.every) + " steps").c_str() : "", r.mean ? ", mean" : "");
    for (const auto& p : network.spike_recordings()) appendf(out, "  record spikes of %s\n", p.c_str());
}

}  // namespace

std::string inspect_spec(const fs::path& file) {
    std::string out;
    if (spec::is_network_spec_file(file)) {
        const build::Network network = spec::load_network(file);
        out += network.summary();
        print_run_settings(out, network);
    } else {
        print_connectome_spec(out, spec::parse_connectome_spec(file));
    }
    return out;
}

namespace {

std::string inspect_connectome_file(const InspectOptions& o) {
    const InspectedFile f = load_for_inspection(o.file, o.source_positions, o.target_positions, o.population);
    const ConnectomeReport report = inspect_connectome(
        f.connectome, f.source_positions ? &*f.source_positions : nullptr, f.target_positions ? &*f.target_positions : nullptr);
    std::string out;
    appendf(out, "file         %s\n", o.file.string().c_str());
    if (!f.edge_populations.empty()) {
        std::string list;
        for (const auto& n : f.edge_populations) list += (list.empty() ? "" : ", ") + n;
        appendf(out, "edge pops    %zu: %s (this report: %s)\n", f.edge_populations.size(), list.c_str(), f.population.c_str());
    }
    if (!f.source_population.empty())
        appendf(out, "projection   %s -> %s\n", f.source_population.c_str(), f.target_population.c_str());
    if (f.sizes_from_manifest) appendf(out, "sizes        from %s\n", "connectome.json");
    if (f.source_positions)
        appendf(out, "positions    %s, %s%s\n", f.source_positions_file.string().c_str(), f.target_positions_file.string().c_str(),
                f.periodic ? " (periodic axes: minimum image)" : "");
    std::string body = format_report(report);
    if (!f.has_delays) {
        // Matrix Market holds weights only: a delay line of zeros would mislead.
        const auto at = body.find("delay ");
        if (at != std::string::npos) body.replace(at, body.find('\n', at) - at, "delay        none (the format holds weights only)");
    }
    return out + body;
}

// What an .npz or .h5 holds: a connectome, a recording or a spike report.
enum class file_kind { connectome, recording, spike_report };

file_kind kind_of(const fs::path& file) {
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char ch) { return std::tolower(ch); });
    if (ext == ".npz") {
        for (const auto& a : io::read_npz(file))
            if (a.name == "source" || a.name == "target") return file_kind::connectome;
        return file_kind::recording;
    }
    if (ext == ".h5" || ext == ".hdf5") {
        try {
            io::sonata_edge_populations(file);
            return file_kind::connectome;
        } catch (const file_error& e) {
            if (e.where != "group /edges") throw;
        }
        return file_kind::spike_report;   // read_sonata_spikes names the file if it is not one either
    }
    return file_kind::connectome;
}

}  // namespace

std::string inspect_file(const fs::path& file, const fs::path& source_positions, const fs::path& target_positions) {
    return inspect_connectome_file(InspectOptions{file, source_positions, target_positions, "", 0.0});
}

std::string inspect(const InspectOptions& options) {
    const std::string ext = options.file.extension().string();
    if (ext == ".yaml" || ext == ".yml") return inspect_spec(options.file);
    switch (kind_of(options.file)) {
    case file_kind::recording:
        return "file         " + options.file.string() + " (recording)\n" + format_spike_report(inspect_recording(options.file));
    case file_kind::spike_report:
        return "file         " + options.file.string() + " (spike report)\n" +
               format_spike_report(inspect_spike_report(options.file, options.duration_ms));
    case file_kind::connectome: break;
    }
    return inspect_connectome_file(options);
}

}  // namespace neurowire::app
