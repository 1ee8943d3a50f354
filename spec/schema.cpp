#include "spec/schema.hpp"

#include <stdexcept>

namespace neurowire::spec::schema {

namespace {

std::vector<std::string> with_connection(std::vector<std::string> keys) {
    for (const char* k : {"rule", "kernel", "mask", "weight", "delay"}) keys.push_back(k);
    return keys;
}

}  // namespace

const std::vector<Section>& sections() {
    static const std::vector<Section> all = {
        // connectome spec
        {"connectome", {"seed", "populations", "projections"}},
        {"connectome.population", {"size", "positions"}},
        {"connection", with_connection({})},
        {"connectome.projection", with_connection({"name", "source", "target"})},
        {"positions.grid", {"kind", "extent", "periodic", "shape"}},
        {"positions.uniform", {"kind", "extent", "periodic"}},
        {"positions.gaussian", {"kind", "mean", "std"}},
        {"positions.ball", {"kind", "center", "radius"}},
        {"positions.file", {"kind", "path"}},
        {"rule.all_to_all", {"kind", "autapses"}},
        {"rule.one_to_one", {"kind", "autapses"}},
        {"rule.pairwise_bernoulli", {"kind", "p", "autapses"}},
        {"rule.fixed_outdegree", {"kind", "k", "autapses", "multapses"}},
        {"rule.fixed_indegree", {"kind", "k", "autapses", "multapses"}},
        {"rule.fixed_total_number", {"kind", "n", "autapses", "multapses"}},
        {"kernel.gaussian", {"kind", "sigma"}},
        {"kernel.exponential", {"kind", "lambda"}},
        {"kernel.step", {"kind", "radius"}},
        {"kernel.linear", {"kind", "radius"}},
        {"mask.ball", {"kind", "radius"}},
        {"mask.box", {"kind", "lower", "upper"}},
        {"mask.annulus", {"kind", "inner", "outer"}},
        {"value.constant", {"kind", "value"}},
        {"value.uniform", {"kind", "low", "high"}},
        {"value.normal", {"kind", "mean", "std", "min", "max"}},
        {"value.lognormal", {"kind", "mu", "sigma"}},
        {"value.distance", {"kind", "w0", "scale"}},            // a weight
        {"delay_value.distance", {"kind", "velocity", "offset"}},   // a delay
        // network spec
        {"network", {"seed", "dt", "duration", "solver", "time_unit", "populations", "projections", "inputs", "record"}},
        {"network.population", {"model", "function", "size", "params", "init", "positions"}},
        {"network.projection", with_connection({"name", "source", "target", "weights", "spread"})},
        {"weights", {"file", "connectome", "population"}},
        {"unit_values.file", {"file"}},
        {"input", {"target", "units", "value", "file", "sine", "step", "poisson"}},
        {"input.sine", {"amplitude", "frequency", "phase", "offset"}},
        {"input.step", {"times", "values"}},
        {"input.poisson", {"rate", "weight"}},
        {"record", {"variables", "spikes"}},
        {"record.variable", {"var", "units", "every", "mean"}},
        {"record.spikes", {"pop", "units"}},
        // template files
        {"template", {"base", "description", "time_unit", "equations", "state", "params", "inputs", "output", "spike"}},
        {"template.spike", {"when", "reset", "add", "refractory", "hold"}},
    };
    return all;
}

const std::vector<std::string>& keys(std::string_view section) {
    for (const auto& s : sections())
        if (s.name == section) return s.keys;
    throw std::logic_error("schema: no section '" + std::string(section) + "'");
}

const std::vector<std::string>& connection_keys() { return keys("connection"); }

const std::vector<std::string>& choices(std::string_view area) {
    struct Choice {
        std::string area;
        std::vector<std::string> values;
    };
    static const std::vector<Choice> all = [] {
        std::vector<Choice> out;
        auto add_kinds = [&](const std::string& area, std::initializer_list<const char*> more) {
            Choice c{area, {}};
            const std::string prefix = area + ".";
            for (const auto& s : sections())
                if (s.name.compare(0, prefix.size(), prefix) == 0) c.values.push_back(s.name.substr(prefix.size()));
            for (const char* m : more) c.values.push_back(m);
            out.push_back(std::move(c));
        };
        for (const char* area : {"positions", "rule", "kernel", "mask"}) add_kinds(area, {});
        add_kinds("value", {});
        out.push_back({"solver", {"euler", "heun", "exponential_euler", "rk4"}});
        out.push_back({"time_unit", {"ms", "s", "none"}});
        out.push_back({"function", {"identity", "sigmoid", "tanh", "relu", "softmax"}});
        return out;
    }();
    for (const auto& c : all)
        if (c.area == area) return c.values;
    throw std::logic_error("schema: no choice '" + std::string(area) + "'");
}

}  // namespace neurowire::spec::schema
