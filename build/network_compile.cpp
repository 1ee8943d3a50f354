// Network → sim::Program: equations through compile_equations, projections as flat arrays.
#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "build/equations/compiler.hpp"
#include "build/network.hpp"
#include "core/error.hpp"
#include "spatial/format.hpp"
#include "core/platform/memory_budget.hpp"

namespace neurowire::build {

namespace {

SourceText text(const std::string& s, const std::string& key_path, std::size_t line) { return {s, key_path, line}; }

// The population's model with its per-unit values, for the equation compiler.
ModelEquations equations_of(const Population& p, std::size_t index, seed_t seed, const std::vector<std::string>& sources,
                            const std::vector<std::string>& observed) {
    const ModelTemplate& m = p.model;
    ModelEquations e;
    e.population = p.name;
    e.size = p.size;
    e.file = m.file;
    e.key_path = m.name;
    for (std::size_t i = 0; i < m.equations.size(); ++i)
        e.equations.push_back(text(m.equations[i], m.name + ".equations[" + std::to_string(i) + "]",
                                   i < m.equation_lines.size() ? m.equation_lines[i] : 0));
    auto values = [&](const std::vector<NamedValue>& defaults, const auto& overrides, rng::purpose what,
                      const char* section) {
        std::vector<NamedValues> out;
        for (std::size_t k = 0; k < defaults.size(); ++k) {
            const auto& d = defaults[k];
            auto it = std::find_if(overrides.begin(), overrides.end(), [&](const auto& o) { return o.first == d.name; });
            if (it == overrides.end()) {
                out.push_back({d.name, {d.value}});
                continue;
            }
            const DrawKey key{seed, what, index, k};
            out.push_back({d.name, resolve_unit_values(it->second, p.size, key,
                                                       "populations." + p.name + "." + section + "." + d.name)});
        }
        return out;
    };
    e.states = values(m.state, p.init, rng::purpose::init, "init");
    e.params = values(m.params, p.params, rng::purpose::params, "params");
    e.inputs = m.inputs;
    e.output = m.output;
    e.sources = sources;
    e.observed = observed;
    if (m.spike) {
        const std::string sp = m.name + ".spike";
        SpikeEquations s;
        s.when = text(m.spike->when, sp + ".when", m.spike_line);
        for (const auto& [var, expr] : m.spike->reset) s.reset.emplace_back(var, text(expr, sp + ".reset." + var, m.spike_line));
        for (const auto& [var, expr] : m.spike->add) s.add.emplace_back(var, text(expr, sp + ".add." + var, m.spike_line));
        if (!m.spike->refractory.empty()) s.refractory = text(m.spike->refractory, sp + ".refractory", m.spike_line);
        s.held = m.spike->hold;
        e.spike = std::move(s);
    }
    return e;
}

// Variables of population `pop` that the compiled program addresses by name (array_slot below):
// recordings, external input targets and projection targets. Assignments among them keep their
// per-unit arrays; continuous projection sources are passed to the compiler as sources.
std::vector<std::string> observed_variables(const Network& net, std::size_t pop) {
    std::vector<std::string> names;
    const Population& p = net.populations()[pop];
    for (const auto& r : net.recordings()) {
        const VarRef v = split_var(r.variable);
        if (net.find_population(v.pop) == pop) names.push_back(v.var.empty() ? p.output() : v.var);
    }
    for (const auto& in : net.inputs()) {
        const VarRef v = split_var(in.target);
        if (net.find_population(v.pop) == pop && !v.var.empty()) names.push_back(v.var);
    }
    for (const auto& r : net.resolved_projections())
        if (r.target_pop == pop) names.push_back(r.target_var);
    return names;
}

// Function nodes read what other populations computed in the same step, so they run after
// every model population, and after each function node that feeds them.
std::vector<std::size_t> program_order(const std::vector<Population>& pops, const std::vector<ResolvedProjection>& projs) {
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < pops.size(); ++i)
        if (!pops[i].is_function()) order.push_back(i);
    std::vector<bool> placed(pops.size(), false);
    for (auto i : order) placed[i] = true;
    for (bool progress = true; progress;) {
        progress = false;
        for (std::size_t i = 0; i < pops.size(); ++i) {
            if (placed[i]) continue;
            const bool ready = std::all_of(projs.begin(), projs.end(), [&](const ResolvedProjection& r) {
                return r.target_pop != i || placed[r.source_pop];
            });
            if (ready) {
                order.push_back(i);
                placed[i] = progress = true;
            }
        }
    }
    for (std::size_t i = 0; i < pops.size(); ++i)
        if (!placed[i]) throw config_error("populations." + pops[i].name, "function nodes without a cycle among them",
                                           "a cycle through '" + pops[i].name + "'");
    return order;
}

std::uint32_t array_slot(const sim::PopulationProgram& pp, const std::string& var, const std::string& key_path) {
    const auto slot = pp.values.find_array(var);
    if (!slot) throw config_error(key_path, "a per-unit variable of " + pp.name, "'" + var + "'");
    return *slot;
}

// Row ranges per source of an edge table: sorted by source already (as a Connectome is), so
// row k is the k-th entry of the CSC by source, and only the pointers need counting.
std::vector<edge_t> rows_by_source(const EdgeList& c) {
    std::vector<edge_t> ptr(static_cast<std::size_t>(c.n_source) + 1, 0);
    for (std::size_t k = 0; k < c.source.size(); ++k) {
        if (k > 0 && c.source[k] < c.source[k - 1]) throw std::logic_error("edge table not sorted by source");
        ++ptr[c.source[k] + 1];
    }
    for (std::size_t j = 0; j < c.n_source; ++j) ptr[j + 1] += ptr[j];
    return ptr;
}

std::uint32_t steps_of(double delay, double dt, const std::string& key_path) {
    try {
        return delay_steps(delay, dt);
    } catch (const config_error& e) {
        throw config_error(key_path, e.expected, e.found);
    }
}

}  // namespace

