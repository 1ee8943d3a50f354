// The Network class: populations, projections, inputs, introspection and run().
#include "python/src/network.hpp"

#include <chrono>

#include "app/run.hpp"
#include "build/unit_values.hpp"
#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "python/src/background.hpp"
#include "python/src/connectome.hpp"
#include "python/src/recording.hpp"
#include "sim/runner.hpp"
#include "spec/from_tree.hpp"
#include "spec/network_spec.hpp"

namespace neurowire::python {

namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point t0) { return std::chrono::duration<double>(clock_type::now() - t0).count(); }

sim::kernel_mode kernel_mode_of(const std::string& name) {
    if (name == "automatic") return sim::kernel_mode::automatic;
    if (name == "native") return sim::kernel_mode::native;
    if (name == "interpreted") return sim::kernel_mode::interpreted;
    throw config_error("kernels", "one of automatic, native or interpreted", "'" + name + "'");
}



void apply_settings(build::Network& net, py::handle dt, py::handle duration, py::handle solver,
                    py::handle time_unit = py::none()) {
    spec::settings_from_tree(map_of({{"dt", dt}, {"duration", duration}, {"solver", solver}, {"time_unit", time_unit}}),
                             net.settings);
}

// Per-unit values of a population's states (init) or parameters, as the run will start with them.
py::dict unit_values(const build::Network& net, const std::string& pop_name, bool init) {
    const auto index = net.find_population(pop_name);
    if (!index) throw config_error("population", "a population of the network", "'" + pop_name + "'");
    const build::Population& p = net.populations()[*index];
    py::dict out;
    if (p.is_function()) return out;
    const auto& defaults = init ? p.model.state : p.model.params;
    const auto& overrides = init ? p.init : p.params;
    for (std::size_t k = 0; k < defaults.size(); ++k) {
        std::vector<double> v(1, defaults[k].value);
        for (const auto& [name, values] : overrides)
            if (name == defaults[k].name)
                v = build::resolve_unit_values(values, p.size,
                                               {net.seed(), init ? rng::purpose::init : rng::purpose::params, *index, k},
                                               "populations." + p.name + (init ? ".init." : ".params.") + name);
        py::array_t<double> a(p.size);
        double* d = a.mutable_data();
        for (index_t u = 0; u < p.size; ++u) d[u] = v.size() == 1 ? v[0] : v[u];
        out[py::str(defaults[k].name)] = a;
    }
    return out;
}

// A copy: a view would dangle once the network's populations move (a later add_population).
py::object population_positions(const PyNetwork& self, const std::string& pop_name) {
    const Guard guard(self);
    const build::Population& p = self.net.population(pop_name);
    if (!p.positions) return py::none();
    return py::array(view(*p.positions, py::none()).attr("copy")());
}

PyConnectome projection_table(const build::Network& net, const std::string& name) {
    const auto& all = net.resolved_projections();
    for (const auto& p : all) {
        if (p.name != name) continue;
        if (p.dense) throw config_error("projection", "a projection with an edge table (not a dense matrix)", "'" + name + "'");
        PyConnectome c;
        c.table = app::projection_connectome(p);
        c.name = p.name;
        const build::Population& s = net.populations()[p.source_pop];
        const build::Population& t = net.populations()[p.target_pop];
        c.source_name = s.name;
        c.target_name = t.name;
        c.recurrent = p.source_pop == p.target_pop;
        if (s.positions) c.source_positions = std::make_shared<const spatial::Positions>(*s.positions);
        if (t.positions) c.target_positions = std::make_shared<const spatial::Positions>(*t.positions);
        return c;
    }
    std::string known;
    for (const auto& p : all) known += (known.empty() ? "" : ", ") + p.name;
    throw config_error("projection", "a projection of the network (" + (known.empty() ? "none" : known) + ")", "'" + name + "'");
}

