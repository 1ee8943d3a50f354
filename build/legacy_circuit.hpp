#pragma once
// The legacy circuit API (PyRates' CircuitTemplate with nodes and edges): every node is one unit,
// every edge its own object naming its endpoints as strings ("node/var"), resolved by name only
// when the circuit is compiled. N nodes coupled all to all are N² edge objects.
//
// It exists so users can measure what the matrix path (Population + Connectivity) saves: it
// builds the same network and gives the same trajectories, at O(N²) objects, string handling and
// name lookups. The compiled program evaluates the coupling edge by edge (one sparse entry per
// edge), where the matrix path does one dense mat-vec.
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <armadillo>

#include "build/network.hpp"
#include "build/templates.hpp"
#include "sim/program.hpp"

namespace neurowire::build {

struct LegacyNode {
    std::string name;
    std::shared_ptr<const ModelTemplate> model;
    std::vector<std::pair<std::string, double>> params;   // overrides of the template defaults
};

struct LegacyEdge {
    std::string source;   // "node/var"
    std::string target;   // "node/var" (an input variable of the target's model)
    double weight = 1.0;
    double delay = 0.0;   // time units
};

// Turns a template reference ("neural_mass_models.wilsoncowan.exc_pop") into a template; the
// template files are read above this module (spec::template_loader()).
using TemplateLoader = std::function<ModelTemplate(std::string_view ref)>;

class LegacyCircuit {
public:
    explicit LegacyCircuit(seed_t seed = 0, TemplateLoader loader = {}) : seed_(seed), loader_(std::move(loader)) {}

    // A node of one unit. Nodes sharing a template object (or template name) are stored side by
    // side in the compiled program, as PyRates vectorises them.
    void add_node(std::string name, std::shared_ptr<const ModelTemplate> model,
                  std::vector<std::pair<std::string, double>> params = {});
    // By reference, through the circuit's TemplateLoader (config_error without one).
    void add_node(std::string name, std::string_view template_ref);
    void add_edge(std::string source, std::string target, double weight = 1.0, double delay = 0.0);
    // PyRates' add_edges_from_matrix: for every source node i and target node j with
    // |W(j, i)| > min_weight an edge "nodes[i]/source_var" → "nodes[j]/target_var" of weight W(j, i).
    void add_edges_from_matrix(const std::string& source_var, const std::string& target_var,
                               const std::vector<std::string>& nodes, const arma::mat& weights,
                               double min_weight = 1e-6);
    // External input to one node's variable ("node/var").
    void add_input(std::string target, sim::Input input);
    // Records `var` of every node that has it: one trace per template population
    // ("<population>.<var>", one column per node in insertion order; see locate()).
    void record(std::string var);

    std::size_t n_nodes() const { return nodes_.size(); }
    std::size_t n_edges() const { return edges_.size(); }
    const std::vector<LegacyNode>& nodes() const { return nodes_; }
    const std::vector<LegacyEdge>& edges() const { return edges_; }

    RunSettings settings;

    // Resolves every name: nodes become units of one population per template ("<template>" with
    // its nodes in insertion order), edges one sparse projection per (source population and
    // variable, target population and variable), built edge by edge. Unknown nodes or variables
    // are config_errors naming the edge.
    Network to_network() const;
    sim::Program compile() const { return to_network().compile(); }

    // Where node `name` ended up: population name and unit (after to_network()).
    std::pair<std::string, index_t> locate(const std::string& name) const;

private:
    seed_t seed_ = 0;
    TemplateLoader loader_;
    std::vector<LegacyNode> nodes_;
    std::vector<LegacyEdge> edges_;
    std::vector<std::pair<std::string, sim::Input>> inputs_;
    std::vector<std::string> recordings_;
    std::unordered_map<std::string, std::shared_ptr<const ModelTemplate>> loaded_;   // by reference
};

}  // namespace neurowire::build