config_error Network::located(const config_error& e) const {
    if (!e.file.empty() || source.file.empty()) return e;
    std::size_t line = 0, matched = 0;
    for (const auto& [path, l] : source.lines) {
        const bool prefix = e.key_path.compare(0, path.size(), path) == 0 &&
                            (e.key_path.size() == path.size() || std::string(".[ ").find(e.key_path[path.size()]) != std::string::npos);
        if (prefix && path.size() > matched) line = l, matched = path.size();
    }
    return config_error(source.file, line, 0, e.key_path, e.expected, e.found);
}

sim::Program Network::compile() const& {
    Network copy = *this;
    try {
        return copy.compile_program();
    } catch (const config_error& e) {
        throw located(e);
    }
}

sim::Program Network::compile() && {
    try {
        return compile_program();
    } catch (const config_error& e) {
        throw located(e);
    }
}

namespace {

// An event projection: the edges by source (what a spike walks), weights and delays in steps.
sim::EventProjection compile_events(ResolvedProjection& r, const std::vector<std::uint32_t>& slot,
                                    const sim::PopulationProgram& tp, double dt, const std::string& key) {
    sim::EventProjection e;
    e.name = r.name;
    e.source_pop = slot[r.source_pop];
    e.target_pop = slot[r.target_pop];
    e.target_array = array_slot(tp, r.target_var, key + ".target");
    platform::check_memory(key + ": event table of " + std::to_string(r.edges.size()) + " synapses",
                           12.0 * double(r.edges.size()) + 8.0 * double(r.edges.n_source));
    e.col_ptr = rows_by_source(r.edges);   // by source: what a spike walks
    e.targets = std::move(r.edges.target);
    e.weights.reserve(r.edges.size());
    e.delay_steps.reserve(r.per_connection_delay ? r.edges.size() : 1);
    // A spike reaches its targets no earlier than the next step (docs/architecture.md, "Runner").
    for (edge_t row = 0; row < r.edges.weight.size(); ++row) {
        e.weights.push_back(r.edges.weight[row]);
        if (r.per_connection_delay)
            e.delay_steps.push_back(std::max<std::uint32_t>(1, steps_of(r.edges.delay[row], dt, key + ".delay")));
    }
    if (!r.per_connection_delay) e.delay_steps.push_back(std::max<std::uint32_t>(1, steps_of(r.delay, dt, key + ".delay")));
    return e;
}

// A continuous projection: a dense matrix (one mat-vec per step) or a CSC table by source, with
// one delay, per-connection delays or a gamma chain.
sim::ContinuousProjection compile_continuous(ResolvedProjection& r, const std::vector<std::uint32_t>& slot,
                                             const sim::PopulationProgram& sp, const sim::PopulationProgram& tp,
                                             double dt, const std::string& key) {
    sim::ContinuousProjection c;
    c.name = r.name;
    c.source_pop = slot[r.source_pop];
    c.source_array = array_slot(sp, r.source_var, key + ".source");
    c.target_pop = slot[r.target_pop];
    c.target_array = array_slot(tp, r.target_var, key + ".target");
    if (r.dense) {
        c.dense = std::move(r.weights);
    } else {
        c.sparse = true;
        if (r.edges.size() > UINT32_MAX)
            throw config_error(key, "at most 2^32 - 1 connections in a continuous projection", std::to_string(r.edges.size()));
        const auto ptr = rows_by_source(r.edges);
        c.col_ptr.assign(ptr.begin(), ptr.end());
        c.row_idx = std::move(r.edges.target);
        c.values = std::move(r.edges.weight);
        if (r.per_connection_delay) {
            c.connection_delay_steps.reserve(r.edges.size());
            for (const double d : r.edges.delay) c.connection_delay_steps.push_back(steps_of(d, dt, key + ".delay"));
        }
    }
    if (r.spread) {
        const GammaChain g = gamma_chain(r.delay, *r.spread);
        c.gamma_order = g.order;
        c.gamma_rate = g.rate;
    } else if (!r.per_connection_delay) {
        c.delay_steps = steps_of(r.delay, dt, key + ".delay");
    }
    return c;
}

// External inputs and recordings, resolved to program slots and value arrays.
void compile_inputs(const Network& net, const std::vector<std::uint32_t>& slot, sim::Program& prog) {
    for (std::size_t k = 0; k < net.inputs().size(); ++k) {
        const std::string key = "inputs[" + std::to_string(k) + "]";
        const VarRef v = split_var(net.inputs()[k].target);
        const auto pi = net.find_population(v.pop);
        if (!pi) throw config_error(key + ".target", "pop/var of a population of the network", "'" + net.inputs()[k].target + "'");
        const ExternalInput& given = net.inputs()[k];
        sim::Input in = given.input;
        // A file input's rows are the run's steps, known only now (--duration may change them).
        if (in.kind == sim::input_kind::array && in.data.n_rows != prog.steps)
            throw config_error(given.origin.spec_file, given.origin.line, given.origin.column, key + ".file",
                               "one row per step of the run: " + std::to_string(prog.steps) + " rows (duration " +
                                   spatial::number_text(net.settings.duration) + " / dt " + spatial::number_text(net.settings.dt) + ")" +
                                   (given.origin.data_file.empty() ? "" : " in " + given.origin.data_file),
                               std::to_string(in.data.n_rows) + " rows");
        in.pop = slot[*pi];
        in.array = array_slot(prog.populations[in.pop], v.var.empty() ? net.populations()[*pi].input_names().front() : v.var,
                              key + ".target");
        if (in.name.empty()) in.name = net.inputs()[k].target;
        prog.inputs.push_back(std::move(in));
    }
}

void compile_recordings(const Network& net, const std::vector<std::uint32_t>& slot, sim::Program& prog) {
    for (std::size_t k = 0; k < net.recordings().size(); ++k) {
        const std::string key = "record.variables[" + std::to_string(k) + "]";
        const VarRef v = split_var(net.recordings()[k].variable);
        const auto pi = net.find_population(v.pop);
        if (!pi) throw config_error(key, "pop/var of a population of the network", "'" + net.recordings()[k].variable + "'");
        const std::string var = v.var.empty() ? net.populations()[*pi].output() : v.var;
        sim::RecordVariable rv;
        rv.name = v.pop + "." + var;
        rv.pop = slot[*pi];
        rv.array = array_slot(prog.populations[rv.pop], var, key);
        rv.units = net.recordings()[k].units;
        rv.every = net.recordings()[k].every;
        rv.mean = net.recordings()[k].mean;
        prog.record.variables.push_back(std::move(rv));
    }
    for (std::size_t k = 0; k < net.spike_recordings().size(); ++k) {
        const std::string& name = net.spike_recordings()[k];
        const auto pi = net.find_population(name);
        if (!pi || !net.populations()[*pi].spiking())
            throw config_error("record.spikes", "a spiking population", "'" + name + "'");
        prog.record.spikes.push_back(slot[*pi]);
        prog.record.spike_units.push_back(net.spike_recording_units()[k]);
    }
}

}  // namespace

