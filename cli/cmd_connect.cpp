// neurowire connect SPEC.yaml -o DIR [--format npz,sonata,csv,mtx,pynn] [--threads N] [--seed S]
#include <algorithm>
#include <cstdio>

#include "build/connectome_spec.hpp"
#include "build/spec_output.hpp"
#include "cli/commands.hpp"
#include "cli/progress.hpp"

namespace neurowire::cli {

CLI::App* add_connect(CLI::App& app, ConnectArgs& args) {
    CLI::App* sub = app.add_subcommand("connect", "Generate the connectomes of a spec and write them to DIR");
    sub->add_option("spec", args.spec, "Connectome spec (YAML)")->required()->type_name("SPEC.yaml");
    sub->add_option("-o,--output", args.out, "Output folder (created if missing)")->required()->type_name("DIR");
    sub->add_option("--format", args.formats, "Formats, comma separated: npz (default), sonata, csv, mtx, pynn")
        ->delimiter(',')
        ->check(CLI::IsMember(build::connectome_format_names()))
        ->type_name("LIST");
    add_common(*sub, args.common, true);
    return sub;
}

int run_connect(const ConnectArgs& args) {
    apply_threads(args.common.threads);
    Progress progress(!args.common.quiet);
    const build::ConnectomeSpec spec = build::parse_connectome_spec(args.spec);

    build::ConnectSettings settings;
    settings.seed = args.common.seed_given ? args.common.seed : spec.seed;
    settings.formats.clear();
    for (const std::string& name : args.formats) {
        const auto format = build::connectome_format_from_name(name);
        if (std::find(settings.formats.begin(), settings.formats.end(), format) == settings.formats.end())
            settings.formats.push_back(format);
    }
    settings.options.threads = args.common.threads;
    settings.progress = [&progress](const build::ConnectProgress& p) {
        progress.update(p.done, p.total, p.name + "  " + with_commas(p.synapses) + " synapses");
    };

    const build::ConnectResult result = build::write_connectome_outputs(spec, args.out, settings);
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
