// Template files (YAML) → ModelTemplate structs: `base:` chains, validation, messages with
// file, line:column and key path.
#include "spec/template_file.hpp"
#include "spec/schema.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <type_traits>

#include "build/template_paths.hpp"
#include "spec/yaml_util.hpp"
#include "core/error.hpp"

namespace neurowire::spec {

using namespace build;   // the network types this module fills in
namespace fs = std::filesystem;
using build::ModelTemplate;
using build::NamedValue;
using build::SpikeRule;
using build::equation_target;
using build::TemplateRef;
using build::resolve_template;
using build::trim;
using build::is_identifier;

namespace {

// Merges `over` into `into` per name: existing entries keep their place, new ones are appended.
void merge(std::vector<NamedValue>& into, const std::vector<NamedValue>& over) {
    for (const auto& v : over) {
        auto it = std::find_if(into.begin(), into.end(), [&](const NamedValue& x) { return x.name == v.name; });
        if (it != into.end()) it->value = v.value;
        else into.push_back(v);
    }
}

using yaml::Context;

std::vector<NamedValue> read_values(const YAML::Node& node, const std::string& path, const Context& ctx) {
    yaml::require_map(node, path, ctx);
    std::vector<NamedValue> out;
    for (const auto& kv : node) {
        const std::string key = yaml::get_string(kv.first, path, ctx);   // a map as a key: refused
        const std::string p = yaml::child(path, key);
        if (!is_identifier(key)) yaml::fail(kv.first, p, ctx, "a variable name (letters, digits, _)");
        if (build::contains_name(out, key)) yaml::fail(kv.first, p, ctx, "each name once", "'" + key + "' repeated");
        out.push_back({key, yaml::get_double(kv.second, p, ctx)});
    }
    return out;
}

std::vector<std::string> read_names(const YAML::Node& node, const std::string& path, const Context& ctx) {
    yaml::require_list(node, path, ctx);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < node.size(); ++i) {
        const std::string p = yaml::item(path, i);
        std::string n = yaml::get_string(node[i], p, ctx);
        if (!is_identifier(n)) yaml::fail(node[i], p, ctx, "a variable name (letters, digits, _)");
        out.push_back(std::move(n));
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> read_assignments(const YAML::Node& node, const std::string& path,
                                                                  const Context& ctx) {
    yaml::require_map(node, path, ctx);
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& kv : node) {
        const std::string key = yaml::get_string(kv.first, path, ctx);
        const std::string p = yaml::child(path, key);
        if (!is_identifier(key)) yaml::fail(kv.first, p, ctx, "a state variable name");
        out.emplace_back(key, yaml::get_string(kv.second, p, ctx));
    }
    return out;
}

SpikeRule read_spike(const YAML::Node& node, const std::string& path, const Context& ctx) {
    yaml::require_map(node, path, ctx);
    yaml::check_keys(node, path, ctx, schema::keys("template.spike"));
    SpikeRule rule;
    rule.when = yaml::get_string(yaml::require(node, path, ctx, "when"), yaml::child(path, "when"), ctx);
    if (auto n = yaml::optional(node, "reset")) rule.reset = read_assignments(n, yaml::child(path, "reset"), ctx);
    if (auto n = yaml::optional(node, "add")) rule.add = read_assignments(n, yaml::child(path, "add"), ctx);
    if (auto n = yaml::optional(node, "refractory")) {
        rule.refractory = yaml::get_string(n, yaml::child(path, "refractory"), ctx);
        if (rule.refractory == "0" || rule.refractory == "0.0") rule.refractory.clear();
    }
    if (auto n = yaml::optional(node, "hold")) rule.hold = read_names(n, yaml::child(path, "hold"), ctx);
    return rule;
}

struct Loader {
    std::vector<std::string> chain;   // "file:name" being loaded, to report base cycles

    ModelTemplate load(const YAML::Node& doc, const Context& ctx, const std::string& name,
                       const YAML::Node& where, const std::string& where_path) {
        const std::string id = ctx.file + ":" + name;
        if (std::find(chain.begin(), chain.end(), id) != chain.end())
            yaml::fail(where, where_path, ctx, "a base chain without cycles", "'" + name + "' extends itself");
        if (!doc.IsMap()) yaml::fail(doc, "", ctx, "a map of templates by name");
        const YAML::Node node = doc[name];
        if (!node) {
            std::vector<std::string> names;
            for (const auto& kv : doc) names.push_back(yaml::describe(kv.first));
            yaml::fail(where, where_path, ctx, "one of the templates of " + ctx.file + ": " + yaml::join_choices(names),
                       "'" + name + "'");
        }
        chain.push_back(id);
        ModelTemplate t = read(node, name, ctx, doc);
        chain.pop_back();
        return t;
    }

