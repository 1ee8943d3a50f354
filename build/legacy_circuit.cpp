#include "build/legacy_circuit.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "core/error.hpp"

namespace neurowire::build {

namespace {

struct Group {
    std::string name;
    const ModelTemplate* model = nullptr;
    std::vector<std::size_t> nodes;
};

struct Placement {
    std::size_t group = 0;
    index_t unit = 0;
};

// Groups nodes by template: the same object, or templates of the same name.
std::vector<Group> group_nodes(const std::vector<LegacyNode>& nodes) {
    std::vector<Group> groups;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const ModelTemplate* m = nodes[i].model.get();
        auto it = std::find_if(groups.begin(), groups.end(), [&](const Group& g) { return g.model == m || g.model->name == m->name; });
        if (it == groups.end()) {
            const auto dot = m->name.find_last_of(".:");   // last part of a dotted or path reference
            std::string name = dot == std::string::npos ? m->name : m->name.substr(dot + 1);
            const bool taken = std::any_of(groups.begin(), groups.end(), [&](const Group& g) { return g.name == name; });
            if (taken) name.append(1, '_').append(std::to_string(groups.size()));
            groups.push_back({name, m, {}});
            it = groups.end() - 1;
        }
        it->nodes.push_back(i);
    }
    return groups;
}

}  // namespace

void LegacyCircuit::add_node(std::string name, std::shared_ptr<const ModelTemplate> model,
                             std::vector<std::pair<std::string, double>> params) {
    nodes_.push_back({std::move(name), std::move(model), std::move(params)});
}

void LegacyCircuit::add_node(std::string name, std::string_view template_ref) {
    auto& slot = loaded_[std::string(template_ref)];
    if (!slot) {
        if (!loader_)
            throw config_error("add_node", "a LegacyCircuit made with a TemplateLoader (spec::template_loader())",
                               "a template reference '" + std::string(template_ref) + "' and no loader");
        slot = std::make_shared<const ModelTemplate>(loader_(template_ref));
    }
    add_node(std::move(name), slot);
}

void LegacyCircuit::add_edge(std::string source, std::string target, double weight, double delay) {
    edges_.push_back({std::move(source), std::move(target), weight, delay});
}

void LegacyCircuit::add_edges_from_matrix(const std::string& source_var, const std::string& target_var,
                                          const std::vector<std::string>& nodes, const arma::mat& weights,
                                          double min_weight) {
    if (weights.n_rows != nodes.size() || weights.n_cols != nodes.size())
        throw config_error("weights", "a " + std::to_string(nodes.size()) + " × " + std::to_string(nodes.size()) +
                                          " matrix (n_target × n_source)",
                           std::to_string(weights.n_rows) + " × " + std::to_string(weights.n_cols));
    for (std::size_t i = 0; i < nodes.size(); ++i)
        for (std::size_t j = 0; j < nodes.size(); ++j) {
            const double w = weights(j, i);
            if (std::abs(w) > min_weight) add_edge(nodes[i] + "/" + source_var, nodes[j] + "/" + target_var, w);
        }
}

void LegacyCircuit::add_input(std::string target, sim::Input input) { inputs_.emplace_back(std::move(target), std::move(input)); }

void LegacyCircuit::record(std::string var) { recordings_.push_back(std::move(var)); }

std::pair<std::string, index_t> LegacyCircuit::locate(const std::string& name) const {
    const auto groups = group_nodes(nodes_);
    for (const auto& g : groups)
        for (std::size_t u = 0; u < g.nodes.size(); ++u)
            if (nodes_[g.nodes[u]].name == name) return {g.name, static_cast<index_t>(u)};
    throw config_error("node", "a node of the circuit", "'" + name + "'");
}

