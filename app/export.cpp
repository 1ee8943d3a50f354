#include "app/export.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <deque>

#include "app/export_inputs.hpp"
#include "core/error.hpp"
#include "core/platform/staged_output.hpp"
#include "io/sonata.hpp"
#include "io/sonata_spikes.hpp"
#include "spec/network_spec.hpp"

namespace neurowire::app {

namespace fs = std::filesystem;
using build::Network;
using build::Population;
using build::ResolvedProjection;

namespace {

// A population's resolved per-unit values (1 value: the same for every unit), by template name.
struct UnitTable {
    std::vector<std::pair<std::string, std::vector<double>>> columns;
    const std::vector<double>& at(const std::string& name) const {
        for (const auto& [n, v] : columns)
            if (n == name) return v;
        throw std::logic_error("export: no value '" + name + "'");
    }
};

// Drawn exactly as Network::compile draws them (build/unit_values.hpp: a stream per population,
// variable and unit), so the exported network has the units `neurowire run` simulates.
UnitTable resolve(const Population& p, std::size_t index, seed_t seed) {
    UnitTable t;
    const auto add = [&](const std::vector<build::NamedValue>& defaults, const auto& overrides, rng::purpose what,
                         const char* section) {
        for (std::size_t k = 0; k < defaults.size(); ++k) {
            const auto& d = defaults[k];
            const auto it = std::find_if(overrides.begin(), overrides.end(), [&](const auto& o) { return o.first == d.name; });
            if (it == overrides.end()) {
                t.columns.push_back({d.name, {d.value}});
                continue;
            }
            const build::DrawKey key{seed, what, index, k};
            t.columns.push_back({d.name, build::resolve_unit_values(it->second, p.size, key,
                                                                     "populations." + p.name + "." + section + "." + d.name)});
        }
    };
    add(p.model.state, p.init, rng::purpose::init, "init");
    add(p.model.params, p.params, rng::purpose::params, "params");
    return t;
}

// Their value per unit; one value when all units agree.
std::vector<double> mapped(const MappedValue& m, const UnitTable& t, const std::vector<double>& bias, double g_l) {
    const double scale = m.factor * (m.gl_power ? g_l : 1.0);
    const std::vector<double> one{1.0};
    const std::vector<double>& ours = m.ours.empty() ? one : m.ours == "I_ext" ? bias : t.at(m.ours);
    std::vector<double> out(ours.size());
    for (std::size_t i = 0; i < ours.size(); ++i) out[i] = ours[i] * scale;
    if (out.size() > 1 && std::all_of(out.begin(), out.end(), [&](double x) { return x == out[0]; }))
        return std::vector<double>{out[0]};
    return out;
}

struct CellPopulation {
    const Population* pop = nullptr;
    std::size_t index = 0;
    CellModel model;
    std::vector<double> bias;   // the summed constant inputs into bias_input, per unit (1 value: all)
};

std::string model_found(const Population& p) {
    if (p.is_function()) return "the function node '" + std::string(build::node_function_name(p.function)) + "'";
    std::string s = "'" + p.model.name + "'";
    if (!p.model.file.empty()) s += " (" + p.model.file + (p.model.line ? ":" + std::to_string(p.model.line) : "") + ")";
    return s + (p.model.spiking() ? "" : ", a rate model");
}

connect::Connectome edges_of(const ResolvedProjection& p, double dt, const MappedReceptor& r, double g_l,
                             const std::string& key) {
    connect::Connectome c;
    const auto add = [&](index_t s, index_t t, double w, double d) {
        if (!(w >= 0.0) || !std::isfinite(w))
            throw config_error(key + ".weight", "weights >= 0 (a spike opens a conductance; it cannot close one)",
                               std::to_string(w) + " from unit " + std::to_string(s) + " to unit " + std::to_string(t));
        // Delays as the runner applies them: whole steps, at least one.
        const double steps = std::max<std::uint32_t>(1, build::delay_steps(d, dt));
        c.source.push_back(s);
        c.target.push_back(t);
        c.weight.push_back(static_cast<float>(w * g_l * r.factor * r.sign));
        c.delay.push_back(static_cast<float>(steps * dt));
    };
    if (p.dense) {
        c.n_source = static_cast<index_t>(p.weights.n_cols);
        c.n_target = static_cast<index_t>(p.weights.n_rows);
        for (index_t s = 0; s < c.n_source; ++s)
            for (index_t t = 0; t < c.n_target; ++t)
                if (p.weights(t, s) != 0.0)
                    add(s, t, p.weights(t, s), p.per_connection_delay ? p.dense_delays(t, s) : p.delay);
    } else {
        const build::EdgeList& e = p.edges;
        c.n_source = e.n_source;
        c.n_target = e.n_target;
        for (edge_t k = 0; k < e.size(); ++k)
            add(e.source[k], e.target[k], e.weight[k], p.per_connection_delay && k < e.delay.size() ? e.delay[k] : p.delay);
    }
    // Rows must be sorted by (source, target) for the SONATA index tables and our readers.
    std::vector<std::size_t> order(c.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return c.source[a] != c.source[b] ? c.source[a] < c.source[b] : c.target[a] < c.target[b];
    });
    connect::Connectome out;
    out.n_source = c.n_source;
    out.n_target = c.n_target;
    for (std::size_t k : order) {
        out.source.push_back(c.source[k]);
        out.target.push_back(c.target[k]);
        out.weight.push_back(c.weight[k]);
        out.delay.push_back(c.delay[k]);
    }
    return out;
}

// The shortest text that reads back as the float the edge table holds ("0.1", not 0.10000000149…).
std::string number_text(float v) {
    char buffer[32];
    const auto r = std::to_chars(buffer, buffer + sizeof buffer, v);
    return std::string(buffer, r.ptr);
}

}  // namespace

