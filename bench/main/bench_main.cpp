// bench_runner connect|build|run [--csv FILE] [--quick] [--threads N] [--repeat N]
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/bench.hpp"

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_runner connect|build|run|scale [--csv FILE] [--quick] [--threads N] [--repeat N]\n");
        return 2;
    }
    const std::string which = argv[1];
    neurowire::bench::Options options;
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--quick") options.quick = true;
        else if (arg == "--csv" && i + 1 < argc) options.csv_path = argv[++i];
        else if (arg == "--threads" && i + 1 < argc) options.threads = std::atoi(argv[++i]);
        else if (arg == "--repeat" && i + 1 < argc) options.repeats = std::atoi(argv[++i]);
        else { std::fprintf(stderr, "bench_runner: unknown argument '%s'\n", arg.c_str()); return 2; }
    }
    if (which == "connect") return neurowire::bench::connect_main(options);
    if (which == "build") return neurowire::bench::build_main(options);
    if (which == "run") return neurowire::bench::run_main(options);
    if (which == "scale") return neurowire::bench::scale_main(options);
    std::fprintf(stderr, "bench_runner: unknown benchmark '%s' (connect, build, run, scale)\n", which.c_str());
    return 2;
}