py::list projections_info(const build::Network& net) {
    py::list out;
    for (const auto& i : net.projections()) {
        py::dict d;
        d["name"] = i.name;
        d["source"] = i.source;
        d["target"] = i.target;
        d["kind"] = i.kind == build::projection_kind::event ? "event" : "continuous";
        d["dense"] = i.dense;
        d["synapses"] = i.synapses;
        out.append(d);
    }
    return out;
}

PyNetwork from_yaml(py::object path, py::object seed, py::object threads, py::object progress) {
    const fs::path file = path_of(path);
    require_file(file);
    const std::optional<seed_t> s = seed.is_none() ? std::nullopt : std::optional<seed_t>(seed_of(seed));
    const int n_threads = threads_of(threads);
    PyNetwork out;
    run_in_background(
        [&](Control& control) {
            connect::Options options;
            options.threads = n_threads;
            options.stop = &control.stop;
            out.net = spec::load_network(file, s, options);
            out.net.draw_options = connect::Options{};
        },
        progress, "from_yaml");
    return out;
}

PyNetwork from_dict(py::dict spec_map, py::object seed, py::object base_dir, py::object threads, py::object progress) {
    const spec::Tree tree = to_tree(spec_map, "");
    const std::optional<seed_t> s = seed.is_none() ? std::nullopt : std::optional<seed_t>(seed_of(seed));
    const fs::path base = base_dir.is_none() ? fs::current_path() : path_of(base_dir);
    const int n_threads = threads_of(threads);
    PyNetwork out;
    run_in_background(
        [&](Control& control) {
            connect::Options options;
            options.threads = n_threads;
            options.stop = &control.stop;
            out.net = spec::network_from_tree(tree, s, "<dict>", base, options);
            out.net.draw_options = connect::Options{};
        },
        progress, "from_dict");
    return out;
}

}  // namespace

Guard::Guard(std::mutex& m) {
    py::gil_scoped_release release;
    lock_ = std::unique_lock<std::mutex>(m);
}

py::object run_network(build::Network net, py::object duration, py::object record, py::object spikes,
                       py::object progress, py::object threads, const std::string& kernels) {
    sim::RunOptions options;
    options.threads = threads_of(threads);
    options.kernels = kernel_mode_of(kernels);
    options.progress_every = 1;
    if (!duration.is_none()) apply_settings(net, py::none(), duration, py::none());
    if (!record.is_none() || !spikes.is_none()) {
        net.clear_recordings();
        spec::record_from_tree(map_of({{"variables", record}, {"spikes", spikes}}), net);
    }
    PyRecording out;
    run_in_background(
        [&](Control& control) {
            options.progress = step_progress(control);
            auto t0 = clock_type::now();
            sim::Program program = std::move(net).compile();
            out.compile_s = seconds_since(t0);
            t0 = clock_type::now();
            sim::Simulator simulator(std::move(program), options);
            out.setup_s = seconds_since(t0);
            out.kernels = simulator.kernel_report().summary();
            out.threads = app::threads_line(simulator.run_stats());
            throw_if_stopped(&control.stop);
            control.total = simulator.program().steps;
            t0 = clock_type::now();
            try {
                simulator.run();
            } catch (const sim::nonfinite_error& e) {
                out.failure = e.what();
            }
            out.sim_s = seconds_since(t0);
            for (const auto& p : simulator.program().populations) {
                out.population_sizes.push_back(p.size);
                out.population_names.push_back(p.name);
            }
            out.recording = simulator.take_recording();
        },
        progress, "run");
    const std::string failure = out.failure;
    py::object rec = make_recording(std::move(out));
    if (!failure.empty()) {
        const py::object cls = py::module_::import("neurowire._errors").attr("SimulationError");
        const py::object exc = cls(failure);
        exc.attr("recording") = rec;
        PyErr_SetObject(cls.ptr(), exc.ptr());
        throw py::error_already_set();
    }
    return rec;
}

