#pragma once
// Command-line mistakes named as the user made them: value checks whose messages say what was
// expected (CLI11's PositiveNumber prints the range up to DBL_MAX), and a scan for an unknown
// command or option before CLI11 reports a consequence of it ("A subcommand is required",
// "--output is required").
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

namespace neurowire::cli {

// A whole number >= 1 ("--threads 0" → "expected a whole number >= 1, found '0'").
CLI::Validator whole_number_at_least_one();
// A number > 0 (durations).
CLI::Validator number_above_zero();

// The first unknown command or option of argv, as a message naming it (and the closest known
// name); nothing if every word is known or the words are left to CLI11.
std::optional<std::string> unknown_word(CLI::App& app, int argc, const char* const* argv);

}  // namespace neurowire::cli
