#include "build/network.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "build/draw_rule.hpp"
#include "core/error.hpp"
#include "core/platform/memory_budget.hpp"

namespace neurowire::build {

namespace {

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + v[i];
    return out.empty() ? "none" : out;
}

std::string shape(arma::uword rows, arma::uword cols) { return std::to_string(rows) + " × " + std::to_string(cols); }

// Edges of a sparse matrix (n_target × n_source), in (source, target) order: CSC walks sources.
EdgeList edges_of(const arma::sp_mat& w, const arma::mat* delays) {
    std::vector<index_t> src, tgt;
    std::vector<double> wt, dl;
    src.reserve(w.n_nonzero);
    tgt.reserve(w.n_nonzero);
    wt.reserve(w.n_nonzero);
    if (delays) dl.reserve(w.n_nonzero);
    for (arma::uword j = 0; j < w.n_cols; ++j)
        for (arma::uword k = w.col_ptrs[j]; k < w.col_ptrs[j + 1]; ++k) {
            const arma::uword i = w.row_indices[k];
            src.push_back(static_cast<index_t>(j));
            tgt.push_back(static_cast<index_t>(i));
            wt.push_back(w.values[k]);
            if (delays) dl.push_back((*delays)(i, j));
        }
    EdgeList c;
    c.n_source = static_cast<index_t>(w.n_cols);
    c.n_target = static_cast<index_t>(w.n_rows);
    c.source = std::move(src);
    c.target = std::move(tgt);
    c.weight = std::move(wt);
    c.delay = std::move(dl);
    return c;
}

bool any_nonzero(const std::vector<double>& v) {
    return std::any_of(v.begin(), v.end(), [](double x) { return x != 0.0; });
}

}  // namespace

VarRef split_var(const std::string& text) {
    const auto slash = text.find('/');
    if (slash == std::string::npos) return {text, ""};
    return {text.substr(0, slash), text.substr(slash + 1)};
}

edge_t ResolvedProjection::synapses() const {
    return dense ? static_cast<edge_t>(weights.n_elem) : edges.size();
}

std::size_t Network::add(Population population) {
    if (find_population(population.name))
        throw config_error("populations." + population.name, "a population name used once", "'" + population.name + "' again");
    if (population.name.empty() || population.name.find('/') != std::string::npos)
        throw config_error("populations", "a population name without '/'", "'" + population.name + "'");
    populations_.push_back(std::move(population));
    return populations_.size() - 1;
}

std::optional<std::size_t> Network::find_population(const std::string& name) const {
    for (std::size_t i = 0; i < populations_.size(); ++i)
        if (populations_[i].name == name) return i;
    return std::nullopt;
}

const Population& Network::population(const std::string& name) const {
    const auto i = find_population(name);
    if (!i) throw config_error("population", "a population of the network", "'" + name + "'");
    return populations_[*i];
}

