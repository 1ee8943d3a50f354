// The neurowire executable: parses the command line and hands over to one subcommand.
// Exit status: 0 success, 1 bad input (neurowire::error), 2 bad usage (command-line parsing).
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <new>
#include <stdexcept>
#include <string>

#include <unistd.h>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/usage.hpp"
#include "core/error.hpp"

namespace {

// GNU OpenMP reads OMP_WAIT_POLICY when the library loads, before main. By default idle threads
// spin at every barrier, and the runner passes several barriers per step: with more runnable
// threads than cores (a shared machine) the spinning threads take the cores from the working
// ones, many times slower than one thread; the passive policy costs small serial runs nothing
// measurable. Unless the user chose a policy, restart once with the passive one.
void prefer_passive_openmp(char** argv) {
    if (std::getenv("OMP_WAIT_POLICY") != nullptr) return;
    if (::setenv("OMP_WAIT_POLICY", "passive", 1) != 0) return;
    ::execv("/proc/self/exe", argv);   // returns only if it failed: carry on as we are
}

}  // namespace

int main(int argc, char** argv) {
    using namespace neurowire::cli;
    prefer_passive_openmp(argv);
    CLI::App app{"neurowire: spatial connectomes, vectorised networks, a compact runner"};
    app.set_version_flag("--version", std::string("neurowire ") + NEUROWIRE_VERSION);
    app.require_subcommand(1);
    app.fallthrough(false);

    ConnectArgs connect_args;
    InspectArgs inspect_args;
    RunArgs run_args, demo_args;
    BenchArgs bench_args;
    CheckArgs check_args;
    ExportArgs export_args;
    CLI::App* connect = add_connect(app, connect_args);
    CLI::App* inspect = add_inspect(app, inspect_args);
    CLI::App* run = add_run(app, run_args);
    CLI::App* demo = add_demo(app, demo_args);
    CLI::App* bench = add_bench(app, bench_args);
    CLI::App* check = add_check(app, check_args);
    CLI::App* export_cmd = add_export(app, export_args);
    PlotArgs plot_args;
    PlotCommands plot_commands;
    CLI::App* plot = add_plot(app, plot_args, plot_commands);

    if (const auto wrong = unknown_word(app, argc, argv)) {
        std::fprintf(stderr, "neurowire: error: %s\n", wrong->c_str());
        return 2;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // Help and version are "errors" with exit code 0; everything else is bad usage.
        return app.exit(e) == 0 ? 0 : 2;
    }

    try {
        if (connect->parsed()) return run_connect(connect_args);
        if (inspect->parsed()) return run_inspect(inspect_args);
        if (run->parsed()) return run_run(run_args);
        if (demo->parsed()) return run_demo(demo_args);
        if (bench->parsed()) return run_bench(bench_args);
        if (check->parsed()) return run_check(check_args);
        if (export_cmd->parsed()) return run_export(export_args);
        if (plot->parsed()) return run_plot(plot_args, plot_commands);
    } catch (const neurowire::error& e) {
        std::fprintf(stderr, "neurowire: error: %s\n", e.what());
        return 1;
    } catch (const std::bad_alloc&) {
        // The up-front estimates refuse what they foresee; this is an allocation they did not.
        std::fprintf(stderr, "neurowire: error: out of memory: an allocation failed (the input asks for more "
                             "memory than this machine could give)\n");
        return 1;
    } catch (const std::length_error& e) {
        // A size beyond what a container can hold: an input's size, never a bug to report as one.
        std::fprintf(stderr, "neurowire: error: the input asks for an array larger than can exist (%s)\n", e.what());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "neurowire: internal error: %s\n", e.what());
        return 1;
    }
    return 2;
}
