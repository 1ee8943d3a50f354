// The LegacyCircuit class: PyRates' node-and-edge API, one object per edge (seed 000, Section 4).
#include <memory>
#include <mutex>
#include <unordered_map>

#include "build/legacy_circuit.hpp"
#include "core/error.hpp"
#include "python/src/network.hpp"
#include "spec/from_tree.hpp"
#include "spec/template_file.hpp"

namespace neurowire::python {

namespace {

struct PyLegacy {
    build::LegacyCircuit circuit;
    mutable std::mutex mutex;   // held while `circuit` is read or changed (to_network runs without the GIL)
    // One template object per reference: nodes sharing it are stored side by side.
    std::unordered_map<std::string, std::shared_ptr<const build::ModelTemplate>> templates;

    explicit PyLegacy(seed_t seed) : circuit(seed, spec::template_loader()) {}
};

void add_legacy_node(PyLegacy& self, const std::string& name, const std::string& model, py::object params) {
    const Guard guard(self.mutex);
    auto& slot = self.templates[model];
    if (!slot) {
        try {
            slot = std::make_shared<const build::ModelTemplate>(spec::load_template(model, fs::current_path()));
        } catch (...) {
            self.templates.erase(model);
            throw;
        }
    }
    std::vector<std::pair<std::string, double>> values;
    if (!params.is_none()) {
        for (const auto& [k, v] : params.cast<py::dict>()) {
            const std::string key = py::str(k);
            if (!slot->has_param(key))
                throw config_error("nodes." + name + ".params." + key, "a parameter of " + slot->name, "'" + key + "'");
            if (!is_number(v)) throw config_error("nodes." + name + ".params." + key, "a number", std::string(py::str(v)));
            values.emplace_back(key, v.cast<double>());
        }
    }
    self.circuit.add_node(name, slot, std::move(values));
}

void add_legacy_input(PyLegacy& self, const std::string& target, py::object data, py::object value, py::object sine,
               py::object step, py::object poisson) {
    const Guard guard(self.mutex);
    sim::Input input;
    if (!data.is_none()) {
        const std::vector<double> v = doubles_of(data, "data");
        input.kind = sim::input_kind::array;
        input.data = arma::mat(v.data(), v.size(), 1);
    } else {
        input = spec::input_form_from_tree(
            map_of({{"value", value}, {"sine", sine}, {"step", step}, {"poisson", poisson}}), 1);
    }
    self.circuit.add_input(target, std::move(input));
}

}  // namespace

void bind_legacy(py::module_& m) {
    py::class_<PyLegacy>(m, "LegacyCircuit", R"doc(
PyRates' legacy circuit API: every node one unit, every edge its own object naming its
endpoints as "node/var" strings, resolved by name when the circuit is built. N all-to-all
coupled nodes are N² edge objects — it exists to measure what the matrix path saves (seed 000,
Section 4); it gives the same trajectories as the Network built from the matrix.

    c = nw.LegacyCircuit(dt=1e-3)
    for k in range(n): c.add_node(f"e{k}", "neural_mass_models.wilsoncowan.exc_pop")
    c.add_edges_from_matrix("r", "r_in", [f"e{k}" for k in range(n)], W)
    rec = c.run(2.0)          # traces "exc_pop.r": one column per node, in insertion order
)doc")
        .def(py::init([](py::object seed, double dt, py::object duration) {
                 auto c = std::make_unique<PyLegacy>(seed_of(seed));
                 spec::settings_from_tree(map_of({{"dt", py::float_(dt)}, {"duration", duration}}), c->circuit.settings);
                 return c;
             }),
             py::arg("seed") = 0, py::arg("dt") = 1e-3, py::arg("duration") = py::none(),
             "An empty circuit: ``seed`` of every draw, time step ``dt``, default ``duration`` of run().")
        .def("add_node", &add_legacy_node, py::arg("name"), py::arg("template"), py::arg("params") = py::none(),
             "A node of one unit of a template (dotted name or file.yaml:name), with optional parameter overrides.")
        .def("add_edge", [](PyLegacy& self, const std::string& source, const std::string& target, double weight,
                            double delay) { const Guard guard(self.mutex); self.circuit.add_edge(source, target, weight, delay); },
             py::arg("source"), py::arg("target"), py::arg("weight") = 1.0, py::arg("delay") = 0.0,
             "One edge \"node/var\" -> \"node/var\" (an input variable of the target's model).")
        .def("add_edges_from_matrix", [](PyLegacy& self, const std::string& source_var, const std::string& target_var,
                                         const std::vector<std::string>& nodes, py::object weights, double min_weight) {
                 const Guard guard(self.mutex);
                 const arma::mat w = matrix_of(weights, "weights");
                 py::gil_scoped_release release;
                 self.circuit.add_edges_from_matrix(source_var, target_var, nodes, w, min_weight);
             },
             py::arg("source_var"), py::arg("target_var"), py::arg("nodes"), py::arg("weights"), py::arg("min_weight") = 1e-6,
             "PyRates' add_edges_from_matrix: an edge nodes[i]/source_var -> nodes[j]/target_var of weight "
             "weights[j, i] wherever |weights[j, i]| > min_weight.")
        .def("add_input", &add_legacy_input, py::arg("target"), py::arg("data") = py::none(), py::kw_only(),
             py::arg("value") = py::none(), py::arg("sine") = py::none(), py::arg("step") = py::none(),
             py::arg("poisson") = py::none(),
             "External input to one node's variable (\"node/var\"): data (one value per step) or value=, sine=, step=, "
             "poisson= as in a network spec.")
        .def("record", [](PyLegacy& self, const std::string& var) { const Guard guard(self.mutex); self.circuit.record(var); }, py::arg("var"),
             "Records ``var`` of every node that has it: one trace per template, one column per node.")
        .def_property_readonly("n_nodes", [](const PyLegacy& s) { const Guard guard(s.mutex); return s.circuit.n_nodes(); },
                               "Number of nodes (units).")
        .def_property_readonly("n_edges", [](const PyLegacy& s) { const Guard guard(s.mutex); return s.circuit.n_edges(); },
                               "Number of edge objects.")
        .def_property_readonly("nodes", [](const PyLegacy& s) {
                 const Guard guard(s.mutex);
            std::vector<std::string> names;
            for (const auto& n : s.circuit.nodes()) names.push_back(n.name);
            return names;
        }, "Node names, in insertion order.")
        .def("locate", [](const PyLegacy& s, const std::string& name) { const Guard guard(s.mutex); return s.circuit.locate(name); }, py::arg("node"),
             "(population, unit) where a node ends up in the built network.")
        .def("to_network", [](const PyLegacy& s) {
                 const Guard guard(s.mutex);
                 PyNetwork n;
                 py::gil_scoped_release release;
                 n.net = s.circuit.to_network();
                 return n;
             },
             "Resolves every name and builds the Network (one population per template, one edge table per "
             "pair of variables, edge by edge).")
        .def("run", [](const PyLegacy& s, py::object duration, py::object progress, py::object threads, const std::string& kernels) {
                 build::Network net;
                 {
                     const Guard guard(s.mutex);
                     py::gil_scoped_release release;
                     net = s.circuit.to_network();
                 }
                 return run_network(std::move(net), duration, py::none(), py::none(), progress, threads, kernels);
             },
             py::arg("duration") = py::none(), py::arg("progress") = false, py::arg("threads") = py::none(),
             py::arg("kernels") = "automatic", "to_network(), then Network.run with the circuit's recordings.");
}

}  // namespace neurowire::python