    ModelTemplate load_ref(std::string_view ref, const fs::path& relative_to, const YAML::Node& where,
                           const std::string& where_path, const Context& where_ctx) {
        TemplateRef r;
        try {
            r = resolve_template(ref, relative_to, where_path);
        } catch (const config_error& e) {
            yaml::fail(where, where_path, where_ctx, e.expected, e.found);
        }
        const Context ctx{r.file.string(), r.file.parent_path()};
        return load(yaml::load_file(r.file), ctx, r.name, where, where_path);
    }

    ModelTemplate read(const YAML::Node& node, const std::string& name, const Context& ctx, const YAML::Node& doc) {
        const std::string& p = name;
        yaml::require_map(node, p, ctx);
        yaml::check_keys(node, p, ctx, schema::keys("template"));
        ModelTemplate t;
        if (auto b = yaml::optional(node, "base")) {
            const std::string bp = yaml::child(p, "base");
            const std::string ref = yaml::get_string(b, bp, ctx);
            // A bare name is a sibling in the same file (PyRates' `base: se_op`).
            if (is_identifier(ref)) {
                t = load(doc, ctx, ref, b, bp);
            } else {
                t = load_ref(ref, ctx.base_dir, b, bp, ctx);
            }
        }
        t.file = ctx.file;
        t.line = yaml::line_of(node);
        if (auto n = yaml::optional(node, "description")) t.description = yaml::get_string(n, yaml::child(p, "description"), ctx);
        if (auto n = yaml::optional(node, "time_unit"))
            t.time_unit = yaml::get_choice(n, yaml::child(p, "time_unit"), ctx, schema::choices("time_unit"));
        if (auto n = yaml::optional(node, "equations")) {
            const std::string ep = yaml::child(p, "equations");
            yaml::require_list(n, ep, ctx);
            t.equations.clear();
            t.equation_lines.clear();
            for (std::size_t i = 0; i < n.size(); ++i) {
                const std::string ip = yaml::item(ep, i);
                std::string eq = yaml::get_string(n[i], ip, ctx);
                if (equation_target(eq).empty())
                    yaml::fail(n[i], ip, ctx, "an equation 'x = expr' or 'd/dt x = expr'", "'" + eq + "'");
                t.equations.push_back(std::move(eq));
                t.equation_lines.push_back(yaml::line_of(n[i]));
            }
        }
        if (auto n = yaml::optional(node, "state")) merge(t.state, read_values(n, yaml::child(p, "state"), ctx));
        if (auto n = yaml::optional(node, "params")) merge(t.params, read_values(n, yaml::child(p, "params"), ctx));
        if (auto n = yaml::optional(node, "inputs")) t.inputs = read_names(n, yaml::child(p, "inputs"), ctx);
        if (auto n = yaml::optional(node, "output")) t.output = yaml::get_string(n, yaml::child(p, "output"), ctx);
        if (auto n = yaml::optional(node, "spike")) {
            t.spike = read_spike(n, yaml::child(p, "spike"), ctx);
            t.spike_line = yaml::line_of(n);
        }
        validate(t, node, name, ctx);
        return t;
    }

