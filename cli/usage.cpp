#include "cli/usage.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <vector>

namespace neurowire::cli {

namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

// " (did you mean 'x'?)" for a name within two edits of `word`.
std::string suggestion(const std::string& word, const std::vector<std::string>& names) {
    std::string best;
    std::size_t best_d = 3;
    for (const auto& n : names) {
        const std::size_t d = edit_distance(word, n);
        if (d < best_d) best_d = d, best = n;
    }
    return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

std::string join(const std::vector<std::string>& names) {
    std::string s;
    for (std::size_t i = 0; i < names.size(); ++i) s += (i ? ", " : "") + names[i];
    return s;
}

// The long and short names of the options of `app` and its parents, with dashes.
std::vector<std::string> option_names(const CLI::App* app) {
    std::vector<std::string> out;
    for (; app; app = app->get_parent())
        for (const CLI::Option* o : app->get_options()) {
            for (const auto& l : o->get_lnames()) out.push_back("--" + l);
            for (const auto& s : o->get_snames()) out.push_back("-" + s);
        }
    return out;
}

bool is_number(const std::string& s) {
    char* end = nullptr;
    std::strtod(s.c_str(), &end);
    return !s.empty() && end && *end == '\0';
}

}  // namespace

CLI::Validator whole_number_at_least_one() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            char* end = nullptr;
            const long long v = std::strtoll(text.c_str(), &end, 10);
            if (text.empty() || *end != '\0' || v < 1) return "expected a whole number >= 1, found '" + text + "'";
            return "";
        },
        "N>=1");
}

CLI::Validator number_above_zero() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            char* end = nullptr;
            const double v = std::strtod(text.c_str(), &end);
            if (text.empty() || *end != '\0' || !(v > 0.0) || !std::isfinite(v))
                return "expected a number > 0, found '" + text + "'";
            return "";
        },
        "T>0");
}

std::optional<std::string> unknown_word(CLI::App& app, int argc, const char* const* argv) {
    int i = 1;
    // Options of the top level before the command (--help, --version) are CLI11's.
    while (i < argc && argv[i][0] == '-') ++i;
    if (i >= argc) return std::nullopt;
    const std::string command = argv[i];
    std::vector<std::string> commands;
    for (const CLI::App* sub : app.get_subcommands({})) commands.push_back(sub->get_name());
    CLI::App* sub = nullptr;
    for (CLI::App* s : app.get_subcommands({}))
        if (s->get_name() == command) sub = s;
    if (!sub)
        return "unknown command '" + command + "'" + suggestion(command, commands) + "; the commands are " +
               join(commands);
    // A command with commands of its own (plot traces|inputs|connectome): the options are theirs.
    if (const auto nested = sub->get_subcommands({}); !nested.empty()) {
        std::vector<std::string> inner;
        CLI::App* found = nullptr;
        for (CLI::App* s : nested) {
            inner.push_back(s->get_name());
            if (i + 1 < argc && s->get_name() == argv[i + 1]) found = s;
        }
        if (i + 1 < argc && !found && argv[i + 1][0] != '-')
            return "unknown command '" + command + " " + argv[i + 1] + "'" + suggestion(argv[i + 1], inner) +
                   "; the commands of '" + command + "' are " + join(inner);
        if (found) sub = found, ++i;
    }
    const std::vector<std::string> names = option_names(sub);
    for (++i; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--") break;
        if (arg.size() < 2 || arg[0] != '-' || is_number(arg)) continue;
        const std::string name = arg.substr(0, arg.find('='));
        // "-q3" style short flags with values are rare here: check the two-character name.
        const std::string key = name.rfind("--", 0) == 0 ? name : name.substr(0, 2);
        if (std::find(names.begin(), names.end(), key) == names.end())
            return "unknown option '" + name + "' for '" + command + "'" + suggestion(name, names) +
                   "; see 'neurowire " + command + " --help'";
    }
    return std::nullopt;
}

}  // namespace neurowire::cli
