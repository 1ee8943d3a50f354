// Options shared by the generating commands.
#include <omp.h>

#include "cli/commands.hpp"
#include "cli/usage.hpp"

namespace neurowire::cli {

void add_common(CLI::App& sub, CommonArgs& args, bool with_seed) {
    sub.add_option("--threads", args.threads, "Worker threads (default: all cores); results do not depend on it")
        ->check(whole_number_at_least_one());
    if (with_seed)
        sub.add_option_function<seed_t>(
               "--seed", [&args](const seed_t& s) { args.seed = s, args.seed_given = true; },
               "Overrides the spec's seed")
            ->check(CLI::NonNegativeNumber)
            ->type_name("S");
    sub.add_flag("--quiet,-q", args.quiet, "No progress display and no summary line");
}

void apply_threads(int threads) {
    if (threads > 0) omp_set_num_threads(threads);
}

}  // namespace neurowire::cli
