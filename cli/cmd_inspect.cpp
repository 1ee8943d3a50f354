// neurowire inspect FILE: a connectome file's statistics, or a spec's contents.
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "build/connectome_inspect.hpp"
#include "build/connectome_spec.hpp"
#include "build/network_spec.hpp"
#include "build/yaml_util.hpp"
#include "cli/commands.hpp"

namespace neurowire::cli {

namespace fs = std::filesystem;

namespace {

const char* positions_kind_name(build::positions_kind k) {
    switch (k) {
    case build::positions_kind::none: return "none";
    case build::positions_kind::grid: return "grid";
    case build::positions_kind::uniform: return "uniform";
    case build::positions_kind::gaussian: return "gaussian";
    case build::positions_kind::ball: return "ball";
    case build::positions_kind::file: return "file";
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

// A network spec names models or run settings; a connectome spec never does.
bool is_network_spec(const YAML::Node& root) {
    if (!root.IsMap()) return false;
    for (const char* key : {"dt", "duration", "solver", "inputs", "record"})
        if (build::yaml::optional(root, key)) return true;
    const YAML::Node pops = build::yaml::optional(root, "populations");
    if (pops && pops.IsMap())
        for (const auto& entry : pops)
            if (build::yaml::optional(entry.second, "model") || build::yaml::optional(entry.second, "function")) return true;
    return false;
}

void print_connectome_spec(const build::ConnectomeSpec& spec) {
    std::printf("connectome spec %s (seed %llu)\npopulations:\n", spec.file.c_str(),
                static_cast<unsigned long long>(spec.seed));
    for (const auto& p : spec.populations)
        std::printf("  %-16s %10u neurons, positions %s%s\n", p.name.c_str(), p.size, positions_kind_name(p.positions.kind),
                    p.positions.present() ? (" (" + std::to_string(p.positions.dims) + "-D)").c_str() : "");
    std::printf("projections:\n");
    for (const auto& p : spec.projections)
        std::printf("  %-16s %s -> %s, %s\n", p.name.c_str(), p.source.c_str(), p.target.c_str(),
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
void print_run_settings(const build::Network& network) {
    const auto& s = network.settings;
    std::printf("  run: dt %g, duration %g, %llu steps, %s, seed %llu\n", s.dt, s.duration,
                static_cast<unsigned long long>(std::llround(s.duration / s.dt)),
                s.method == sim::solver::heun ? "heun" : "euler", static_cast<unsigned long long>(network.seed()));
    for (const auto& in : network.inputs())
        std::printf("  input %s: %s%s\n", in.target.c_str(), input_kind_name(in.input.kind),
                    in.input.units.empty() ? "" : (", " + std::to_string(in.input.units.size()) + " units").c_str());
    for (const auto& r : network.recordings())
        std::printf("  record %s: %s units%s%s\n", r.variable.c_str(),
                    r.units.empty() ? "all" : std::to_string(r.units.size()).c_str(),
                    r.every > 1 ? (", every " + std::to_string(r.every) + " steps").c_str() : "", r.mean ? ", mean" : "");
    for (const auto& p : network.spike_recordings()) std::printf("  record spikes of %s\n", p.c_str());
}

}  // namespace

CLI::App* add_inspect(CLI::App& app, InspectArgs& args) {
    CLI::App* sub = app.add_subcommand(
        "inspect", "Statistics of a connectome file (.npz, .csv, SONATA edges .h5), or the contents of a spec (.yaml)");
    sub->add_option("file", args.file, "Connectome file, connectome spec or network spec")->required()->type_name("FILE");
    sub->add_option("--source-positions", args.source_positions,
                    "Positions of the source population (.npy/.csv); default: <source>.positions.npy next to FILE")
        ->type_name("FILE");
    sub->add_option("--target-positions", args.target_positions, "Positions of the target population")->type_name("FILE");
    return sub;
}

int run_inspect(const InspectArgs& args) {
    const fs::path file = args.file;
    const std::string ext = file.extension().string();
    if (ext == ".yaml" || ext == ".yml") {
        if (is_network_spec(build::yaml::load_file(file))) {
            const build::Network network = build::load_network(file);
            std::printf("%s", network.summary().c_str());
            print_run_settings(network);
        } else {
            print_connectome_spec(build::parse_connectome_spec(file));
        }
        return 0;
    }
    const build::InspectedFile f = build::load_for_inspection(file, args.source_positions, args.target_positions);
    const build::ConnectomeReport report = build::inspect_connectome(
        f.connectome, f.source_positions ? &*f.source_positions : nullptr, f.target_positions ? &*f.target_positions : nullptr);
    std::printf("file         %s\n", file.string().c_str());
    if (!f.source_population.empty())
        std::printf("projection   %s -> %s\n", f.source_population.c_str(), f.target_population.c_str());
    if (f.source_positions)
        std::printf("positions    %s, %s\n", f.source_positions_file.string().c_str(), f.target_positions_file.string().c_str());
    std::printf("%s", build::format_report(report).c_str());
    return 0;
}

}  // namespace neurowire::cli