    static void validate(const ModelTemplate& t, const YAML::Node& node, const std::string& p, const Context& ctx) {
        auto where = [&](std::string_view key) {
            const YAML::Node n = yaml::optional(node, key);
            return n ? n : node;
        };
        if (t.equations.empty()) yaml::fail(where("equations"), yaml::child(p, "equations"), ctx, "at least one equation", "none");
        // Each name has one role: state, parameter, input or assigned variable.
        std::vector<std::string> seen;
        auto claim = [&](const std::string& n, std::string_view key, const char* role) {
            if (std::find(seen.begin(), seen.end(), n) != seen.end())
                yaml::fail(where(key), yaml::child(p, key), ctx, "distinct names for states, params, inputs and assigned variables",
                           "'" + n + "' used again as " + role);
            seen.push_back(n);
        };
        for (const auto& v : t.state) claim(v.name, "state", "a state variable");
        for (const auto& v : t.params) claim(v.name, "params", "a parameter");
        for (const auto& n : t.inputs) claim(n, "inputs", "an input");
        std::vector<std::string> odes;
        for (std::size_t i = 0; i < t.equations.size(); ++i) {
            bool ode = false;
            const std::string target = equation_target(t.equations[i], &ode);
            const std::string ip = yaml::item(yaml::child(p, "equations"), i);
            if (ode) {
                if (!t.has_state(target))
                    yaml::fail(where("equations"), ip, ctx, "d/dt of a variable listed under state", "'" + target + "'");
                if (std::find(odes.begin(), odes.end(), target) != odes.end())
                    yaml::fail(where("equations"), ip, ctx, "one ODE per state variable", "a second d/dt " + target);
                odes.push_back(target);
            } else {
                claim(target, "equations", "an assigned variable");
            }
        }
        const auto assigned = t.assigned();
        if (t.output.empty()) yaml::fail(node, yaml::child(p, "output"), ctx, "an output variable", "none");
        if (!t.has_state(t.output) && !t.has_assigned(t.output))
            yaml::fail(where("output"), yaml::child(p, "output"), ctx, "a state or assigned variable", "'" + t.output + "'");
        if (!t.spike) return;
        const std::string sp = yaml::child(p, "spike");
        if (trim(t.spike->when).empty()) yaml::fail(where("spike"), yaml::child(sp, "when"), ctx, "a condition such as 'v >= v_th'", "''");
        for (const auto* list : {&t.spike->reset, &t.spike->add})
            for (const auto& [var, expr] : *list)
                if (!t.has_state(var))
                    yaml::fail(where("spike"), yaml::child(sp, list == &t.spike->reset ? "reset" : "add"), ctx,
                               "state variables", "'" + var + "'");
        for (const auto& var : t.spike->hold)
            if (!t.has_state(var)) yaml::fail(where("spike"), yaml::child(sp, "hold"), ctx, "state variables", "'" + var + "'");
        const std::string& r = t.spike->refractory;
        if (!r.empty() && !t.has_param(r)) {
            char* end = nullptr;
            const double x = std::strtod(r.c_str(), &end);
            if (end == r.c_str() || *end != '\0' || !(x >= 0.0))
                yaml::fail(where("spike"), yaml::child(sp, "refractory"), ctx, "a number >= 0 or a parameter name", "'" + r + "'");
        }
    }
};

}  // namespace

ModelTemplate load_template(std::string_view ref, const fs::path& relative_to) {
    const TemplateRef r = resolve_template(ref, relative_to);
    const yaml::Context ctx{r.file.string(), r.file.parent_path()};
    const YAML::Node doc = yaml::load_file(r.file);
    // A wrong name is the referrer's mistake: no file position, so the caller can point at its
    // own reference (e.g. populations.e.model in a network spec).
    if (!doc.IsMap() || !doc[r.name]) {
        std::vector<std::string> names;
        if (doc.IsMap())
            for (const auto& kv : doc) names.push_back(yaml::describe(kv.first));
        throw config_error("model", "one of the templates of " + r.file.string() + ": " + yaml::join_choices(names),
                           "'" + r.name + "'");
    }
    Loader loader;
    ModelTemplate t = loader.load(doc, ctx, r.name, doc, "");
    t.name = std::string(ref);
    return t;
}

ModelTemplate parse_template(const std::string& yaml_text, std::string_view name, const std::string& file) {
    const yaml::Context ctx{file, fs::path(file).parent_path()};
    const YAML::Node doc = yaml::load_string(yaml_text, ctx);
    Loader loader;
    ModelTemplate t = loader.load(doc, ctx, std::string(name), doc, "");
    t.name = std::string(name);
    return t;
}

std::vector<std::string> template_names(const fs::path& file) {
    const YAML::Node doc = yaml::load_file(file);
    std::vector<std::string> out;
    if (doc.IsMap())
        for (const auto& kv : doc) out.push_back(yaml::get_string(kv.first, "", yaml::Context{file.string(), file.parent_path()}));
    return out;
}

build::TemplateLoader template_loader() {
    return [](std::string_view ref) { return load_template(ref); };
}

}  // namespace neurowire::spec