std::string ExportResult::text() const {
    std::string s = "exported " + std::to_string(populations) + " population" + (populations == 1 ? "" : "s");
    if (virtual_populations) s += " (+" + std::to_string(virtual_populations) + " virtual input populations)";
    s += ", " + std::to_string(projections) + " edge population" + (projections == 1 ? "" : "s") + ", " +
         std::to_string(edges) + " edges";
    if (input_spikes) s += ", " + std::to_string(input_spikes) + " input spikes";
    s += " -> " + folder.string() + "\n";
    for (const auto& n : notes) s += "note: " + n + "\n";
    return s;
}

ExportResult export_network(const Network& network, const fs::path& out, const ExportSettings& settings) {
    const export_target target = settings.target;
    const std::string simulator = export_target_name(target);
    const double g_l = settings.leak_conductance_ns;
    if (!(g_l > 0.0) || !std::isfinite(g_l)) throw config_error("--leak-conductance", "a positive number of nS", std::to_string(g_l));
    // SONATA counts time in ms, as every template in templates/ does: times are written as they
    // are. Once a network carries its time unit, they are to be scaled by it (1000 for seconds).
    const double dt = network.settings.dt;

    // Populations: each must be a cell model the target has.
    std::vector<CellPopulation> cells;
    for (std::size_t i = 0; i < network.populations().size(); ++i) {
        const Population& p = network.populations()[i];
        std::optional<CellModel> model = p.is_function() ? std::nullopt : find_cell_model(p.model, target);
        if (!model)
            throw config_error("populations." + p.name + (p.is_function() ? ".function" : ".model"),
                               "a model with a " + simulator + " counterpart: " + supported_models(target),
                               model_found(p) + ", which has none");
        cells.push_back({&p, i, std::move(*model), std::vector<double>{0.0}});
    }
    const auto cell_of = [&](const std::string& name) -> CellPopulation& {
        for (auto& c : cells)
            if (c.pop->name == name) return c;
        throw std::logic_error("export: unknown population " + name);
    };

    // Inputs: constants into the bias current, Poisson trains into a conductance.
    std::vector<PoissonSource> poisson;
    for (std::size_t k = 0; k < network.inputs().size(); ++k) {
        const auto& in = network.inputs()[k];
        const std::string key = "inputs[" + std::to_string(k) + "]";
        const build::VarRef v = build::split_var(in.target);
        CellPopulation& c = cell_of(v.pop);
        const std::string var = v.var.empty() ? c.pop->input_names().front() : v.var;
        const index_t n = c.pop->size;
        if (in.input.kind == sim::input_kind::constant && var == c.model.bias_input) {
            if (c.bias.size() == 1) c.bias.assign(n, c.bias[0]);
            if (in.input.units.empty())
                for (auto& b : c.bias) b += in.input.value;
            else
                for (index_t u : in.input.units) c.bias[u] += in.input.value;
            continue;
        }
        if (in.input.kind == sim::input_kind::poisson && c.model.receptor(var)) {
            poisson.push_back(poisson_source(network, k, *c.pop));
            continue;
        }
        const char* kinds[] = {"constant", "array", "sine", "step", "poisson"};
        throw config_error(key, "for " + simulator + ": a constant input into " + v.pop + "/" + c.model.bias_input +
                                    " (a bias current) or a poisson input into a conductance (" + v.pop + "/g_e, " + v.pop +
                                    "/g_i, as spikes of a virtual population)",
                           std::string("a ") + kinds[static_cast<int>(in.input.kind)] + " input into " + in.target);
    }
    for (auto& c : cells)
        if (c.bias.size() > 1 && std::all_of(c.bias.begin(), c.bias.end(), [&](double b) { return b == c.bias[0]; }))
            c.bias = std::vector<double>{c.bias[0]};

    ExportResult result;
    std::vector<io::SonataPopulation> pops;
    for (const auto& c : cells) {
        const Population& p = *c.pop;
        const UnitTable table = resolve(p, c.index, network.seed());
        io::SonataPopulation s;
        s.name = p.name;
        s.size = p.size;
        s.positions = p.positions ? &*p.positions : nullptr;
        s.model_template = c.model.model_template;
        for (const auto& m : c.model.values) {
            const std::vector<double> v = mapped(m, table, c.bias, g_l);
            if (v.size() == 1) s.dynamics_params.emplace_back(m.theirs, v[0]);
            else s.node_params.emplace_back(m.theirs, v);
        }
        if (target == export_target::nest && !s.node_params.empty()) {
            std::string names;
            for (const auto& [name, values] : s.node_params) names += (names.empty() ? "" : ", ") + name;
            result.notes.push_back("NEST's SonataNetwork (and BMTK's pointnet) set parameters per node type only: the per-unit " +
                                   names + " of " + p.name + " are in nodes.h5 /nodes/" + p.name +
                                   "/0/dynamics_params; set them on the NodeCollection after BuildNetwork");
        }
        pops.push_back(std::move(s));
    }
    for (const auto& src : poisson) {
        io::SonataPopulation s;
        s.name = src.name;
        s.size = static_cast<index_t>(src.units.size());
        s.model_type = "virtual";
        pops.push_back(std::move(s));
    }

    // Edges: spikes onto the conductances, and from each virtual population one to one.
    std::deque<connect::Connectome> tables;   // stable addresses: io::SonataProjection refers to them
    std::vector<io::SonataProjection> projections;
    const auto add_projection = [&](const std::string& name, const std::string& source, const std::string& target_pop,
                                    const MappedReceptor& r, connect::Connectome c, const CellModel& model) {
        tables.push_back(std::move(c));
        const connect::Connectome& t = tables.back();
        io::SonataProjection proj{name, source, target_pop, t, model.synapse_template, {}, {}};
        const bool one_delay = t.size() > 0 && std::all_of(t.delay.begin(), t.delay.end(), [&](float d) { return d == t.delay[0]; });
        if (one_delay) proj.type_columns.emplace_back("delay", number_text(t.delay[0]));
        else if (target == export_target::pynn)   // PyNN 0.10 reads delays per edge only from dynamics_params
            proj.edge_params.emplace_back("delay", std::vector<double>(t.delay.begin(), t.delay.end()));
        if (!r.receptor_type.empty()) proj.type_columns.emplace_back("receptor_type", r.receptor_type);
        result.edges += t.size();
        projections.push_back(std::move(proj));
    };
    const auto& resolved = network.resolved_projections();
    for (std::size_t k = 0; k < resolved.size(); ++k) {
        const ResolvedProjection& p = resolved[k];
        const std::string key = "projections[" + std::to_string(k) + "]";
        const CellPopulation& tc = cells[p.target_pop];
        const MappedReceptor* r = tc.model.receptor(p.target_var);
        if (p.kind != build::projection_kind::event || !r)
            throw config_error(key, "for " + simulator + ": spikes onto a conductance of " + tc.pop->name + " (" + tc.pop->name +
                                        "/g_e or " + tc.pop->name + "/g_i)",
                               std::string(p.kind == build::projection_kind::event ? "spikes" : "a continuous (rate) projection") +
                                   " onto " + tc.pop->name + "/" + p.target_var + " ('" + p.name + "')");
        add_projection(p.name, cells[p.source_pop].pop->name, tc.pop->name, *r, edges_of(p, dt, *r, g_l, key), tc.model);
    }
    for (const auto& src : poisson) {
        const CellPopulation& tc = cell_of(src.target_population);
        add_projection(src.name + "_to_" + src.target_population, src.name, src.target_population,
                       *tc.model.receptor(src.target_variable), poisson_edges(src, dt, g_l, *tc.model.receptor(src.target_variable)),
                       tc.model);
    }

    io::SonataWriteOptions options;
    options.run.dt_ms = dt;
    options.run.tstop_ms = dt * static_cast<double>(network.settings.steps());
    options.run.random_seed = network.seed();
    options.run.target_simulator = simulator;
    options.pynn_plan = target == export_target::pynn;
    for (const auto& src : poisson) options.inputs.push_back({src.name, src.name, "inputs/" + src.name + ".h5"});

    platform::StagedOutput staged(out);
    io::write_sonata(staged.staging(), pops, projections, options);
    if (!poisson.empty()) fs::create_directories(staged.staging() / "sonata" / "inputs");
    for (const auto& src : poisson) {
        const PoissonTrains trains = poisson_trains(src, options.run.tstop_ms);
        io::write_sonata_spikes(staged.staging() / "sonata" / "inputs" / (src.name + ".h5"),
                                {{src.name, trains.times, trains.nodes}});
        result.input_spikes += trains.times.size();
    }
    result.files = staged.commit();
    result.folder = out / "sonata";
    result.populations = cells.size();
    result.virtual_populations = poisson.size();
    result.projections = projections.size();
    return result;
}

ExportResult export_spec(const ExportOptions& options) {
    if (options.format != "sonata") throw config_error("--format", "sonata", "'" + options.format + "'");
    if (!spec::is_network_spec_file(options.spec))
        throw config_error(options.spec.string(), 0, 0, "", "a network spec (models, dt, duration)",
                           "a connectome spec; `neurowire connect SPEC --format sonata` writes its connectomes");
    const Network network = spec::load_network(options.spec, options.seed);
    try {
        return export_network(network, options.out, options.settings);
    } catch (const config_error& e) {
        if (!e.file.empty()) throw;
        throw config_error(options.spec.string(), 0, 0, e.key_path, e.expected, e.found);
    }
}

}  // namespace neurowire::app
