#include "spec/yaml_util.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include "io/input_file.hpp"

namespace neurowire::spec::yaml {

namespace {

// A missing key yields an invalid node whose Mark() throws; treat it as "no position known".
YAML::Mark mark_of(const YAML::Node& node) {
    try {
        if (!node.IsDefined()) return YAML::Mark::null_mark();
        return node.Mark();
    } catch (const YAML::Exception&) {
        return YAML::Mark::null_mark();
    }
}

std::string quote(const std::string& s) { return "'" + s + "'"; }

std::string shorten(std::string s) {
    constexpr std::size_t max_len = 60;
    if (s.size() > max_len) s = s.substr(0, max_len) + "…";
    return s;
}

}  // namespace

std::size_t line_of(const YAML::Node& node) {
    const YAML::Mark m = mark_of(node);
    return m.is_null() ? 0 : static_cast<std::size_t>(m.line) + 1;
}

void check_unique_keys(const YAML::Node& root, const Context& ctx) {
    // Iterative: a document nested as deep as yaml-cpp allows must not exhaust the stack here.
    // Aliases share nodes: ten nested lists of ten aliases each ("billion laughs") stand for
    // 10^10 values in a few hundred bytes. Values are counted as the parsers would walk them.
    constexpr std::uint64_t max_values = std::uint64_t{1} << 24;
    std::uint64_t visited = 0;
    std::vector<std::pair<YAML::Node, std::string>> todo{{root, ""}};
    while (!todo.empty()) {
        const auto [node, path] = todo.back();
        todo.pop_back();
        if (++visited > max_values)
            fail(node, path, ctx, "a document of at most 2^24 values (aliases counted as often as they are used)",
                 "more");
        if (node.IsSequence()) {
            for (std::size_t i = 0; i < node.size(); ++i) todo.emplace_back(node[i], item(path, i));
        } else if (node.IsMap()) {
            std::set<std::string> seen;
            for (const auto& entry : node) {
                // Keys that are not scalars are refused by the parsers where they are read.
                const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
                if (entry.first.IsScalar() && !seen.insert(key).second)
                    fail(entry.first, child(path, key), ctx, "each key once in a map",
                         "a repeated key " + quote(shorten(key)));
                todo.emplace_back(entry.second, child(path, key));
            }
        }
    }
}

YAML::Node load_string(const std::string& text, const Context& ctx) {
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::ParserException& e) {
        const bool has_mark = !e.mark.is_null();
        throw config_error(ctx.file, has_mark ? e.mark.line + 1 : 0, has_mark ? e.mark.column + 1 : 0, "",
                           "valid YAML", e.msg);
    }
    check_unique_keys(root, ctx);
    return root;
}

YAML::Node load_file(const std::filesystem::path& file) {
    Context ctx{file.string(), file.parent_path()};
    std::string text;
    try {
        // Only a regular file, and one of bounded size: a FIFO, /dev/zero or a directory is
        // refused before anything is read.
        io::InputFile in(file);
        if (in.size() > max_spec_bytes)
            throw config_error(ctx.file, 0, 0, "", "a spec of at most " + std::to_string(max_spec_bytes >> 20) + " MiB",
                               std::to_string(in.size()) + " bytes");
        text.resize(static_cast<std::size_t>(in.size()));
        text.resize(in.read_full(text.data(), text.size()));
        char extra = 0;
        if (in.read(&extra, 1) != 0)
            throw config_error(ctx.file, 0, 0, "", "a file that does not grow while it is read", "more bytes");
    } catch (const config_error&) {
        throw;
    } catch (const file_error& e) {
        // "expected a regular file, found a directory" or "cannot open: No such file …"
        const std::string& problem = e.problem;
        if (problem.rfind("expected ", 0) == 0) {
            const auto comma = problem.find(", found ");
            throw config_error(ctx.file, 0, 0, "", "a YAML file (" + problem.substr(9, comma - 9) + ")",
                               comma == std::string::npos ? "" : problem.substr(comma + 8));
        }
        throw config_error(ctx.file, 0, 0, "", "a readable YAML file", problem);
    }
    return load_string(text, ctx);
}