std::uint64_t RunSettings::steps() const {
    if (!(dt > 0.0) || !std::isfinite(dt)) throw config_error("dt", "a time step > 0", std::to_string(dt));
    if (!(duration >= 0.0) || !std::isfinite(duration))
        throw config_error("duration", "a duration >= 0", std::to_string(duration));
    const double n = std::round(duration / dt);
    if (!(n <= max_steps)) {
        std::ostringstream found;
        found << "duration " << duration << " / dt " << dt << " = " << n << " steps";
        throw config_error("duration", "at most 2^53 steps of dt (duration / dt)", found.str());
    }
    return static_cast<std::uint64_t>(n);
}

sim::Program Network::compile_program() {
    const double dt = settings.dt;
    sim::Program prog;
    prog.steps = settings.steps();
    prog.dt = dt;
    prog.method = settings.method;
    prog.seed = seed_;

    const auto order = program_order(populations_, projections_);
    std::vector<std::uint32_t> slot(populations_.size());
    for (std::size_t k = 0; k < order.size(); ++k) slot[order[k]] = static_cast<std::uint32_t>(k);
    for (const std::size_t i : order) prog.populations.push_back(compile_population(i));

    for (std::size_t k = 0; k < projections_.size(); ++k) {
        ResolvedProjection& r = projections_[k];
        const std::string key = "projections[" + std::to_string(k) + "]";
        const auto& sp = prog.populations[slot[r.source_pop]];
        const auto& tp = prog.populations[slot[r.target_pop]];
        if (r.kind == projection_kind::event) prog.events.push_back(compile_events(r, slot, tp, dt, key));
        else prog.continuous.push_back(compile_continuous(r, slot, sp, tp, dt, key));
    }
    compile_inputs(*this, slot, prog);
    compile_recordings(*this, slot, prog);
    sim::validate(prog);
    return prog;
}

// One population's equations compiled into instructions (a function node as it is).
sim::PopulationProgram Network::compile_population(std::size_t i) const {
    const Population& p = populations_[i];
    if (p.is_function()) return sim::make_function_node(p.name, p.size, p.function);
    std::vector<std::string> sources;
    for (const auto& r : projections_)
        if (r.source_pop == i && r.kind == projection_kind::continuous &&
            std::find(sources.begin(), sources.end(), r.source_var) == sources.end())
            sources.push_back(r.source_var);
    ModelEquations e = equations_of(p, i, seed_, sources, observed_variables(*this, i));
    e.method = settings.method;
    e.dt = settings.dt;
    return compile_equations(e);
}

}  // namespace neurowire::build
