#pragma once
// A population: N units of one model template (PyRates' PopulationTemplate) with per-unit
// parameters and initial state, optional positions — or a function node (RectiPy's
// add_func_node) that maps its input `in` to its output `out` instantly.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "build/templates.hpp"
#include "build/unit_values.hpp"
#include "core/types.hpp"
#include "sim/program.hpp"
#include "spatial/positions.hpp"

namespace neurowire::build {

struct Population {
    std::string name;
    ModelTemplate model;                                     // unused by function nodes
    sim::node_function function = sim::node_function::none;
    index_t size = 0;
    std::vector<std::pair<std::string, UnitValues>> params;  // overrides of the template defaults
    std::vector<std::pair<std::string, UnitValues>> init;    // overrides of the initial state
    std::optional<spatial::Positions> positions;

    Population() = default;
    Population(std::string name, ModelTemplate model, index_t size);
    static Population function_node(std::string name, sim::node_function f, index_t size);

    // config_error when the template has no such parameter / state variable (listing those it has).
    Population& set_param(const std::string& param, UnitValues v);
    Population& set_init(const std::string& state, UnitValues v);
    Population& set_positions(spatial::Positions p);

    bool is_function() const { return function != sim::node_function::none; }
    bool spiking() const { return !is_function() && model.spiking(); }

    std::vector<std::string> state_names() const;
    std::vector<std::string> param_names() const;
    std::vector<std::string> input_names() const;    // function nodes: {"in"}
    std::string output() const;                      // function nodes: "out"
    // Variables a continuous projection may read: states, assigned variables (function: out).
    bool is_readable(std::string_view var) const;
};

// "identity" | "sigmoid" | "tanh" | "relu" | "softmax"; config_error naming `key_path` otherwise.
sim::node_function parse_node_function(std::string_view name, const std::string& key_path = "function");
std::string_view node_function_name(sim::node_function f);

}  // namespace neurowire::build
