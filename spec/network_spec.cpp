#include "spec/network_spec.hpp"
#include "spec/schema.hpp"
#include "spec/template_file.hpp"

#include <algorithm>
#include <set>

#include "spec/connectome_spec.hpp"
#include "spec/connectome_spec_detail.hpp"
#include "spec/network_spec_detail.hpp"
#include "build/population.hpp"
#include "spec/materialise.hpp"
#include "build/templates.hpp"
#include "spec/yaml_util.hpp"
#include "io/connectome_files.hpp"
#include "io/npy.hpp"

namespace neurowire::spec {

using namespace build;   // the network types this module fills in

namespace y = yaml;

namespace {

void check_name(const std::string& name, const YAML::Node& node, const std::string& path, const y::Context& ctx) {
    detail::check_name(name, node, path, ctx);
}

// Per-unit overrides of params or init, checked against the template.
void parse_values(const YAML::Node& node, const std::string& path, const y::Context& ctx, Population& pop, bool init) {
    y::require_map(node, path, ctx);
    for (const auto& kv : node) {
        const std::string name = y::get_string(kv.first, path, ctx);
        const std::string p = y::child(path, name);
        UnitValues v = detail::parse_unit_values(kv.second, p, ctx, pop.size);
        try {
            if (init) pop.set_init(name, std::move(v));
            else pop.set_param(name, std::move(v));
        } catch (const config_error& e) {
            y::fail(kv.first, p, ctx, e.expected, e.found);
        }
    }
}

void parse_populations(const YAML::Node& node, const y::Context& ctx, Network& net, ConnectomeSpec& geometry) {
    const std::string path = "populations";
    y::require_map(node, path, ctx);
    for (const auto& entry : node) {
        const std::string name = y::get_string(entry.first, path, ctx);
        const std::string pp = y::child(path, name);
        check_name(name, entry.first, pp, ctx);
        if (geometry.find_population(name)) y::fail(entry.first, pp, ctx, "each population name once", "'" + name + "' again");
        PopulationSpec g;
        Population p = detail::parse_population(name, entry.first, entry.second, ctx, geometry.seed,
                                                geometry.populations.size(), g);
        geometry.populations.push_back(std::move(g));
        net.add(std::move(p));
    }
}

// `weights:` of a matrix projection: a number (all to all), {file: W.npy} (n_target × n_source)
// or {connectome: file.npz|.csv|.mtx|.conn|.h5, population: NAME} (population: SONATA only).
Connectivity parse_weights(const YAML::Node& node, const std::string& path, const y::Context& ctx) {
    if (node.IsScalar()) return Connectivity::all_to_all("", "", y::get_float32(node, path, ctx));
    if (!node.IsMap()) y::fail(node, path, ctx, "a number, {file: W.npy} or {connectome: file.npz}");
    y::check_keys(node, path, ctx, schema::keys("weights"));
    if (const YAML::Node f = y::optional(node, "file")) {
        if (y::optional(node, "connectome")) y::fail(node, path, ctx, "either file or connectome", "both");
        const std::string fp = y::child(path, "file");
        const std::filesystem::path file = ctx.base_dir / y::get_string(f, fp, ctx);
        try {
            const io::Array a = io::read_npy(file);
            if (a.shape.size() != 2)
                y::fail(f, fp, ctx, "a 2-D array (n_target × n_source) in " + file.string(),
                        std::to_string(a.shape.size()) + " dimensions");
            // numpy's C order is the row-major transpose of Armadillo's column-major storage.
            arma::mat w(a.shape[1], a.shape[0]);
            for (std::size_t k = 0; k < w.n_elem; ++k) w[k] = a.value_at(k);
            return Connectivity::from_matrix("", "", w.t());
        } catch (const error& e) {
            if (dynamic_cast<const config_error*>(&e)) throw;
            y::fail(f, fp, ctx, "a readable .npy file", e.what());
        }
    }
    const YAML::Node c = y::require(node, path, ctx, "connectome");
    const std::string cp = y::child(path, "connectome");
    const std::filesystem::path file = ctx.base_dir / y::get_string(c, cp, ctx);
    std::string population;
    if (const YAML::Node p = y::optional(node, "population")) {
        population = y::get_string(p, y::child(path, "population"), ctx);
        const std::string ext = file.extension().string();
        if (ext != ".h5" && ext != ".hdf5")
            y::fail(p, y::child(path, "population"), ctx, "a population only with a SONATA edges file (.h5)",
                    "connectome '" + file.filename().string() + "'");
    }
    try {
        return Connectivity::from_connectome("", "", io::read_connectome_any(file, population));
    } catch (const file_error& e) {
        y::fail(c, cp, ctx, "a readable connectome file", e.what());
    }
}

void parse_projections(const YAML::Node& node, const y::Context& ctx, Network& net, const ConnectomeSpec& geometry) {
    const std::string path = "projections";
    y::require_list(node, path, ctx);
    const std::vector<std::string>& allowed = schema::keys("network.projection");
    for (std::size_t i = 0; i < node.size(); ++i) {
        const YAML::Node proj = node[i];
        const std::string pp = y::item(path, i);
        y::require_map(proj, pp, ctx);
        y::check_keys(proj, pp, ctx, allowed);
        const std::string source = y::get_string(y::require(proj, pp, ctx, "source"), y::child(pp, "source"), ctx);
        const std::string target = y::get_string(y::require(proj, pp, ctx, "target"), y::child(pp, "target"), ctx);
        const VarRef s = detail::parse_var_ref(proj["source"], y::child(pp, "source"), ctx, net);
        const VarRef t = detail::parse_var_ref(proj["target"], y::child(pp, "target"), ctx, net);
        Connectivity c;
        if (const YAML::Node w = y::optional(proj, "weights")) {
            for (const char* key : {"rule", "kernel", "mask", "weight"})
                if (const YAML::Node n = y::optional(proj, key))
                    y::fail(n, y::child(pp, key), ctx, "either weights or a connection rule (rule/kernel/mask/weight)", "both");
            c = parse_weights(w, y::child(pp, "weights"), ctx);
            if (const YAML::Node d = y::optional(proj, "delay")) c.delay = y::get_non_negative(d, y::child(pp, "delay"), ctx);
        } else {
            c = detail::parse_rule_connectivity(proj, pp, ctx, s.pop == t.pop,
                                                geometry.populations[*geometry.find_population(s.pop)],
                                                geometry.populations[*geometry.find_population(t.pop)]);
        }
        c.source = source;
        c.target = target;
        if (const YAML::Node n = y::optional(proj, "name")) {
            c.name = y::get_string(n, y::child(pp, "name"), ctx);
            check_name(c.name, n, y::child(pp, "name"), ctx);
        }
        if (const YAML::Node n = y::optional(proj, "spread")) c.spread = y::get_positive(n, y::child(pp, "spread"), ctx);
        try {
            net.connect(std::move(c));
        } catch (const config_error& e) {
            detail::rethrow_at(e, proj, ctx);
        }
    }
}

// The lines of the entries later errors can be about (Network::located); none for trees.
Network::Source source_lines(const YAML::Node& root, const y::Context& ctx) {
    Network::Source source;
    auto add = [&](const std::string& path, const YAML::Node& node) {
        if (const std::size_t line = y::line_of(node)) source.lines.emplace_back(path, line);
    };
    for (const char* key : {"dt", "duration", "solver"}) add(key, y::optional(root, key));
    if (const YAML::Node pops = y::optional(root, "populations"); pops && pops.IsMap())
        for (const auto& entry : pops) add("populations." + entry.first.Scalar(), entry.first);
    for (const char* section : {"projections", "inputs"})
        if (const YAML::Node list = y::optional(root, section); list && list.IsSequence())
            for (std::size_t i = 0; i < list.size(); ++i) add(y::item(section, i), list[i]);
    if (const YAML::Node record = y::optional(root, "record"))
        for (const char* key : {"variables", "spikes"})
            if (const YAML::Node list = y::optional(record, key); list && list.IsSequence())
                for (std::size_t i = 0; i < list.size(); ++i) add(y::item(std::string("record.") + key, i), list[i]);
    if (!source.lines.empty()) source.file = ctx.file;
    return source;
}

Network parse_root(const YAML::Node& root, const y::Context& ctx, std::optional<seed_t> seed_override,
                   const connect::Options& draw_options) {
    y::require_map(root, "", ctx);
    y::check_keys(root, "", ctx, schema::keys("network"));
    seed_t seed = 0;
    if (const YAML::Node n = y::optional(root, "seed")) seed = y::get_uint(n, "seed", ctx);
    if (seed_override) seed = *seed_override;
    Network net(seed);
    net.draw_options = draw_options;
    detail::parse_settings(root, ctx, net.settings, true);
    ConnectomeSpec geometry;
    geometry.file = ctx.file;
    geometry.seed = seed;
    parse_populations(y::require(root, "", ctx, "populations"), ctx, net, geometry);
    if (const YAML::Node n = y::optional(root, "projections")) parse_projections(n, ctx, net, geometry);
    if (const YAML::Node n = y::optional(root, "inputs")) detail::parse_inputs(n, ctx, net);
    if (const YAML::Node n = y::optional(root, "record")) detail::parse_record(n, ctx, net);
    try {
        (void)net.time_unit_used();   // templates that disagree: said now, at the spec
    } catch (const config_error& e) {
        y::fail(root, e.key_path, ctx, e.expected, e.found);
    }
    net.source = source_lines(root, ctx);
    return net;
}

// A network spec names models or run settings; a connectome spec never does.
bool is_network_spec(const YAML::Node& root) {
    if (!root.IsMap()) return false;
    for (const char* key : {"dt", "duration", "solver", "time_unit", "inputs", "record"})
        if (y::optional(root, key)) return true;
    const YAML::Node pops = y::optional(root, "populations");
    if (pops && pops.IsMap())
        for (const auto& entry : pops)
            if (y::optional(entry.second, "model") || y::optional(entry.second, "function")) return true;
    return false;
}

}  // namespace


namespace detail {

void check_network_name(const std::string& name, const YAML::Node& node, const std::string& path, const y::Context& ctx) {
    check_name(name, node, path, ctx);
}

Population parse_population(const std::string& name, const YAML::Node& key, const YAML::Node& pop, const y::Context& ctx,
                            seed_t seed, std::size_t index, PopulationSpec& g) {
    const std::string pp = y::child("populations", name);
    y::require_map(pop, pp, ctx);
    y::check_keys(pop, pp, ctx, schema::keys("network.population"));
    g.name = name;
    g.line = y::line_of(key);
    if (const YAML::Node pos = y::optional(pop, "positions")) g.positions = parse_positions(pos, y::child(pp, "positions"), ctx);
    g.size = parse_population_size(pop, pp, ctx, g.positions);

    const YAML::Node model = y::optional(pop, "model"), function = y::optional(pop, "function");
    if (model && function) y::fail(function, y::child(pp, "function"), ctx, "either model or function", "both");
    Population p;
    if (function) {
        const std::string f = y::get_choice(function, y::child(pp, "function"), ctx,
                                            schema::choices("function"));
        p = Population::function_node(name, parse_node_function(f), g.size);
        for (const char* k : {"params", "init"})
            if (const YAML::Node n = y::optional(pop, k))
                y::fail(n, y::child(pp, k), ctx, "no " + std::string(k) + " on a function node", y::describe(n));
    } else {
        if (!model) y::fail(pop, y::child(pp, "model"), ctx, "a model (dotted template name or file.yaml:name) or a function",
                            "neither");
        const std::string mp = y::child(pp, "model");
        const std::string ref = y::get_string(model, mp, ctx);
        try {
            p = Population(name, load_template(ref, ctx.base_dir), g.size);
        } catch (const config_error& e) {
            if (!e.file.empty()) throw;
            y::fail(model, mp, ctx, e.expected, e.found);
        }
        if (const YAML::Node n = y::optional(pop, "params")) parse_values(n, y::child(pp, "params"), ctx, p, false);
        if (const YAML::Node n = y::optional(pop, "init")) parse_values(n, y::child(pp, "init"), ctx, p, true);
    }
    try {
        if (auto positions = make_positions(g, seed, index, ctx.file, y::child(pp, "positions")))
            p.set_positions(std::move(*positions));
    } catch (const config_error& e) {
        detail::rethrow_at(e, pop, ctx);
    }
    return p;
}

Connectivity parse_rule_connectivity(const YAML::Node& proj, const std::string& pp, const y::Context& ctx,
                                     bool same_population, const PopulationSpec& source, const PopulationSpec& target) {
    // Without any of them a projection would silently be all to all with weight 1.
    if (!y::optional(proj, "rule") && !y::optional(proj, "weight"))
        y::fail(proj, pp, ctx,
                "a way to give the weights: weights: (a number, {file: W.npy} or {connectome: file}), or "
                "rule: {kind: ...} with weight: (a number or a distribution), or weight: alone (all to all)",
                "none of weights, rule or weight");
    connect::Projection rule = parse_connection(proj, pp, ctx);
    rule.same_population = same_population;
    validate_connection(rule, proj, pp, ctx, source, target);
    // A single delay is a property of the projection, not drawn per connection.
    std::optional<double> delay;
    if (rule.delay.kind == connect::value_kind::constant) {
        if (rule.delay.value != 0.0) delay = rule.delay.value;
        rule.delay = connect::Value{};
    }
    Connectivity c = Connectivity::from_rule("", "", rule);
    c.delay = delay;
    return c;
}

void parse_settings(const YAML::Node& root, const y::Context& ctx, RunSettings& settings, bool require_duration) {
    if (const YAML::Node n = y::optional(root, "dt")) settings.dt = y::get_positive(n, "dt", ctx);
    if (require_duration || y::optional(root, "duration"))
        settings.duration = y::get_non_negative(y::require(root, "", ctx, "duration"), "duration", ctx);
    // Refused here, at the key's line, rather than when the run starts (steps beyond 2^53).
    const YAML::Node at = y::optional(root, "duration") ? y::optional(root, "duration") : y::optional(root, "dt");
    if (at) {
        try {
            (void)settings.steps();
        } catch (const config_error& e) {
            y::fail(at, e.key_path, ctx, e.expected, e.found);
        }
    }
    if (const YAML::Node n = y::optional(root, "solver")) {
        const std::string s = y::get_choice(n, "solver", ctx, schema::choices("solver"));
        settings.method = s == "heun"                ? sim::solver::heun
                          : s == "exponential_euler" ? sim::solver::exponential_euler
                          : s == "rk4"               ? sim::solver::rk4
                                                     : sim::solver::euler;
    }
    if (const YAML::Node n = y::optional(root, "time_unit"))
        settings.unit = time_unit_from_name(y::get_choice(n, "time_unit", ctx, schema::choices("time_unit")));
}

}  // namespace detail

bool is_network_spec_file(const std::filesystem::path& file) { return is_network_spec(y::load_file(file)); }

Network load_network(const std::filesystem::path& file, std::optional<seed_t> seed) {
    return load_network(file, seed, connect::Options{});
}

Network load_network(const std::filesystem::path& file, std::optional<seed_t> seed, const connect::Options& draw_options) {
    const y::Context ctx{file.string(), file.parent_path()};
    return parse_root(y::load_file(file), ctx, seed, draw_options);
}

Network parse_network(const std::string& yaml_text, std::optional<seed_t> seed, const std::string& file,
                      const std::filesystem::path& base_dir) {
    const y::Context ctx{file, base_dir};
    return parse_root(y::load_string(yaml_text, ctx), ctx, seed, connect::Options{});
}

namespace detail {

Network parse_network_root(const YAML::Node& root, const y::Context& ctx, std::optional<seed_t> seed,
                           const connect::Options& draw_options) {
    return parse_root(root, ctx, seed, draw_options);
}

}  // namespace detail

}  // namespace neurowire::spec
