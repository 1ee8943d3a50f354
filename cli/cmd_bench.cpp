// neurowire bench connect|build|run|scale [--csv FILE] [--quick] [--threads N] [--repeat N]
// The workloads live in bench_runner, installed beside this executable: the shipped neurowire
// does not carry them. This command checks the options and runs it.
#include <cstdio>

#include "cli/commands.hpp"
#include "cli/usage.hpp"
#include "core/error.hpp"
#include "core/platform/process.hpp"

namespace neurowire::cli {

CLI::App* add_bench(CLI::App& app, BenchArgs& args) {
    CLI::App* sub = app.add_subcommand("bench", "Run a benchmark workload, print a table and write a CSV");
    sub->add_option("workload", args.which, "connect, build, run or scale")
        ->required()
        ->check(CLI::IsMember({"connect", "build", "run", "scale"}));
    sub->add_option("--csv", args.csv, "CSV output (default: bench_<workload>.csv)")->type_name("FILE");
    sub->add_flag("--quick", args.quick, "Smaller sizes, for a smoke run");
    sub->add_option("--threads", args.threads, "Worker threads (default: all cores)")->check(thread_count_validator());
    sub->add_option("--repeat", args.repeats, "connect: runs per case, median reported (default 3; 1 with --quick)")
        ->check(whole_number_at_least_one());
    return sub;
}

int run_bench(const BenchArgs& args) {
    const std::filesystem::path beside = platform::current_executable().parent_path() / "bench_runner";
    std::optional<std::filesystem::path> runner = platform::find_executable(beside.string());
    if (!runner) runner = platform::find_executable("bench_runner");
    if (!runner)
        throw error("neurowire bench needs the benchmark runner 'bench_runner' next to neurowire (" + beside.string() +
                    ") or on PATH; it is built with neurowire (out/bin/bench_runner)");
    std::vector<std::string> argv{runner->string(), args.which};
    if (!args.csv.empty()) argv.insert(argv.end(), {"--csv", args.csv});
    if (args.quick) argv.push_back("--quick");
    if (args.threads > 0) argv.insert(argv.end(), {"--threads", std::to_string(args.threads)});
    if (args.repeats > 0) argv.insert(argv.end(), {"--repeat", std::to_string(args.repeats)});
    std::fflush(stdout);
    const platform::ProcessStatus status = platform::run_process(argv, {}, false);
    if (!status.started) throw error(status.describe(runner->string()));
    if (status.signal != 0) return 128 + status.signal;
    return status.exit_code;
}

}  // namespace neurowire::cli
