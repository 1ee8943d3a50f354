// The Recording class: what Network.run returns, with the entries of recording.npz.
#include "python/src/recording.hpp"

#include <algorithm>

#include "app/run.hpp"
#include "core/error.hpp"

namespace neurowire::python {

namespace {

const sim::Trace* base_trace(const sim::Recording& r) {
    const sim::Trace* base = nullptr;
    for (const auto& tr : r.traces)
        if (!base || tr.every < base->every) base = &tr;
    return base;
}

// The names recording.npz holds, in its order (app::write_run_recording).
std::vector<std::string> keys_of(const PyRecording& r) {
    std::vector<std::string> keys = {"t", "dt", "steps_done"};
    const sim::Trace* base = base_trace(r.recording);
    for (const auto& tr : r.recording.traces) {
        keys.push_back(tr.name);
        if (tr.every != base->every) keys.push_back(tr.name + ".t");
        if (tr.units.size() != r.population_sizes.at(tr.pop) || tr.mean) keys.push_back(tr.name + ".units");
    }
    for (const auto& sp : r.recording.spikes) {
        keys.push_back(sp.population + ".spike_times");
        keys.push_back(sp.population + ".spike_units");
    }
    return keys;
}

// "e/r" is accepted for "e.r", as the network names variables.
std::string normalised(std::string key) {
    const auto slash = key.find('/');
    if (slash != std::string::npos) key[slash] = '.';
    return key;
}

py::object item(py::object self, const std::string& given) {
    const PyRecording& r = self.cast<const PyRecording&>();
    const std::string key = normalised(given);
    const sim::Recording& rec = r.recording;
    if (key == "t") {
        if (const sim::Trace* base = base_trace(rec))
            return view(base->times.memptr(), {static_cast<py::ssize_t>(base->times.n_elem)}, {sizeof(double)}, self);
        return view(r.step_times, self);
    }
    if (key == "dt") return py::array(py::dtype::of<double>(), {}, {}, &rec.dt);
    if (key == "steps_done") return py::array(py::dtype::of<std::uint64_t>(), {}, {}, &rec.steps_done);
    for (const auto& tr : rec.traces) {
        if (key == tr.name) return view(tr.samples, self);
        if (key == tr.name + ".t")
            return view(tr.times.memptr(), {static_cast<py::ssize_t>(tr.times.n_elem)}, {sizeof(double)}, self);
        if (key == tr.name + ".units") return view(tr.units, self);
    }
    for (const auto& sp : rec.spikes) {
        if (key == sp.population + ".spike_times") return view(sp.times, self);
        if (key == sp.population + ".spike_units") return view(sp.units, self);
    }
    const auto keys = keys_of(r);
    std::string known;
    for (std::size_t i = 0; i < keys.size(); ++i) known += (i ? ", " : "") + keys[i];
    throw py::key_error("'" + given + "': the recording holds " + known);
}

py::tuple spikes(py::object self, const std::string& population) {
    const PyRecording& r = self.cast<const PyRecording&>();
    const sim::SpikeTrain* sp = r.recording.spike_train(population);
    if (!sp) {
        std::string known;
        for (const auto& s : r.recording.spikes) known += (known.empty() ? "" : ", ") + s.population;
        throw config_error("spikes", "a population whose spikes were recorded (" + (known.empty() ? "none" : known) + ")",
                           "'" + population + "'");
    }
    return py::make_tuple(view(sp->times, self), view(sp->units, self));
}

std::string save(const PyRecording& r, py::object dir) {
    const fs::path out = path_of(dir);
    {
        py::gil_scoped_release release;
        app::write_run_recording(out, r.recording, r.population_sizes);
    }
    return (out / "recording.npz").string();
}

}  // namespace

py::object make_recording(PyRecording recording) {
    if (recording.recording.traces.empty()) {
        recording.step_times.resize(recording.recording.steps_done);
        for (std::size_t k = 0; k < recording.step_times.size(); ++k)
            recording.step_times[k] = static_cast<double>(k + 1) * recording.recording.dt;
    }
    return py::cast(std::move(recording));
}

void bind_recording(py::module_& m) {
    py::class_<PyRecording>(m, "Recording", R"doc(
What :meth:`Network.run` recorded, holding the entries ``recording.npz`` holds:
``rec.t`` (sample times), ``rec["e.r"]`` (samples × units; ``"e/r"`` works too), ``rec["E.spike_times"]``,
``rec["E.spike_units"]``, ``rec["dt"]``, ``rec["steps_done"]``, and ``<pop>.<var>.t`` / ``.units`` for
traces sampled otherwise or of some units only. Every array is a read-only view of the C++
recording (no copy). ``rec.spikes("E")`` gives ``(times, units)``; ``rec.save(dir)`` writes the
same ``recording.npz`` as ``neurowire run``.
)doc")
        .def("__getitem__", &item, py::arg("key"))
        .def("keys", [](const PyRecording& r) { return keys_of(r); }, "The names recording.npz would hold, in its order.")
        .def("__iter__", [](const PyRecording& r) { return py::iter(py::cast(keys_of(r))); })
        .def("__len__", [](const PyRecording& r) { return keys_of(r).size(); })
        .def("__contains__", [](const PyRecording& r, const std::string& key) {
            const auto keys = keys_of(r);
            return std::find(keys.begin(), keys.end(), normalised(key)) != keys.end();
        })
        .def_property_readonly("t", [](py::object self) { return item(self, "t"); },
                               "Sample times: (k + 1)·dt·every of the most often sampled trace, else every step's end.")
        .def_property_readonly("dt", [](const PyRecording& r) { return r.recording.dt; }, "The time step.")
        .def_property_readonly("steps_done", [](const PyRecording& r) { return r.recording.steps_done; },
                               "Steps completed (fewer than planned when the run stopped on NaN/Inf).")
        .def_property_readonly("traces", [](const PyRecording& r) {
            std::vector<std::string> names;
            for (const auto& tr : r.recording.traces) names.push_back(tr.name);
            return names;
        }, "Names of the recorded variables (\"pop.var\").")
        .def_property_readonly("spiking", [](const PyRecording& r) {
            std::vector<std::string> names;
            for (const auto& sp : r.recording.spikes) names.push_back(sp.population);
            return names;
        }, "Populations whose spikes were recorded.")
        .def("spikes", &spikes, py::arg("population"), "``(times, units)`` of a population's recorded spikes.")
        .def("to_dict", [](py::object self) {
            py::dict d;
            for (const auto& k : keys_of(self.cast<const PyRecording&>())) d[py::str(k)] = item(self, k);
            return d;
        }, "Every entry as a dict of arrays (views), as np.load(recording.npz) gives them.")
        .def("save", &save, py::arg("dir"), "Writes DIR/recording.npz as `neurowire run` does; returns its path.")
        .def_readonly("sim_seconds", &PyRecording::sim_s, "Wall time of the step loop.")
        .def_readonly("compile_seconds", &PyRecording::compile_s, "Wall time of compiling the network into a program.")
        .def_readonly("setup_seconds", &PyRecording::setup_s, "Wall time of setting up the simulator (native kernels).")
        .def_readonly("kernels", &PyRecording::kernels, "Which populations ran native kernels, and why any did not.")
        .def_readonly("threads", &PyRecording::threads, "Threads used of those requested, and why.")
        .def_readonly("failure", &PyRecording::failure, "The NaN/Inf message of a run that stopped early, else empty.")
        .def("__repr__", [](const PyRecording& r) {
            std::string s = "<neurowire.Recording: " + std::to_string(r.recording.steps_done) + " steps, traces [";
            for (std::size_t i = 0; i < r.recording.traces.size(); ++i) s += (i ? ", " : "") + r.recording.traces[i].name;
            s += "], spikes [";
            for (std::size_t i = 0; i < r.recording.spikes.size(); ++i) s += (i ? ", " : "") + r.recording.spikes[i].population;
            return s + "]>";
        });
}

}  // namespace neurowire::python
