// neurowire run NETWORK.yaml -o DIR and neurowire demo [-o DIR].
#include "build/network_spec.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"

namespace neurowire::cli {

CLI::App* add_run(CLI::App& app, RunArgs& args) {
    CLI::App* sub = app.add_subcommand("run", "Simulate a network spec and write recording.npz and plots to DIR");
    sub->add_option("network", args.network, "Network spec (YAML)")->required()->type_name("NETWORK.yaml");
    sub->add_option("-o,--output", args.out, "Output folder (created if missing)")->required()->type_name("DIR");
    sub->add_flag("--no-plots", args.no_plots, "Write the recording only, no PNG plots");
    add_common(*sub, args.common, true);
    return sub;
}

CLI::App* add_demo(CLI::App& app, RunArgs& args) {
    CLI::App* sub = app.add_subcommand("demo", "Run the built-in example network (what `make demo` runs)");
    args.out = "neurowire-demo";
    sub->add_option("-o,--output", args.out, "Output folder (default: neurowire-demo)")->type_name("DIR");
    sub->add_flag("--no-plots", args.no_plots, "Write the recording only, no PNG plots");
    add_common(*sub, args.common, true);
    return sub;
}

int run_run(const RunArgs& args) {
    apply_threads(args.common.threads);
    // Validates the spec now, so bad input is reported even before the runner lands.
    const build::Network network = build::load_network(
        args.network, args.common.seed_given ? std::optional<seed_t>(args.common.seed) : std::nullopt);
    (void)network;
    throw error("neurowire run: not available yet (the simulation engine has not landed in this build)");
}

int run_demo(const RunArgs& args) {
    apply_threads(args.common.threads);
    throw error("neurowire demo: not available yet (the simulation engine has not landed in this build)");
}

}  // namespace neurowire::cli