void bind_network(py::module_& m) {
    py::class_<PyNetwork>(m, "Network", R"doc(
A network of vectorised populations (PyRates' PopulationTemplate, RectiPy's nodes) coupled by
projections (PyRates' Connectivity): weight matrices from numpy or scipy, Connectomes, or the
connection rules of a connectome spec as dicts. ``Network.from_yaml(path)`` loads a network spec.

    net = nw.Network(dt=1e-3, seed=42)
    net.add_population("e", "neural_mass_models.wilsoncowan.exc_pop", n=10)
    net.add_projection("e/r", "e/r_in", weights=W)        # W: (n_target, n_source)
    net.add_input("e/r_ext", value=1.0)
    rec = net.run(2.0, record=["e/r"])
    rec["e.r"]                                           # samples × units

Every method validates as the network spec does (ValueError with the key path).
)doc")
        .def(py::init([](py::object dt, py::object seed, py::object solver, py::object duration, py::object time_unit) {
                 PyNetwork n;
                 n.net = build::Network(seed_of(seed));
                 apply_settings(n.net, dt, duration, solver, time_unit);
                 return n;
             }),
             py::arg("dt") = 1e-3, py::arg("seed") = 0, py::arg("solver") = "euler", py::arg("duration") = py::none(),
             py::arg("time_unit") = py::none(),
             "A new, empty network: time step ``dt`` (model time units), ``seed`` of every random draw, ``solver`` "
             "euler | heun | exponential_euler | rk4, optionally the default ``duration`` of run(), and ``time_unit`` "
             "ms | s | none (default: the one the templates declare, else ms).")
        .def_static("from_yaml", &from_yaml, py::arg("path"), py::arg("seed") = py::none(), py::kw_only(),
                    py::arg("threads") = py::none(), py::arg("progress") = false,
                    "A network spec file (SPEC.md \"Network spec\"), as `neurowire run` loads it; ``seed`` overrides the "
                    "spec's. Connection rules are drawn now (GIL released; Ctrl-C stops them).")
        .def_static("from_dict", &from_dict, py::arg("spec"), py::arg("seed") = py::none(), py::kw_only(),
                    py::arg("base_dir") = py::none(), py::arg("threads") = py::none(), py::arg("progress") = false,
                    "A network spec given as a dict (the structure of the YAML file). Relative paths resolve against "
                    "``base_dir`` (default: the working directory).")
        .def("add_population", &add_population, py::arg("name"), py::arg("template"), py::arg("n") = py::none(),
             py::arg("params") = py::none(), py::arg("init") = py::none(), py::arg("positions") = py::none(), R"doc(
Adds ``n`` units of a model template: a dotted library name (``"spiking_neurons.lif.lif"``) or
``"path/to/file.yaml:name"``. ``params`` and ``init`` map parameter / state names to a number
(every unit), a length-``n`` array or list (one per unit), ``{"file": "x.npy"}`` or a
distribution dict (``{"kind": "uniform", "low": 8, "high": 12}``; normal, lognormal).
``positions``: an (n, dims) array, or a positions dict of the spec (``{"kind": "uniform",
"extent": [[0, 1], [0, 1]]}``), drawn with the network's seed; ``n`` may then come from the array.
)doc")
        .def("add_function_node", &add_function_node, py::arg("name"), py::arg("n"), py::arg("function") = "identity",
             "Adds ``n`` units that map their input ``in`` to their output ``out`` instantly: identity | sigmoid | "
             "tanh | relu | softmax (RectiPy's add_func_node).")
        .def("add_projection", &add_projection, py::arg("source"), py::arg("target"), py::arg("weights") = py::none(),
             py::arg("delay") = py::none(), py::arg("spread") = py::none(), py::kw_only(), py::arg("rule") = py::none(),
             py::arg("kernel") = py::none(), py::arg("mask") = py::none(), py::arg("weight") = py::none(),
             py::arg("name") = py::none(), py::arg("threads") = py::none(), py::arg("progress") = false, R"doc(
Couples ``source`` ("pop/var", or "pop" for its output / a spiking population's spikes) to
``target`` ("pop/var": an input variable, or a state incremented by each spike). Either
``weights``: a number (all to all), an (n_target, n_source) ndarray, a scipy.sparse matrix or a
:class:`Connectome`, with ``delay`` a number or an (n_target, n_source) array; or a rule with
``rule``, ``kernel``, ``mask``, ``weight`` and ``delay`` dicts as in a spec (drawn now, with the
network's seed and this projection's index). ``spread`` makes a scalar delay gamma-distributed
(standard deviation). Returns the projection's name.
)doc")
        .def("add_input", &add_input, py::arg("target"), py::arg("data") = py::none(), py::kw_only(),
             py::arg("value") = py::none(), py::arg("file") = py::none(), py::arg("sine") = py::none(),
             py::arg("step") = py::none(), py::arg("poisson") = py::none(), py::arg("units") = py::none(), R"doc(
External input into ``target`` ("pop/var"): ``data`` a steps × n ndarray (row k used in step k;
one column for all units), or ``value=`` (constant), ``file=`` (.npy), ``sine={"amplitude",
"frequency", "phase", "offset"}``, ``step={"times", "values"}``, ``poisson={"rate", "weight"}``;
``units`` restricts it to some units (then data has one column per listed unit).
)doc")
        .def("record", [](PyNetwork& self, py::object var, py::object units, py::object every, py::object mean) {
                 const Guard guard(self);
                 spec::Tree entry = map_of({{"var", var}, {"units", units}, {"every", every}, {"mean", mean}});
                 spec::Tree record = spec::Tree::map();
                 record.set("variables", spec::Tree::list({std::move(entry)}));
                 spec::record_from_tree(record, self.net);
             }, py::arg("var"), py::arg("units") = py::none(), py::arg("every") = py::none(), py::arg("mean") = py::none(),
             "Records ``var`` (\"pop/var\") in every run that is not given its own ``record=``.")
        .def("record_spikes", [](PyNetwork& self, py::object population) {
                 const Guard guard(self);
                 spec::Tree record = spec::Tree::map();
                 record.set("spikes", spec::Tree::list({to_tree(population, "spikes")}));
                 spec::record_from_tree(record, self.net);
             }, py::arg("population"), "Records the spikes of a spiking population in every run without its own ``spikes=``.")
        .def("run", [](const PyNetwork& self, py::object duration, py::object record, py::object spikes, py::object progress,
                       py::object threads, const std::string& kernels) {
                 build::Network copy;
                 {
                     const Guard guard(self);
                     py::gil_scoped_release release;
                     copy = self.net;
                 }
                 return run_network(std::move(copy), duration, record, spikes, progress, threads, kernels);
             }, py::arg("duration") = py::none(), py::arg("record") = py::none(), py::arg("spikes") = py::none(),
             py::arg("progress") = false, py::arg("threads") = py::none(), py::arg("kernels") = "automatic", R"doc(
Simulates ``duration`` time units (default: the network's) and returns a :class:`Recording`.
``record``: a list of "pop/var" or {"var", "units", "every", "mean"}; ``spikes``: spiking
populations. Given either, they replace the network's own recordings for this run. The network
is unchanged: every run starts from the initial state. The GIL is released while running;
Ctrl-C stops promptly, typically within 0.1 s (KeyboardInterrupt); ``progress=True`` draws a bar on stderr
(or pass a callable progress(done, total)). ``kernels``: automatic | native | interpreted. A
NaN/Inf raises SimulationError, whose ``recording`` holds the steps before it.
)doc")
        .def_property_readonly("n_units", [](const PyNetwork& s) { const Guard guard(s); return s.net.n_units(); }, "Units over all populations.")
        .def_property_readonly("populations", [](const PyNetwork& s) {
                 const Guard guard(s);
            std::vector<std::string> names;
            for (const auto& p : s.net.populations()) names.push_back(p.name);
            return names;
        }, "Population names, in the order added.")
        .def_property_readonly("sizes", [](const PyNetwork& s) {
                 const Guard guard(s);
            py::dict d;
            for (const auto& p : s.net.populations()) d[py::str(p.name)] = p.size;
            return d;
        }, "{population: number of units}.")
        .def_property_readonly("projections", [](const PyNetwork& s) { const Guard guard(s); return projections_info(s.net); },
                               "One dict per projection: name, source, target, kind, dense, synapses.")
        .def_property_readonly("n_synapses", [](const PyNetwork& s) { const Guard guard(s); return s.net.n_synapses(); },
                               "Synapses over all projections (a dense matrix counts every entry).")
        .def("state", [](const PyNetwork& s, const std::string& pop) { const Guard guard(s); return unit_values(s.net, pop, true); },
             py::arg("population"), "{state variable: ndarray of n initial values}, as run() starts from.")
        .def("params", [](const PyNetwork& s, const std::string& pop) { const Guard guard(s); return unit_values(s.net, pop, false); },
             py::arg("population"), "{parameter: ndarray of n values}, defaults and overrides resolved.")
        .def("positions", &population_positions, py::arg("population"),
             "The population's positions (a copy, n × dims), or None.")
        .def("template", [](const PyNetwork& s, const std::string& pop) {
                 const Guard guard(s);
            const build::Population& p = s.net.population(pop);
            py::dict d;
            d["model"] = p.is_function() ? std::string(build::node_function_name(p.function)) : p.model.name;
            d["spiking"] = p.spiking();
            d["state"] = p.state_names();
            d["params"] = p.param_names();
            d["inputs"] = p.input_names();
            d["output"] = p.output();
            return d;
        }, py::arg("population"), "What a population is: model, spiking, state, params, inputs, output.")
        .def("connectome", [](const PyNetwork& s, const std::string& name) { const Guard guard(s); return projection_table(s.net, name); },
             py::arg("projection"),
             "The edge table of a projection (a copy, as a Connectome): what `neurowire run` writes as DIR/<name>.npz "
             "for rule-drawn projections; save() writes those files.")
        .def("summary", [](const PyNetwork& s) { const Guard guard(s); return s.net.summary(); }, "A human-readable summary.")
        .def_property_readonly("seed", [](const PyNetwork& s) { const Guard guard(s); return s.net.seed(); }, "The seed of every draw.")
        .def_property("dt", [](const PyNetwork& s) { const Guard guard(s); return s.net.settings.dt; },
                      [](PyNetwork& s, py::object dt) { const Guard guard(s); apply_settings(s.net, dt, py::none(), py::none()); }, "The time step.")
        .def_property("duration", [](const PyNetwork& s) { const Guard guard(s); return s.net.settings.duration; },
                      [](PyNetwork& s, py::object d) { const Guard guard(s); apply_settings(s.net, py::none(), d, py::none()); },
                      "The default duration of run().")
        .def_property("solver", [](const PyNetwork& s) { const Guard guard(s); return std::string(sim::solver_name(s.net.settings.method)); },
                      [](PyNetwork& s, py::object v) { const Guard guard(s); apply_settings(s.net, py::none(), py::none(), v); },
                      "euler | heun | exponential_euler | rk4.")
        .def_property("time_unit",
                      [](const PyNetwork& s) { const Guard guard(s); return std::string(build::time_unit_name(s.net.time_unit_used().unit)); },
                      [](PyNetwork& s, py::object v) { const Guard guard(s); apply_settings(s.net, py::none(), py::none(), py::none(), v); },
                      "ms | s | none: the unit of dt, durations and rates (declared, else the templates', else ms).")
        .def("copy", [](const PyNetwork& s) { const Guard guard(s); return PyNetwork(s.net); }, "An independent copy.")
        .def("__repr__", [](const PyNetwork& s) {
                 const Guard guard(s);
            return "<neurowire.Network: " + std::to_string(s.net.populations().size()) + " populations, " +
                   std::to_string(s.net.n_units()) + " units, " + std::to_string(s.net.resolved_projections().size()) +
                   " projections>";
        });
}

}  // namespace neurowire::python
