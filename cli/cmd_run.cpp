// neurowire run NETWORK.yaml -o DIR and neurowire demo [-o DIR]: the work is in app/run;
// this file turns options into app::RunOptions and shows progress and the summary.
#include <chrono>
#include <cstdio>
#include <functional>
#include <optional>

#include "app/run.hpp"
#include "cli/commands.hpp"
#include "cli/usage.hpp"
#include "cli/progress.hpp"
#include "core/error.hpp"

namespace neurowire::cli {

namespace {

using clock_type = std::chrono::steady_clock;
using Command = std::function<app::RunResult(const app::RunOptions&)>;

void add_run_options(CLI::App& sub, RunArgs& args) {
    sub.add_flag("--no-plots", args.no_plots, "Write the recording only, no PNG plots");
    sub.add_option("--duration", args.duration, "Simulated time, overriding the spec's duration")
        ->check(number_above_zero())
        ->type_name("T");
    sub.add_option("--kernels", args.kernels,
                   "Compiled native kernels where possible (automatic, the default), everywhere or fail "
                   "(native), or the interpreter only (interpreted)")
        ->check(CLI::IsMember({"automatic", "native", "interpreted"}))
        ->type_name("MODE");
    add_memory_limit(sub, args.memory_limit);
    add_common(sub, args.common, true);
}

// "12,345 steps/s, 3.2 s left", from the rate since the first report.
class StepRate {
public:
    std::string text(std::uint64_t done, std::uint64_t total) {
        const auto now = clock_type::now();
        if (!first_) first_ = std::pair{now, done};
        const double s = std::chrono::duration<double>(now - first_->first).count();
        const std::uint64_t steps = done - first_->second;
        if (s <= 0.0 || steps == 0) return "steps";
        const double rate = static_cast<double>(steps) / s;
        return with_commas(static_cast<std::uint64_t>(rate)) + " steps/s, " +
               seconds_text(static_cast<double>(total - done) / rate) + " left";
    }

private:
    std::optional<std::pair<clock_type::time_point, std::uint64_t>> first_;
};

int simulate(const RunArgs& args, const Command& command) {
    apply_threads(args.common.threads);
    Progress progress(!args.common.quiet);
    StepRate rate;
    app::RunOptions options;
    options.out = args.out;
    options.threads = args.common.threads;
    options.memory_limit_bytes = memory_limit_bytes(args.memory_limit);
    if (args.common.seed_given) options.seed = args.common.seed;
    options.duration = args.duration;
    options.kernels = args.kernels == "native"        ? sim::kernel_mode::native
                      : args.kernels == "interpreted" ? sim::kernel_mode::interpreted
                                                      : sim::kernel_mode::automatic;
    options.plots = !args.no_plots;
    options.progress = [&](std::uint64_t done, std::uint64_t total) {
        progress.update(done, total, rate.text(done, total));
    };
    options.simulation_done = [&] { progress.finish(); };

    const app::RunResult result = command(options);
    if (!args.common.quiet) std::printf("%s-> %s\n", result.text().c_str(), args.out.c_str());
    if (!result.failure.empty()) {
        std::fprintf(stderr, "neurowire: error: %s; the recording up to that step is in %s\n", result.failure.c_str(),
                     (std::filesystem::path(args.out) / "recording.npz").c_str());
        return 1;
    }
    return 0;
}

}  // namespace

CLI::App* add_run(CLI::App& app, RunArgs& args) {
    CLI::App* sub = app.add_subcommand("run", "Simulate a network spec and write recording.npz, plots and summary.txt to DIR");
    sub->add_option("network", args.network, "Network spec (YAML)")->required()->type_name("NETWORK.yaml");
    sub->add_option("-o,--output", args.out, "Output folder (created if missing)")->required()->type_name("DIR");
    add_run_options(*sub, args);
    return sub;
}

CLI::App* add_demo(CLI::App& app, RunArgs& args) {
    CLI::App* sub = app.add_subcommand(
        "demo", "Run the built-in example network, examples/demo_ei_sheet.yaml (what `make demo` runs)");
    args.out = "neurowire-demo";
    sub->add_option("-o,--output", args.out, "Output folder (default: ./neurowire-demo)")->type_name("DIR");
    add_run_options(*sub, args);
    return sub;
}

int run_run(const RunArgs& args) {
    const std::filesystem::path file = args.network;
    return simulate(args, [&](const app::RunOptions& o) { return app::run(file, o); });
}

int run_demo(const RunArgs& args) {
    return simulate(args, [](const app::RunOptions& o) { return app::demo(o); });
}

}  // namespace neurowire::cli
