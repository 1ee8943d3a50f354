// neurowire inspect FILE: a connectome file's or a recording's statistics, or a spec's contents (app/inspect).
#include <cstdio>

#include "app/inspect.hpp"
#include "cli/commands.hpp"
#include "cli/usage.hpp"

namespace neurowire::cli {

CLI::App* add_inspect(CLI::App& app, InspectArgs& args) {
    CLI::App* sub = app.add_subcommand(
        "inspect", "Statistics of a connectome file (.npz, .csv, .mtx, .conn, SONATA edges .h5), of spikes (recording.npz, "
                   "spikes.h5), or the contents of a spec (.yaml)");
    sub->add_option("file", args.file, "Connectome file, connectome spec or network spec")->required()->type_name("FILE");
    sub->add_option("--source-positions", args.source_positions,
                    "Positions of the source population (.npy/.csv); default: <source>.positions.npy next to FILE")
        ->type_name("FILE");
    sub->add_option("--target-positions", args.target_positions, "Positions of the target population")->type_name("FILE");
    sub->add_option("--population", args.population,
                    "SONATA edges: the edge population to report (required when the file has several; the error lists them)")
        ->type_name("NAME");
    sub->add_option("--duration", args.duration_ms,
                    "Spike reports: the simulated time in ms, when neither the file nor a config beside it says")
        ->check(number_above_zero())
        ->type_name("MS");
    return sub;
}

int run_inspect(const InspectArgs& args) {
    const std::string text =
        app::inspect({args.file, args.source_positions, args.target_positions, args.population, args.duration_ms});
    std::fputs(text.c_str(), stdout);
    return 0;
}

}  // namespace neurowire::cli