std::string child(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string item(const std::string& path, std::size_t index) {
    return path + "[" + std::to_string(index) + "]";
}

std::string describe(const YAML::Node& node) {
    if (!node.IsDefined() || node.IsNull()) return "nothing";
    if (node.IsMap()) return "a map";
    if (node.IsSequence()) return "a list";
    return quote(shorten(node.Scalar()));
}

void fail(const YAML::Node& node, const std::string& path, const Context& ctx, const std::string& expected,
          const std::string& found) {
    const YAML::Mark m = mark_of(node);
    const bool has_mark = !m.is_null();
    throw config_error(ctx.file, has_mark ? static_cast<std::size_t>(m.line) + 1 : 0,
                       has_mark ? static_cast<std::size_t>(m.column) + 1 : 0, path, expected, found);
}

void fail(const YAML::Node& node, const std::string& path, const Context& ctx, const std::string& expected) {
    fail(node, path, ctx, expected, describe(node));
}

void require_map(const YAML::Node& node, const std::string& path, const Context& ctx) {
    if (!node.IsMap()) fail(node, path, ctx, "a map");
}

void require_list(const YAML::Node& node, const std::string& path, const Context& ctx) {
    if (!node.IsSequence()) fail(node, path, ctx, "a list");
}


void check_keys(const YAML::Node& node, const std::string& path, const Context& ctx,
                const std::vector<std::string>& allowed) {
    require_map(node, path, ctx);
    std::set<std::string> seen;
    for (const auto& entry : node) {
        if (!entry.first.IsScalar()) fail(entry.first, path, ctx, "keys that are names");
        const std::string key = entry.first.Scalar();
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
            fail(entry.first, child(path, key), ctx, "one of the keys " + join_choices(allowed),
                 "unknown key " + quote(key));
        if (!seen.insert(key).second)
            fail(entry.first, child(path, key), ctx, "each key once", "a repeated key " + quote(key));
    }
}

void check_keys(const YAML::Node& node, const std::string& path, const Context& ctx,
                std::initializer_list<std::string_view> allowed) {
    check_keys(node, path, ctx, std::vector<std::string>(allowed.begin(), allowed.end()));
}

YAML::Node optional(const YAML::Node& node, std::string_view key) {
    // Lookups on scalars or missing nodes throw in yaml-cpp; here they simply find nothing.
    if (!node.IsDefined() || !node.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
    const YAML::Node& map = node;   // const lookup: never inserts the key
    YAML::Node value = map[std::string(key)];
    if (!value.IsDefined() || value.IsNull()) return YAML::Node(YAML::NodeType::Undefined);
    return value;
}

YAML::Node require(const YAML::Node& node, const std::string& path, const Context& ctx, std::string_view key) {
    require_map(node, path, ctx);
    YAML::Node value = optional(node, key);
    if (!value) fail(node, child(path, key), ctx, "a value for the required key " + quote(std::string(key)), "none");
    return value;
}

double get_double(const YAML::Node& node, const std::string& path, const Context& ctx) {
    if (!node.IsScalar()) fail(node, path, ctx, "a number");
    double value = 0.0;
    try {
        value = node.as<double>();
    } catch (const YAML::Exception&) {
        fail(node, path, ctx, "a number");
    }
    if (!std::isfinite(value)) fail(node, path, ctx, "a finite number");
    return value;
}

double get_float32(const YAML::Node& node, const std::string& path, const Context& ctx) {
    const double value = get_double(node, path, ctx);
    if (std::fabs(value) > static_cast<double>(std::numeric_limits<float>::max()))
        fail(node, path, ctx, "a number that fits float32 (magnitude at most 3.4e38)");
    return value;
}

std::int64_t get_int(const YAML::Node& node, const std::string& path, const Context& ctx) {
    // Accept 3200 and also 1e6 or 4.0e4: integral values users often write in float notation.
    const double value = get_double(node, path, ctx);
    if (value != std::floor(value) || std::fabs(value) > 9.007199254740992e15)
        fail(node, path, ctx, "a whole number");
    return static_cast<std::int64_t>(value);
}

std::uint64_t get_uint(const YAML::Node& node, const std::string& path, const Context& ctx) {
    const std::int64_t value = get_int(node, path, ctx);
    if (value < 0) fail(node, path, ctx, "a whole number >= 0");
    return static_cast<std::uint64_t>(value);
}

bool get_bool(const YAML::Node& node, const std::string& path, const Context& ctx) {
    if (!node.IsScalar()) fail(node, path, ctx, "true or false");
    const std::string& s = node.Scalar();
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
    fail(node, path, ctx, "true or false");
}

std::string get_string(const YAML::Node& node, const std::string& path, const Context& ctx) {
    if (!node.IsScalar() || node.Scalar().empty()) fail(node, path, ctx, "a non-empty string");
    return node.Scalar();
}

std::string get_choice(const YAML::Node& node, const std::string& path, const Context& ctx,
                       std::initializer_list<std::string_view> allowed) {
    return get_choice(node, path, ctx, std::vector<std::string>(allowed.begin(), allowed.end()));
}

std::string get_choice(const YAML::Node& node, const std::string& path, const Context& ctx,
                       const std::vector<std::string>& names) {
    if (!node.IsScalar()) fail(node, path, ctx, "one of " + join_choices(names));
    const std::string value = node.Scalar();
    if (std::find(names.begin(), names.end(), value) == names.end())
        fail(node, path, ctx, "one of " + join_choices(names));
    return value;
}

double get_positive(const YAML::Node& node, const std::string& path, const Context& ctx) {
    const double value = get_double(node, path, ctx);
    if (!(value > 0.0)) fail(node, path, ctx, "a number > 0");
    return value;
}

double get_non_negative(const YAML::Node& node, const std::string& path, const Context& ctx) {
    const double value = get_double(node, path, ctx);
    if (value < 0.0) fail(node, path, ctx, "a number >= 0");
    return value;
}

namespace {
std::string length_text(std::size_t min_len, std::size_t max_len) {
    if (min_len == max_len) return std::to_string(min_len);
    if (max_len == std::numeric_limits<std::size_t>::max()) return "at least " + std::to_string(min_len);
    return std::to_string(min_len) + " to " + std::to_string(max_len);
}

void check_length(const YAML::Node& node, const std::string& path, const Context& ctx, std::size_t min_len,
                  std::size_t max_len, const std::string& what) {
    if (!node.IsSequence()) fail(node, path, ctx, "a list of " + length_text(min_len, max_len) + " " + what);
    if (node.size() < min_len || node.size() > max_len)
        fail(node, path, ctx, "a list of " + length_text(min_len, max_len) + " " + what,
             "a list of " + std::to_string(node.size()));
}
}  // namespace

std::vector<double> get_double_list(const YAML::Node& node, const std::string& path, const Context& ctx,
                                    std::size_t min_len, std::size_t max_len) {
    check_length(node, path, ctx, min_len, max_len, "numbers");
    std::vector<double> values;
    values.reserve(node.size());
    for (std::size_t i = 0; i < node.size(); ++i) values.push_back(get_double(node[i], item(path, i), ctx));
    return values;
}

std::vector<bool> get_bool_list(const YAML::Node& node, const std::string& path, const Context& ctx,
                                std::size_t min_len, std::size_t max_len) {
    check_length(node, path, ctx, min_len, max_len, "true/false values");
    std::vector<bool> values;
    values.reserve(node.size());
    for (std::size_t i = 0; i < node.size(); ++i) values.push_back(get_bool(node[i], item(path, i), ctx));
    return values;
}

}  // namespace neurowire::spec::yaml
