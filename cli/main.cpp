// The neurowire executable: parses the command line and hands over to one subcommand.
// Exit status: 0 success, 1 bad input (neurowire::error), 2 bad usage (command-line parsing).
#include <cstdio>
#include <exception>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "core/error.hpp"

int main(int argc, char** argv) {
    using namespace neurowire::cli;
    CLI::App app{"neurowire: spatial connectomes, vectorised networks, a compact runner"};
    app.set_version_flag("--version", std::string("neurowire ") + NEUROWIRE_VERSION);
    app.require_subcommand(1);
    app.fallthrough(false);

    ConnectArgs connect_args;
    InspectArgs inspect_args;
    RunArgs run_args, demo_args;
    BenchArgs bench_args;
    CLI::App* connect = add_connect(app, connect_args);
    CLI::App* inspect = add_inspect(app, inspect_args);
    CLI::App* run = add_run(app, run_args);
    CLI::App* demo = add_demo(app, demo_args);
    CLI::App* bench = add_bench(app, bench_args);

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
    } catch (const neurowire::error& e) {
        std::fprintf(stderr, "neurowire: error: %s\n", e.what());
        return 1;
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "neurowire: error: out of memory\n");
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "neurowire: internal error: %s\n", e.what());
        return 1;
    }
    return 2;
}
