// `neurowire inspect`: a connectome file's statistics, or what a connectome or network spec contains.
#include <cmath>
#include <cstdio>
#include <string>

#include "app/inspect.hpp"
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
    appendf(out, "  run: dt %g, duration %g, %llu steps, %s, seed %llu\n", s.dt, s.duration,
                static_cast<unsigned long long>(std::llround(s.duration / s.dt)),
                s.method == sim::solver::heun ? "heun" : "euler", static_cast<unsigned long long>(network.seed()));
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

std::string inspect_file(const fs::path& file, const fs::path& source_positions, const fs::path& target_positions) {
    const InspectedFile f = load_for_inspection(file, source_positions, target_positions);
    const ConnectomeReport report = inspect_connectome(
        f.connectome, f.source_positions ? &*f.source_positions : nullptr, f.target_positions ? &*f.target_positions : nullptr);
    std::string out;
    appendf(out, "file         %s\n", file.string().c_str());
    if (!f.source_population.empty())
        appendf(out, "projection   %s -> %s\n", f.source_population.c_str(), f.target_population.c_str());
    if (f.source_positions)
        appendf(out, "positions    %s, %s\n", f.source_positions_file.string().c_str(), f.target_positions_file.string().c_str());
    out += format_report(report);
    return out;
}

std::string inspect(const InspectOptions& options) {
    const std::string ext = options.file.extension().string();
    if (ext == ".yaml" || ext == ".yml") return inspect_spec(options.file);
    return inspect_file(options.file, options.source_positions, options.target_positions);
}

}  // namespace neurowire::app
