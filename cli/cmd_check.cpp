// neurowire check DIR [--for nest,bmtk,libsonata,pynn]: the SONATA conformance check (app/check).
#include <cstdio>

#include "app/check.hpp"
#include "cli/commands.hpp"

namespace neurowire::cli {

CLI::App* add_check(CLI::App& app, CheckArgs& args) {
    CLI::App* sub = app.add_subcommand(
        "check", "SONATA conformance of a folder: what NEST, BMTK, libsonata and PyNN would fail on (exit 1 on errors)");
    sub->add_option("dir", args.dir, "A SONATA folder (with circuit_config.json), or a folder holding sonata/")
        ->required()
        ->type_name("DIR");
    sub->add_option("--for", args.readers, "Readers, comma separated (default: all): nest, bmtk, libsonata, pynn")
        ->delimiter(',')
        ->check(CLI::IsMember({"nest", "bmtk", "libsonata", "pynn"}))
        ->type_name("LIST");
    return sub;
}

int run_check(const CheckArgs& args) {
    app::CheckOptions options;
    options.dir = args.dir;
    for (const auto& name : args.readers) {
        const auto r = io::sonata_reader_from_name(name);
        bool seen = false;
        for (auto have : options.readers) seen = seen || have == r;
        if (!seen) options.readers.push_back(r);
    }
    const app::CheckResult result = app::check(options);
    std::fputs(result.text.c_str(), stdout);
    return result.passed() ? 0 : 1;
}

}  // namespace neurowire::cli