namespace {

// Which populations and variables a projection joins, and whether it carries events (a spiking
// source) or a continuous value; errors name `key`.
ResolvedProjection resolve_endpoints(const Connectivity& c, const std::vector<Population>& populations,
                                     const std::string& key) {
    std::vector<std::string> pop_names;
    for (const auto& p : populations) pop_names.push_back(p.name);
    const auto find = [&](const std::string& name) -> std::optional<std::size_t> {
        for (std::size_t i = 0; i < populations.size(); ++i)
            if (populations[i].name == name) return i;
        return std::nullopt;
    };
    const VarRef s = split_var(c.source), t = split_var(c.target);
    const auto si = find(s.pop);
    if (!si) throw config_error(key + ".source", "a population (" + join(pop_names) + ")", "'" + c.source + "'");
    const auto ti = find(t.pop);
    if (!ti) throw config_error(key + ".target", "a population (" + join(pop_names) + ")", "'" + c.target + "'");
    const Population& sp = populations[*si];
    const Population& tp = populations[*ti];

    ResolvedProjection r;
    r.origin = c.form;
    r.source_pop = *si;
    r.target_pop = *ti;
    r.name = c.name.empty() ? s.pop + "_to_" + t.pop : c.name;
    if ((s.var.empty() && sp.spiking()) || s.var == "spikes") {
        if (!sp.spiking())
            throw config_error(key + ".source", "the spikes of a spiking population", "'" + c.source + "' (not spiking)");
        r.kind = projection_kind::event;
        r.source_var = "spikes";
    } else {
        r.source_var = s.var.empty() ? sp.output() : s.var;
        if (!sp.is_readable(r.source_var))
            throw config_error(key + ".source", "a state or assigned variable of " + s.pop + " (" + join(sp.state_names()) + ", …)",
                               "'" + c.source + "'");
    }
    if (r.kind == projection_kind::continuous) {
        const auto inputs = tp.input_names();
        if (t.var.empty() && inputs.size() == 1) r.target_var = inputs[0];
        else r.target_var = t.var;
        if (std::find(inputs.begin(), inputs.end(), r.target_var) == inputs.end())
            throw config_error(key + ".target", "an input variable of " + t.pop + " (" + join(inputs) + ")", "'" + c.target + "'");
    } else {
        r.target_var = t.var;
        if (!tp.model.has_state(r.target_var) || tp.is_function())
            throw config_error(key + ".target", "a state variable of " + t.pop + " (" + join(tp.state_names()) +
                                                ") to increment on each spike", "'" + c.target + "'");
    }

    return r;
}

// The weights in the form the program takes: a dense matrix, or an edge table (drawn here for a
// rule, with the network's seed and the projection's index keying the streams).
void take_weights(ResolvedProjection& r, Connectivity& c, const Population& sp, const Population& tp, seed_t seed,
                  std::size_t index, const std::string& key, const connect::Options& draw_options) {
    const index_t ns = sp.size, nt = tp.size;
    const std::string expected_shape = shape(nt, ns) + " (n_target × n_source)";
    switch (c.form) {
        case weights_form::scalar:
            r.dense = true;
            platform::check_memory(key + ": dense weights of " + shape(nt, ns), double(nt) * double(ns) * 8.0);
            r.weights.set_size(nt, ns);
            r.weights.fill(c.scalar);
            break;
        case weights_form::dense:
            if (c.dense.n_rows != nt || c.dense.n_cols != ns)
                throw config_error(key + ".weights", "a " + expected_shape + " matrix", shape(c.dense.n_rows, c.dense.n_cols));
            r.dense = true;
            r.weights = std::move(c.dense);
            break;
        case weights_form::sparse:
            if (c.sparse.n_rows != nt || c.sparse.n_cols != ns)
                throw config_error(key + ".weights", "a " + expected_shape + " matrix", shape(c.sparse.n_rows, c.sparse.n_cols));
            r.edges = edges_of(c.sparse, nullptr);
            break;
        case weights_form::connectome:
            if (c.connectome.n_target != nt || c.connectome.n_source != ns)
                throw config_error(key + ".weights", "a connectome of " + expected_shape,
                                   shape(c.connectome.n_target, c.connectome.n_source));
            r.edges = EdgeList::from(c.connectome);
            break;
        case weights_form::edges:
            if (c.edges.n_target != nt || c.edges.n_source != ns)
                throw config_error(key + ".weights", "an edge table of " + expected_shape, shape(c.edges.n_target, c.edges.n_source));
            for (edge_t k = 0; k < c.edges.size(); ++k)
                if (c.edges.source[k] >= ns || c.edges.target[k] >= nt)
                    throw config_error(key + ".weights", "edges between units of the populations",
                                       "edge " + std::to_string(k) + ": " + std::to_string(c.edges.source[k]) + " -> " +
                                           std::to_string(c.edges.target[k]));
            if (!c.edges.delay.empty() && c.edges.delay.size() != c.edges.size())
                throw config_error(key + ".delays", std::to_string(c.edges.size()) + " delays (one per edge) or none",
                                   std::to_string(c.edges.delay.size()));
            r.edges = std::move(c.edges);
            r.edges.sort_by_source();
            break;
        case weights_form::rule: {
            connect::Projection rule = c.rule;
            rule.name = r.name;
            rule.same_population = r.source_pop == r.target_pop;
            r.edges = EdgeList::from(draw_rule(rule, sp, tp, seed, index, key, draw_options));
            r.rule = std::move(rule);
            break;
        }
    }

}

// Delays: one scalar, or per connection (a delay matrix, or the delays of a connectome/rule),
// and the spread of a distributed delay.
void take_delays(ResolvedProjection& r, Connectivity& c, index_t ns, index_t nt, const std::string& key) {
    const std::string expected_shape = shape(nt, ns) + " (n_target × n_source)";
    if (c.delay) {
        if (!(*c.delay >= 0.0) || !std::isfinite(*c.delay))
            throw config_error(key + ".delay", "a delay >= 0", std::to_string(*c.delay));
        r.delay = *c.delay;
    }
    if (!c.delays.is_empty()) {
        if (c.form != weights_form::dense && c.form != weights_form::scalar)
            throw config_error(key + ".delays", "a delay matrix only with matrix weights", "a delay matrix");
        if (c.delays.n_rows != nt || c.delays.n_cols != ns)
            throw config_error(key + ".delays", "a " + expected_shape + " matrix", shape(c.delays.n_rows, c.delays.n_cols));
        if (c.delay) throw config_error(key + ".delay", "either a delay or a delay matrix", "both");
        r.per_connection_delay = true;
        r.dense_delays = std::move(c.delays);
    }
    if (!r.dense && any_nonzero(r.edges.delay)) {
        if (c.delay) throw config_error(key + ".delay", "no scalar delay with per-connection delays", "both");
        r.per_connection_delay = true;
    }
    if (c.spread) {
        if (r.kind == projection_kind::event)
            throw config_error(key + ".spread", "a spread only on continuous projections", "an event projection");
        if (r.per_connection_delay)
            throw config_error(key + ".spread", "a spread with one scalar delay", "per-connection delays");
        if (!(r.delay > 0.0)) throw config_error(key + ".spread", "a spread together with a delay > 0", "no delay");
        if (!(*c.spread > 0.0)) throw config_error(key + ".spread", "a spread > 0", std::to_string(*c.spread));
        r.spread = c.spread;
    }
}

// Events and per-connection delays travel along edges: the dense form keeps only plain continuous
// coupling (one BLAS mat-vec per step).
void move_to_edges_if_needed(ResolvedProjection& r) {
    if (r.dense && (r.kind == projection_kind::event || r.per_connection_delay)) {
        const arma::sp_mat w(r.weights);
        r.edges = edges_of(w, r.per_connection_delay ? &r.dense_delays : nullptr);
        r.dense = false;
        r.weights.reset();
        r.dense_delays.reset();
    }
}

}  // namespace

