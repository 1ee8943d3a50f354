// neurowire bench connect|build|run [--csv FILE] [--quick] [--threads N] [--repeat N]
#include "bench/bench.hpp"
#include "cli/commands.hpp"

namespace neurowire::cli {

CLI::App* add_bench(CLI::App& app, BenchArgs& args) {
    CLI::App* sub = app.add_subcommand("bench", "Run a benchmark workload, print a table and write a CSV");
    sub->add_option("workload", args.which, "connect, build or run")
        ->required()
        ->check(CLI::IsMember({"connect", "build", "run"}));
    sub->add_option("--csv", args.csv, "CSV output (default: bench_<workload>.csv)")->type_name("FILE");
    sub->add_flag("--quick", args.quick, "Smaller sizes, for a smoke run");
    sub->add_option("--threads", args.threads, "Worker threads (default: all cores)")->check(CLI::PositiveNumber);
    sub->add_option("--repeat", args.repeats, "connect: runs per case, median reported (default 3; 1 with --quick)")
        ->check(CLI::PositiveNumber);
    return sub;
}

int run_bench(const BenchArgs& args) {
    apply_threads(args.threads);
    bench::Options options;
    options.csv_path = args.csv;
    options.quick = args.quick;
    options.threads = args.threads;
    options.repeats = args.repeats;
    if (args.which == "connect") return bench::connect_main(options);
    if (args.which == "build") return bench::build_main(options);
    return bench::run_main(options);
}

}  // namespace neurowire::cli
