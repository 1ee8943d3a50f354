// neurowire export NETWORK.yaml -o DIR [--format sonata] [--target nest|pynn] [--seed S]
#include <cstdio>

#include "app/export.hpp"
#include "cli/commands.hpp"
#include "cli/usage.hpp"

namespace neurowire::cli {

CLI::App* add_export(CLI::App& app, ExportArgs& args) {
    CLI::App* sub = app.add_subcommand(
        "export", "Write a network spec as a whole SONATA network (cell models, parameters, edges, inputs, run settings)");
    sub->add_option("network", args.network, "Network spec (YAML)")->required()->type_name("NETWORK.yaml");
    sub->add_option("-o,--output", args.out, "Output folder (created if missing); the network goes to DIR/sonata")
        ->required()
        ->type_name("DIR");
    sub->add_option("--format", args.format, "Output format: sonata (the default and only one)")
        ->check(CLI::IsMember({"sonata"}))
        ->type_name("FORMAT");
    sub->add_option("--target", args.target,
                    "Simulator whose model names and units to write: nest (iaf_cond_exp; default) or pynn (IF_cond_exp)")
        ->check(CLI::IsMember({"nest", "pynn"}))
        ->type_name("SIM");
    sub->add_option("--leak-conductance", args.leak_conductance_ns,
                    "nS per unit of our conductances (templates count them in units of the leak); default 10")
        ->check(number_above_zero())
        ->type_name("NS");
    add_common(*sub, args.common, true);
    return sub;
}

int run_export(const ExportArgs& args) {
    apply_threads(args.common.threads);
    app::ExportOptions options;
    options.spec = args.network;
    options.out = args.out;
    options.format = args.format;
    options.settings.target = app::export_target_from_name(args.target);
    options.settings.leak_conductance_ns = args.leak_conductance_ns;
    if (args.common.seed_given) options.seed = args.common.seed;
    const app::ExportResult result = app::export_spec(options);
    if (!args.common.quiet) std::fputs(result.text().c_str(), stdout);
    else
        for (const auto& n : result.notes) std::fprintf(stderr, "note: %s\n", n.c_str());
    return 0;
}

}  // namespace neurowire::cli
