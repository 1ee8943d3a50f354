#pragma once
// Typed access to YAML nodes that turns every surprise into a neurowire::config_error naming the
// file, the 1-based line:column, the key path (`projections[1].kernel.sigma`), what was found and
// what is allowed. Shared by the connectome spec (spec/connectome_spec*), the network spec and
// the template files; private to spec/ (not installed).
//
// Conventions for callers:
//   - `path` is the key path of the node being read; build children with child()/item().
//   - A missing key is reported at the line of the map that should have held it.
//   - check_keys() rejects unknown (and duplicated) keys, listing the allowed ones.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/error.hpp"
#include "core/text.hpp"

namespace neurowire::spec::yaml {

// Where a spec came from: the file named in messages, and the folder relative paths resolve against.
struct Context {
    std::string file;
    std::filesystem::path base_dir;
};

// The largest spec or template file read (a spec is text written by hand or by a script).
inline constexpr std::uint64_t max_spec_bytes = std::uint64_t{64} << 20;

// Reads and parses a YAML file; syntax errors, repeated keys and unreadable files become
// config_errors. Only a regular file of at most max_spec_bytes is read: a directory, a FIFO or
// /dev/zero is refused before reading.
YAML::Node load_file(const std::filesystem::path& file);
// Parses YAML text (tests, embedded specs); `ctx.file` names it in messages.
YAML::Node load_string(const std::string& text, const Context& ctx);
// A key repeated in any map of the document is an error (yaml-cpp itself keeps the last one):
// load_file and load_string call this; trees converted to YAML go through it as well.
void check_unique_keys(const YAML::Node& root, const Context& ctx);

// Key path building: child("projections[1]", "kernel") → "projections[1].kernel".
std::string child(const std::string& path, std::string_view key);
std::string item(const std::string& path, std::size_t index);

// A short human description of a node for "found …": `a map`, `a list`, `'abc'`, `nothing`.
std::string describe(const YAML::Node& node);

// The error for `node` at `path`: its 1-based line and column, if the node has a mark.
[[noreturn]] void fail(const YAML::Node& node, const std::string& path, const Context& ctx,
                       const std::string& expected, const std::string& found);
// Same, with `found` described from the node itself.
[[noreturn]] void fail(const YAML::Node& node, const std::string& path, const Context& ctx,
                       const std::string& expected);

void require_map(const YAML::Node& node, const std::string& path, const Context& ctx);
void require_list(const YAML::Node& node, const std::string& path, const Context& ctx);

// Unknown or repeated keys of map `node` are errors; the message lists `allowed`.
void check_keys(const YAML::Node& node, const std::string& path, const Context& ctx,
                std::initializer_list<std::string_view> allowed);
void check_keys(const YAML::Node& node, const std::string& path, const Context& ctx,
                const std::vector<std::string>& allowed);

// The value under `key` of map `node`; missing → error at the map, naming `child(path, key)`.
YAML::Node require(const YAML::Node& node, const std::string& path, const Context& ctx, std::string_view key);
// The value under `key`, or an undefined node (test with `if (n)`) when absent or null.
YAML::Node optional(const YAML::Node& node, std::string_view key);

// Scalars. Numbers must be finite; integers must be written as integers.
double get_double(const YAML::Node& node, const std::string& path, const Context& ctx);
std::int64_t get_int(const YAML::Node& node, const std::string& path, const Context& ctx);
std::uint64_t get_uint(const YAML::Node& node, const std::string& path, const Context& ctx);
// A number stored as float32 (weights, delays): finite and within ±3.4e38, or an error naming
// the key (a float64 beyond float32 would be written as ±inf).
double get_float32(const YAML::Node& node, const std::string& path, const Context& ctx);
bool get_bool(const YAML::Node& node, const std::string& path, const Context& ctx);
std::string get_string(const YAML::Node& node, const std::string& path, const Context& ctx);
// One of `allowed` (a kind name, a format …).
std::string get_choice(const YAML::Node& node, const std::string& path, const Context& ctx,
                       std::initializer_list<std::string_view> allowed);
std::string get_choice(const YAML::Node& node, const std::string& path, const Context& ctx,
                       const std::vector<std::string>& allowed);

// Range-checked numbers: `what` is the allowed set written for the message, e.g. "a number > 0".
double get_positive(const YAML::Node& node, const std::string& path, const Context& ctx);
double get_non_negative(const YAML::Node& node, const std::string& path, const Context& ctx);

// Lists of numbers/booleans, with the allowed lengths [min_len, max_len].
std::vector<double> get_double_list(const YAML::Node& node, const std::string& path, const Context& ctx,
                                    std::size_t min_len, std::size_t max_len);
std::vector<bool> get_bool_list(const YAML::Node& node, const std::string& path, const Context& ctx,
                                std::size_t min_len, std::size_t max_len);

// `a`, `a or b`, `a, b or c`: for "expected one of" messages.
using neurowire::join_choices;

// 1-based line of a node (0 when it has no mark).
std::size_t line_of(const YAML::Node& node);

}  // namespace neurowire::spec::yaml
