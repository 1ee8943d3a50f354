// The network spec's per-unit values, inputs and recordings (see network_spec.cpp for the rest).
#include <cmath>

#include "spec/connectome_spec.hpp"
#include "spec/schema.hpp"
#include "spec/connectome_spec_detail.hpp"
#include "spec/network_spec_detail.hpp"
#include "io/npy.hpp"

namespace neurowire::spec::detail {

using namespace build;   // the network types this module fills in

namespace y = yaml;

namespace {

std::filesystem::path relative(const y::Context& ctx, const std::string& file) {
    const std::filesystem::path p(file);
    return p.is_absolute() ? p : ctx.base_dir / p;
}

io::Array read_npy_at(const YAML::Node& node, const std::string& path, const y::Context& ctx) {
    const std::filesystem::path file = relative(ctx, y::get_string(node, path, ctx));
    try {
        return io::read_npy(file);
    } catch (const file_error& e) {
        y::fail(node, path, ctx, "a readable .npy file", e.what());
    }
}

std::vector<index_t> parse_units(const YAML::Node& node, const std::string& path, const y::Context& ctx, index_t n) {
    y::require_list(node, path, ctx);
    std::vector<index_t> units;
    for (std::size_t i = 0; i < node.size(); ++i) {
        const std::uint64_t u = y::get_uint(node[i], y::item(path, i), ctx);
        if (u >= n) y::fail(node[i], y::item(path, i), ctx, "a unit index below the population size " + std::to_string(n));
        units.push_back(static_cast<index_t>(u));
    }
    return units;
}

index_t population_size(const Network& net, const std::string& pop) { return net.population(pop).size; }

}  // namespace

void rethrow_at(const config_error& e, const YAML::Node& node, const y::Context& ctx) {
    if (!e.file.empty()) throw e;
    // Point at the key the error is about when the node holds it (projections[2].target → target).
    // (Never assign one YAML::Node to another: that writes through to the document.)
    const auto dot = e.key_path.rfind('.');
    const YAML::Node child = node.IsMap() && dot != std::string::npos ? y::optional(node, e.key_path.substr(dot + 1))
                                                                      : YAML::Node();
    y::fail(child ? child : node, e.key_path, ctx, e.expected, e.found);
}

UnitValues parse_unit_values(const YAML::Node& node, const std::string& path, const y::Context& ctx, index_t n) {
    if (node.IsScalar()) return UnitValues(y::get_double(node, path, ctx));
    if (node.IsSequence()) {
        const auto v = y::get_double_list(node, path, ctx, 1, n);
        if (v.size() != n && v.size() != 1) y::fail(node, path, ctx, std::to_string(n) + " values (one per unit)",
                                                    std::to_string(v.size()) + " values");
        return UnitValues::list(v);
    }
    if (!node.IsMap()) y::fail(node, path, ctx, "a number, a list of numbers, {file: x.npy} or a distribution");
    if (const YAML::Node f = y::optional(node, "file")) {
        y::check_keys(node, path, ctx, schema::keys("unit_values.file"));
        const io::Array a = read_npy_at(f, y::child(path, "file"), ctx);
        if (a.size() != n)
            y::fail(f, y::child(path, "file"), ctx, std::to_string(n) + " values (one per unit)", std::to_string(a.size()) + " values");
        std::vector<double> v(n);
        for (std::size_t i = 0; i < n; ++i) v[i] = a.value_at(i);
        return UnitValues::list(std::move(v));
    }
    const connect::Value d = parse_weight(node, path, ctx);
    if (d.kind == connect::value_kind::distance)
        y::fail(node, y::child(path, "kind"), ctx, "uniform, normal or lognormal (only weights and delays depend on distance)",
                "'distance'");
    return UnitValues::drawn(d);
}

VarRef parse_var_ref(const YAML::Node& node, const std::string& path, const y::Context& ctx, const Network& net) {
    const std::string text = y::get_string(node, path, ctx);
    const VarRef v = split_var(text);
    if (!net.find_population(v.pop)) {
        std::vector<std::string> names;
        for (const auto& p : net.populations()) names.push_back(p.name);
        y::fail(node, path, ctx, "pop or pop/var naming a population (" + y::join_choices(names) + ")", "'" + text + "'");
    }
    return v;
}

sim::Input parse_input_form(const YAML::Node& in, const std::string& ip, const y::Context& ctx, index_t width) {
    sim::Input input;
    int forms = 0;
    if (const YAML::Node x = y::optional(in, "value")) {
        ++forms;
        input.kind = sim::input_kind::constant;
        input.value = y::get_double(x, y::child(ip, "value"), ctx);
    }
    if (const YAML::Node x = y::optional(in, "file")) {
        ++forms;
        const std::string fp = y::child(ip, "file");
        const io::Array a = read_npy_at(x, fp, ctx);
        const std::size_t cols = a.shape.size() == 2 ? a.shape[1] : 1;
        if (a.shape.empty() || a.shape.size() > 2 || (cols != width && cols != 1))
            y::fail(x, fp, ctx, "a steps × " + std::to_string(width) + " array (or one column for all units)",
                    "an array of " + std::to_string(a.shape.size()) + " dimensions, " + std::to_string(cols) + " columns");
        input.kind = sim::input_kind::array;
        input.data.set_size(a.shape[0], width);
        for (std::size_t r = 0; r < a.shape[0]; ++r)
            for (std::size_t c = 0; c < width; ++c) input.data(r, c) = a.value_at(r * cols + (cols == 1 ? 0 : c));
    }
    if (const YAML::Node x = y::optional(in, "sine")) {
        ++forms;
        const std::string sp = y::child(ip, "sine");
        y::require_map(x, sp, ctx);
        y::check_keys(x, sp, ctx, schema::keys("input.sine"));
        input.kind = sim::input_kind::sine;
        input.amplitude = y::get_double(y::require(x, sp, ctx, "amplitude"), y::child(sp, "amplitude"), ctx);
        input.frequency = y::get_non_negative(y::require(x, sp, ctx, "frequency"), y::child(sp, "frequency"), ctx);
        if (const YAML::Node p = y::optional(x, "phase")) input.phase = y::get_double(p, y::child(sp, "phase"), ctx);
        if (const YAML::Node p = y::optional(x, "offset")) input.offset = y::get_double(p, y::child(sp, "offset"), ctx);
    }
    if (const YAML::Node x = y::optional(in, "step")) {
        ++forms;
        const std::string sp = y::child(ip, "step");
        y::require_map(x, sp, ctx);
        y::check_keys(x, sp, ctx, schema::keys("input.step"));
        input.kind = sim::input_kind::step;
        input.step_times = y::get_double_list(y::require(x, sp, ctx, "times"), y::child(sp, "times"), ctx, 1, SIZE_MAX);
        input.step_values = y::get_double_list(y::require(x, sp, ctx, "values"), y::child(sp, "values"), ctx,
                                               input.step_times.size(), input.step_times.size());
    }
    if (const YAML::Node x = y::optional(in, "poisson")) {
        ++forms;
        const std::string pp = y::child(ip, "poisson");
        y::require_map(x, pp, ctx);
        y::check_keys(x, pp, ctx, schema::keys("input.poisson"));
        input.kind = sim::input_kind::poisson;
        input.rate = y::get_non_negative(y::require(x, pp, ctx, "rate"), y::child(pp, "rate"), ctx);
        input.weight = y::get_float32(y::require(x, pp, ctx, "weight"), y::child(pp, "weight"), ctx);
    }
    if (forms != 1) y::fail(in, ip, ctx, "exactly one of value, file, sine, step, poisson", std::to_string(forms) + " of them");
    return input;
}

ExternalInput parse_input(const YAML::Node& in, const std::string& ip, const y::Context& ctx, const Network& net) {
    y::require_map(in, ip, ctx);
    y::check_keys(in, ip, ctx, schema::keys("input"));
    ExternalInput e;
    const YAML::Node target = y::require(in, ip, ctx, "target");
    const VarRef v = parse_var_ref(target, y::child(ip, "target"), ctx, net);
    e.target = target.Scalar();
    const index_t n = population_size(net, v.pop);
    std::vector<index_t> units;
    if (const YAML::Node u = y::optional(in, "units")) units = parse_units(u, y::child(ip, "units"), ctx, n);
    const index_t width = units.empty() ? n : static_cast<index_t>(units.size());
    e.input = parse_input_form(in, ip, ctx, width);
    e.input.units = std::move(units);
    if (const YAML::Node f = y::optional(in, "file")) {
        e.origin.spec_file = ctx.file;
        e.origin.data_file = relative(ctx, y::get_string(f, y::child(ip, "file"), ctx)).filename().string();
        const YAML::Mark mark = f.Mark();
        if (mark.line >= 0) {
            e.origin.line = static_cast<std::size_t>(mark.line) + 1;
            e.origin.column = static_cast<std::size_t>(mark.column) + 1;
        }
    }
    return e;
}

void parse_inputs(const YAML::Node& node, const y::Context& ctx, Network& net) {
    y::require_list(node, "inputs", ctx);
    for (std::size_t i = 0; i < node.size(); ++i) net.add_input(parse_input(node[i], y::item("inputs", i), ctx, net));
}

void parse_record(const YAML::Node& node, const y::Context& ctx, Network& net) {
    y::require_map(node, "record", ctx);
    y::check_keys(node, "record", ctx, schema::keys("record"));
    if (const YAML::Node vars = y::optional(node, "variables")) {
        y::require_list(vars, "record.variables", ctx);
        for (std::size_t i = 0; i < vars.size(); ++i) {
            const std::string vp = y::item("record.variables", i);
            Recording r;
            const bool detailed = vars[i].IsMap();
            if (detailed) y::check_keys(vars[i], vp, ctx, schema::keys("record.variable"));
            // (A YAML::Node assigned to another writes through to the referenced node: pick once.)
            const YAML::Node var = detailed ? y::require(vars[i], vp, ctx, "var") : vars[i];
            const std::string var_path = detailed ? y::child(vp, "var") : vp;
            const VarRef v = parse_var_ref(var, var_path, ctx, net);
            r.variable = var.Scalar();
            const Population& p = net.population(v.pop);
            const std::string name = v.var.empty() ? p.output() : v.var;
            const auto inputs = p.input_names();
            if (!p.is_readable(name) && std::find(inputs.begin(), inputs.end(), name) == inputs.end())
                y::fail(var, var_path, ctx, "a state, assigned or input variable of " + v.pop, "'" + r.variable + "'");
            if (detailed) {
                if (const YAML::Node u = y::optional(vars[i], "units"))
                    r.units = parse_units(u, y::child(vp, "units"), ctx, p.size);
                if (const YAML::Node e = y::optional(vars[i], "every")) {
                    const std::uint64_t every = y::get_uint(e, y::child(vp, "every"), ctx);
                    if (every == 0 || every > UINT32_MAX) y::fail(e, y::child(vp, "every"), ctx, "a number of steps >= 1");
                    r.every = static_cast<std::uint32_t>(every);
                }
                if (const YAML::Node m = y::optional(vars[i], "mean")) r.mean = y::get_bool(m, y::child(vp, "mean"), ctx);
            }
            try {
                net.record(std::move(r));
            } catch (const config_error& e) {
                y::fail(var, var_path, ctx, e.expected, e.found);
            }
        }
    }
    if (const YAML::Node spikes = y::optional(node, "spikes")) {
        y::require_list(spikes, "record.spikes", ctx);
        for (std::size_t i = 0; i < spikes.size(); ++i) {
            const std::string sp = y::item("record.spikes", i);
            // "pop", or {pop: NAME, units: [..]} for some of its units.
            const bool detailed = spikes[i].IsMap();
            if (detailed) y::check_keys(spikes[i], sp, ctx, schema::keys("record.spikes"));
            const YAML::Node pop = detailed ? y::require(spikes[i], sp, ctx, "pop") : spikes[i];
            const std::string pop_path = detailed ? y::child(sp, "pop") : sp;
            const VarRef v = parse_var_ref(pop, pop_path, ctx, net);
            if (!v.var.empty() || !net.population(v.pop).spiking())
                y::fail(pop, pop_path, ctx, "a spiking population", "'" + pop.Scalar() + "'");
            std::vector<index_t> units;
            if (detailed)
                if (const YAML::Node u = y::optional(spikes[i], "units"))
                    units = parse_units(u, y::child(sp, "units"), ctx, net.population(v.pop).size);
            try {
                net.record_spikes(v.pop, std::move(units));
            } catch (const config_error& e) {
                y::fail(spikes[i], sp, ctx, e.expected, e.found);
            }
        }
    }
}

}  // namespace neurowire::spec::detail
