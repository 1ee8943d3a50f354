#include "build/population.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace neurowire::build {

namespace {

std::string names_of(const std::vector<NamedValue>& v) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + v[i].name;
    return out.empty() ? "none" : out;
}

void set(std::vector<std::pair<std::string, UnitValues>>& into, const std::string& name, UnitValues v) {
    auto it = std::find_if(into.begin(), into.end(), [&](const auto& p) { return p.first == name; });
    if (it != into.end()) it->second = std::move(v);
    else into.emplace_back(name, std::move(v));
}

}  // namespace

Population::Population(std::string name_, ModelTemplate model_, index_t size_)
    : name(std::move(name_)), model(std::move(model_)), size(size_) {
    if (size == 0) throw config_error("populations." + name + ".size", "a size >= 1", "0");
}

Population Population::function_node(std::string name, sim::node_function f, index_t size) {
    if (size == 0) throw config_error("populations." + name + ".size", "a size >= 1", "0");
    Population p;
    p.name = std::move(name);
    p.function = f;
    p.size = size;
    return p;
}

Population& Population::set_param(const std::string& param, UnitValues v) {
    if (is_function() || !model.has_param(param))
        throw config_error("populations." + name + ".params." + param,
                           "a parameter of " + (is_function() ? std::string("the model (function nodes have none)")
                                                              : model.name + " (" + names_of(model.params) + ")"),
                           "'" + param + "'");
    set(params, param, std::move(v));
    return *this;
}

Population& Population::set_init(const std::string& state, UnitValues v) {
    if (is_function() || !model.has_state(state))
        throw config_error("populations." + name + ".init." + state,
                           "a state variable of " + (is_function() ? std::string("the model (function nodes have none)")
                                                                   : model.name + " (" + names_of(model.state) + ")"),
                           "'" + state + "'");
    set(init, state, std::move(v));
    return *this;
}

Population& Population::set_positions(spatial::Positions p) {
    if (p.size() != size)
        throw config_error("populations." + name + ".positions", std::to_string(size) + " positions (one per unit)",
                           std::to_string(p.size()));
    positions = std::move(p);
    return *this;
}

std::vector<std::string> Population::state_names() const {
    std::vector<std::string> out;
    if (is_function()) return out;
    for (const auto& v : model.state) out.push_back(v.name);
    return out;
}

std::vector<std::string> Population::param_names() const {
    std::vector<std::string> out;
    if (is_function()) return out;
    for (const auto& v : model.params) out.push_back(v.name);
    return out;
}

std::vector<std::string> Population::input_names() const {
    if (is_function()) return {"in"};
    return model.inputs;
}

std::string Population::output() const { return is_function() ? "out" : model.output; }

bool Population::is_readable(std::string_view var) const {
    if (is_function()) return var == "out";
    return model.has_state(var) || model.has_assigned(var);
}

sim::node_function parse_node_function(std::string_view name, const std::string& key_path) {
    using f = sim::node_function;
    for (f k : {f::identity, f::sigmoid, f::tanh, f::relu, f::softmax})
        if (node_function_name(k) == name) return k;
    throw config_error(key_path, "identity, sigmoid, tanh, relu or softmax", "'" + std::string(name) + "'");
}

std::string_view node_function_name(sim::node_function f) {
    switch (f) {
        case sim::node_function::none: return "none";
        case sim::node_function::identity: return "identity";
        case sim::node_function::sigmoid: return "sigmoid";
        case sim::node_function::tanh: return "tanh";
        case sim::node_function::relu: return "relu";
        case sim::node_function::softmax: return "softmax";
    }
    return "none";
}

}  // namespace neurowire::build