std::size_t Network::connect(Connectivity c) {
    const std::size_t index = projections_.size();
    const std::string key = "projections[" + std::to_string(index) + "]";
    ResolvedProjection r = resolve_endpoints(c, populations_, key);
    const Population& sp = populations_[r.source_pop];
    const Population& tp = populations_[r.target_pop];
    take_weights(r, c, sp, tp, seed_, index, key, draw_options);
    take_delays(r, c, sp.size, tp.size, key);
    move_to_edges_if_needed(r);
    projections_.push_back(std::move(r));
    return index;
}

void Network::add_input(ExternalInput input) { inputs_.push_back(std::move(input)); }
namespace {
// The name of a recording in the outputs ("pop.var"), or "" when the population is unknown
// (refused when the network is compiled).
std::string recording_name(const Network& net, const std::string& variable) {
    const VarRef v = split_var(variable);
    const auto pi = net.find_population(v.pop);
    if (!pi) return "";
    return v.pop + "." + (v.var.empty() ? net.populations()[*pi].output() : v.var);
}
}  // namespace

void Network::record(Recording r) {
    // Two recordings of one variable would write two arrays of one name: refused now, not after
    // the run.
    const std::string name = recording_name(*this, r.variable);
    for (const Recording& other : recordings_)
        if (!name.empty() && recording_name(*this, other.variable) == name)
            throw config_error("record.variables", "each variable recorded once",
                               "'" + r.variable + "' again (recorded as '" + other.variable + "', named " + name + ")");
    recordings_.push_back(std::move(r));
}

void Network::record_spikes(const std::string& population, std::vector<index_t> units) {
    if (std::find(spike_recordings_.begin(), spike_recordings_.end(), population) != spike_recordings_.end())
        throw config_error("record.spikes", "each population's spikes recorded once", "'" + population + "' again");
    spike_recordings_.push_back(population);
    spike_units_.push_back(std::move(units));
}
void Network::clear_recordings() {
    recordings_.clear();
    spike_recordings_.clear();
    spike_units_.clear();
}

index_t Network::n_units() const {
    index_t n = 0;
    for (const auto& p : populations_) n += p.size;
    return n;
}

std::vector<ProjectionInfo> Network::projections() const {
    std::vector<ProjectionInfo> out;
    for (const auto& r : projections_)
        out.push_back({r.name, populations_[r.source_pop].name + "/" + r.source_var,
                       populations_[r.target_pop].name + "/" + r.target_var, r.kind, r.dense, r.synapses()});
    return out;
}

edge_t Network::n_synapses() const {
    edge_t n = 0;
    for (const auto& r : projections_) n += r.synapses();
    return n;
}

std::string Network::summary() const {
    std::ostringstream o;
    o << "network: " << populations_.size() << " populations, " << n_units() << " units, " << projections_.size()
      << " projections, " << n_synapses() << " synapses\n";
    for (const auto& p : populations_) {
        o << "  population " << p.name << ": " << p.size << " × "
          << (p.is_function() ? "function " + std::string(node_function_name(p.function)) : p.model.name)
          << (p.spiking() ? " (spiking)" : "") << "\n";
        if (p.is_function()) continue;
        o << "    state: " << join(p.state_names()) << "\n    params: " << join(p.param_names())
          << "\n    inputs: " << join(p.input_names()) << "\n    output: " << p.output() << "\n";
    }
    for (const auto& i : projections())
        o << "  projection " << i.name << ": " << i.source << " -> " << i.target << " ("
          << (i.kind == projection_kind::event ? "event" : "continuous") << ", " << (i.dense ? "dense" : "sparse")
          << ", " << i.synapses << " synapses)\n";
    return o.str();
}

}  // namespace neurowire::build
