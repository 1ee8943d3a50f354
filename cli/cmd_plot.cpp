// neurowire plot traces RUN... --var POP.VAR [--unit U] -o PNG
// neurowire plot inputs NETWORK.yaml -o PNG
// neurowire plot connectome SPEC.yaml -o PNG [--projection NAME] [--sources N] [--seed S] [--csv FILE]
#include <cstdio>

#include "app/plot.hpp"
#include "cli/commands.hpp"
#include "cli/usage.hpp"

namespace neurowire::cli {

CLI::App* add_plot(CLI::App& app, PlotArgs& args, PlotCommands& commands) {
    CLI::App* sub = app.add_subcommand("plot", "Draw the figures of runs and specs: overlaid traces, inputs, a connectome");
    sub->require_subcommand(1);
    CLI::App* traces = sub->add_subcommand("traces", "One recorded variable of several runs overlaid");
    traces->add_option("runs", args.runs, "Folders written by neurowire run")->required()->type_name("RUN_DIR...");
    traces->add_option("--var", args.variable, "The trace, <population>.<variable> as in recording.npz")
        ->required()
        ->type_name("POP.VAR");
    traces->add_option("--unit", args.unit, "One unit of the trace (default: every recorded unit)")->type_name("U");
    CLI::App* inputs = sub->add_subcommand("inputs", "The inputs a network spec applies, per unit, over its duration");
    inputs->add_option("spec", args.spec, "Network spec (YAML)")->required()->type_name("NETWORK.yaml");
    CLI::App* connectome = sub->add_subcommand(
        "connectome", "Sources and their targets on the positions, and partner distances against the kernel");
    connectome->add_option("spec", args.spec, "Connectome or network spec (YAML)")->required()->type_name("SPEC.yaml");
    connectome->add_option("--projection", args.projection, "Projection (default: the first rule-drawn one with positions)")
        ->type_name("NAME");
    connectome->add_option("--sources", args.sources, "Sources drawn with their targets (default 5)")
        ->check(whole_number_at_least_one())
        ->type_name("N");
    connectome->add_option("--seed", args.seed, "Overrides the spec's seed")->type_name("S");
    connectome->add_option("--csv", args.csv, "Also write the distance histogram: distance,drawn,expected (densities)")
        ->type_name("FILE");
    for (CLI::App* c : {traces, inputs, connectome})
        c->add_option("-o,--output", args.out, "The PNG to write")->required()->type_name("PNG");
    commands = {traces, inputs, connectome};
    return sub;
}

int run_plot(const PlotArgs& args, const PlotCommands& commands) {
    if (commands.traces->parsed()) {
        app::PlotTracesOptions o;
        for (const auto& r : args.runs) o.runs.emplace_back(r);
        o.variable = args.variable;
        o.unit = args.unit;
        o.out = args.out;
        app::plot_traces(o);
    } else if (commands.inputs->parsed()) {
        app::plot_inputs({args.spec, args.out});
    } else {
        app::PlotConnectomeOptions o;
        o.spec = args.spec;
        o.projection = args.projection;
        o.sources = args.sources;
        o.seed = args.seed;
        o.out = args.out;
        o.csv = args.csv;
        const std::size_t n = app::plot_connectome(o);
        std::printf("%zu connections -> %s\n", n, args.out.c_str());
        return 0;
    }
    std::printf("-> %s\n", args.out.c_str());
    return 0;
}

}  // namespace neurowire::cli