Network LegacyCircuit::to_network() const {
    const auto groups = group_nodes(nodes_);
    std::unordered_map<std::string, Placement> where;
    where.reserve(nodes_.size());
    for (std::size_t g = 0; g < groups.size(); ++g)
        for (std::size_t u = 0; u < groups[g].nodes.size(); ++u) {
            const std::string& name = nodes_[groups[g].nodes[u]].name;
            if (!where.emplace(name, Placement{g, static_cast<index_t>(u)}).second)
                throw config_error("nodes." + name, "a node name used once", "'" + name + "' again");
        }

    Network net(seed_);
    net.settings = settings;
    for (const auto& g : groups) {
        Population p(g.name, *g.model, static_cast<index_t>(g.nodes.size()));
        // Per-node parameters become per-unit values of the population.
        for (const auto& param : g.model->params) {
            std::vector<double> values(g.nodes.size(), param.value);
            bool differs = false;
            for (std::size_t u = 0; u < g.nodes.size(); ++u)
                for (const auto& [name, v] : nodes_[g.nodes[u]].params)
                    if (name == param.name) values[u] = v, differs = true;
            if (differs) p.set_param(param.name, UnitValues::list(std::move(values)));
        }
        net.add(std::move(p));
    }

    // Each edge resolved on its own: split its strings, look both nodes up by name, check the
    // variables, and append it to the edge table of its (source, target) variable pair.
    using Key = std::tuple<std::size_t, std::string, std::size_t, std::string>;
    std::map<Key, EdgeList> tables;
    for (std::size_t k = 0; k < edges_.size(); ++k) {
        const LegacyEdge& e = edges_[k];
        const std::string key = "edges[" + std::to_string(k) + "]";
        const VarRef s = split_var(e.source), t = split_var(e.target);
        const auto si = where.find(s.pop);
        if (si == where.end() || s.var.empty()) throw config_error(key + ".source", "node/var of a node of the circuit", "'" + e.source + "'");
        const auto ti = where.find(t.pop);
        if (ti == where.end() || t.var.empty()) throw config_error(key + ".target", "node/var of a node of the circuit", "'" + e.target + "'");
        const ModelTemplate& sm = *groups[si->second.group].model;
        const ModelTemplate& tm = *groups[ti->second.group].model;
        if (!sm.has_state(s.var) && !sm.has_assigned(s.var))
            throw config_error(key + ".source", "a state or assigned variable of " + sm.name, "'" + e.source + "'");
        if (!tm.has_input(t.var)) throw config_error(key + ".target", "an input variable of " + tm.name, "'" + e.target + "'");
        EdgeList& table = tables[Key{si->second.group, s.var, ti->second.group, t.var}];
        table.source.push_back(si->second.unit);
        table.target.push_back(ti->second.unit);
        table.weight.push_back(e.weight);
        table.delay.push_back(e.delay);
    }
    for (auto& [key, table] : tables) {
        const auto& [sg, svar, tg, tvar] = key;
        table.n_source = static_cast<index_t>(groups[sg].nodes.size());
        table.n_target = static_cast<index_t>(groups[tg].nodes.size());
        const bool delayed = std::any_of(table.delay.begin(), table.delay.end(), [](double d) { return d != 0.0; });
        if (!delayed) table.delay.clear();
        net.connect(Connectivity::from_edges(groups[sg].name + "/" + svar, groups[tg].name + "/" + tvar, std::move(table)));
    }

    for (const auto& [target, input] : inputs_) {
        const VarRef v = split_var(target);
        const auto it = where.find(v.pop);
        if (it == where.end()) throw config_error("inputs", "node/var of a node of the circuit", "'" + target + "'");
        ExternalInput in{groups[it->second.group].name + "/" + v.var, input};
        in.input.units = {it->second.unit};
        net.add_input(std::move(in));
    }
    for (const auto& var : recordings_) {
        bool found = false;
        for (const auto& g : groups)
            if (g.model->has_state(var) || g.model->has_assigned(var) || g.model->has_input(var)) {
                net.record({g.name + "/" + var, {}, 1, false});
                found = true;
            }
        if (!found) throw config_error("record", "a variable of the circuit's nodes", "'" + var + "'");
    }
    return net;
}

}  // namespace neurowire::build
