// neurowire connect SPEC.yaml -o DIR [--format npz,sonata,csv,mtx,pynn] [--threads N] [--seed S]
#include <algorithm>
#include <cstdio>

#include "app/connect.hpp"
#include "cli/commands.hpp"
#include "cli/progress.hpp"

namespace neurowire::cli {

CLI::App* add_connect(CLI::App& app, ConnectArgs& args) {
    CLI::App* sub = app.add_subcommand("connect", "Generate the connectomes of a spec and write them to DIR");
    sub->add_option("spec", args.spec, "Connectome spec, or network spec (its connectomes only) (YAML)")->required()->type_name("SPEC.yaml");
    sub->add_option("-o,--output", args.out, "Output folder (created if missing)")->required()->type_name("DIR");
    sub->add_option("--format", args.formats, "Formats, comma separated: npz (default), sonata, csv, mtx, pynn")
        ->delimiter(',')
        ->check(CLI::IsMember(app::connectome_format_names()))
        ->type_name("LIST");
    add_memory_limit(*sub, args.memory_limit);
    add_common(*sub, args.common, true);
    return sub;
}

int run_connect(const ConnectArgs& args) {
    apply_threads(args.common.threads);
    Progress progress(!args.common.quiet);
    app::ConnectOptions options;
    options.spec = args.spec;
    options.out = args.out;
    options.formats.clear();
    for (const std::string& name : args.formats) options.formats.push_back(app::connectome_format_from_name(name));
    options.threads = args.common.threads;
    options.memory_limit_bytes = memory_limit_bytes(args.memory_limit);
    if (args.common.seed_given) options.seed = args.common.seed;
    options.progress = [&progress](const app::ConnectProgress& p) {
        progress.update(p.done, p.total, p.name + "  " + with_commas(p.synapses) + " synapses");
    };

    const app::ConnectResult result = app::connect_spec(options);
    progress.finish();
    if (!args.common.quiet) {
        const double s = progress.elapsed_s();
        std::printf("%s synapses in %zu projection%s, %s, %s synapses/s, peak memory %.0f MiB -> %s\n",
                    with_commas(result.synapses).c_str(), result.projections, result.projections == 1 ? "" : "s",
                    seconds_text(s).c_str(), with_commas(static_cast<std::uint64_t>(result.synapses / std::max(s, 1e-9))).c_str(),
                    peak_rss_mib(), args.out.c_str());
    }
    return 0;
}

}  // namespace neurowire::cli
