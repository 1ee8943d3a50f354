// Options shared by the generating commands.
#include <omp.h>

#include <charconv>
#include <cstdint>
#include <string>
#include <system_error>

#include "cli/commands.hpp"
#include "cli/usage.hpp"
#include "core/threads.hpp"

namespace neurowire::cli {

namespace {

// A seed is any 64-bit unsigned number, written in decimal: anything beyond 2^64 − 1 is refused
// (CLI11 alone would saturate it to 2^64 − 1, a different seed from the one asked for).
const CLI::Validator seed_number(
    [](std::string& text) -> std::string {
        std::uint64_t value = 0;
        const char* end = text.data() + text.size();
        const auto [ptr, ec] = std::from_chars(text.data(), end, value);
        if (ec == std::errc::result_out_of_range) return "the seed " + text + " does not fit 64 bits (at most 18446744073709551615)";
        if (ec != std::errc() || ptr != end || text.empty()) return "expected a whole number from 0 to 18446744073709551615, found " + text;
        return "";
    },
    "S", "SEED");

// Thread counts are bounded by neurowire::max_threads (core/threads.hpp says why).
const CLI::Validator thread_count(
    [](std::string& text) -> std::string {
        long long value = 0;
        const char* end = text.data() + text.size();
        const auto [ptr, ec] = std::from_chars(text.data(), end, value);
        if (ec != std::errc() || ptr != end || value < 1 || value > neurowire::max_threads)
            return "expected a thread count from 1 to " + std::to_string(neurowire::max_threads) + ", found " + text;
        return "";
    },
    "N", "THREADS");

}  // namespace

const CLI::Validator& thread_count_validator() { return thread_count; }

void add_common(CLI::App& sub, CommonArgs& args, bool with_seed) {
    sub.add_option("--threads", args.threads, "Worker threads (default: all cores); results do not depend on it")
        ->check(thread_count);
    if (with_seed)
        sub.add_option_function<std::string>(
               "--seed",
               [&args](const std::string& s) {
                   std::from_chars(s.data(), s.data() + s.size(), args.seed);
                   args.seed_given = true;
               },
               "Overrides the spec's seed")
            ->check(seed_number)
            ->type_name("S");
    sub.add_flag("--quiet,-q", args.quiet, "No progress display and no summary line");
}

void apply_threads(int threads) {
    if (threads > 0) omp_set_num_threads(threads);
}

}  // namespace neurowire::cli
