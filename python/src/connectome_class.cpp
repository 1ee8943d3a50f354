// The Connectome class: the edge table as numpy views, and its conversions for the peers
// (scipy, PyNN, Brian2) and into the files of `neurowire connect`.
#include "python/src/connectome.hpp"

#include "app/connect.hpp"
#include "core/error.hpp"
#include "io/connectome_files.hpp"

namespace neurowire::python {

namespace {

// CSR of W (n_target × n_source), repeated pairs summed in double: rows by counting the targets;
// the table is sorted by (source, target), so within a row sources ascend and a repeated pair's
// rows arrive one after another.
py::object to_scipy(const PyConnectome& c) {
    const connect::Connectome& t = c.table;
    const std::size_t n = t.size();
    std::vector<std::int64_t> ptr(static_cast<std::size_t>(t.n_target) + 1, 0);
    std::vector<std::int32_t> idx(n);
    std::vector<double> val(n);
    {
        py::gil_scoped_release release;
        for (const index_t target : t.target) ++ptr[target + 1];
        for (std::size_t r = 0; r < t.n_target; ++r) ptr[r + 1] += ptr[r];
        std::vector<std::int64_t> next(ptr.begin(), ptr.end() - 1);
        for (std::size_t k = 0; k < n; ++k) {
            const index_t r = t.target[k];
            const std::int64_t at = next[r];
            if (at > ptr[r] && idx[at - 1] == static_cast<std::int32_t>(t.source[k])) {
                val[at - 1] += t.weight[k];
                continue;
            }
            idx[at] = static_cast<std::int32_t>(t.source[k]);
            val[at] = t.weight[k];
            next[r] = at + 1;
        }
        // Close the gaps the merged repeats left.
        std::int64_t out = 0;
        for (std::size_t r = 0; r < t.n_target; ++r) {
            const std::int64_t begin = ptr[r];
            ptr[r] = out;
            for (std::int64_t k = begin; k < next[r]; ++k, ++out) {
                idx[out] = idx[k];
                val[out] = val[k];
            }
        }
        ptr[t.n_target] = out;
        idx.resize(out);
        val.resize(out);
    }
    const py::module_ sparse = py::module_::import("scipy.sparse");
    py::array_t<double> data(val.size(), val.data());
    py::array_t<std::int32_t> indices(idx.size(), idx.data());
    py::array_t<std::int64_t> indptr(ptr.size(), ptr.data());
    // scipy's own index dtype for the size (int32 unless it does not fit).
    const bool small = ptr.back() < (std::int64_t(1) << 31) && t.n_source < (std::uint64_t(1) << 31);
    py::object m = sparse.attr("csr_matrix")(
        py::make_tuple(data, small ? py::object(indices) : py::object(indices.attr("astype")("int64")),
                       small ? py::object(indptr.attr("astype")("int32")) : py::object(indptr)),
        py::arg("shape") = py::make_tuple(t.n_target, t.n_source));
    m.attr("has_canonical_format") = true;
    return m;
}

py::list to_list(const PyConnectome& c) {
    const connect::Connectome& t = c.table;
    py::list out(t.size());
    for (std::size_t k = 0; k < t.size(); ++k)
        PyList_SET_ITEM(out.ptr(), k,
                        py::make_tuple(t.source[k], t.target[k], static_cast<double>(t.weight[k]),
                                       static_cast<double>(t.delay[k]))
                            .release()
                            .ptr());
    return out;
}

py::array int64_copy(const std::vector<index_t>& v) {
    py::array_t<std::int64_t> out(v.size());
    std::int64_t* p = out.mutable_data();
    for (std::size_t k = 0; k < v.size(); ++k) p[k] = v[k];
    return out;
}

py::list save(const PyConnectome& c, py::object dir, py::object formats) {
    std::vector<app::connectome_format> fs_;
    std::size_t i = 0;
    for (const auto f : formats) {
        try {
            fs_.push_back(app::connectome_format_from_name(py::str(f)));
        } catch (const config_error& e) {
            throw config_error("formats[" + std::to_string(i) + "]", e.expected, e.found);
        }
        ++i;
    }
    if (!c.recurrent && c.source_name == c.target_name)
        throw config_error("target_name", "a name other than the source's ('" + c.source_name + "') for another population",
                           "'" + c.target_name + "'");
    std::vector<app::SavedPopulation> pops = {{c.source_name, c.table.n_source, c.source_positions.get()}};
    if (!c.recurrent) pops.push_back({c.target_name, c.table.n_target, c.target_positions.get()});
    const std::vector<app::SavedProjection> projections = {{c.name, c.source_name, c.target_name, &c.table}};
    const fs::path out = path_of(dir);
    std::vector<fs::path> written;
    {
        py::gil_scoped_release release;
        written = app::write_connectomes(out, pops, projections, fs_);
    }
    py::list paths;
    for (const auto& p : written) paths.append(py::str(p.string()));
    return paths;
}

PyConnectome from_arrays(py::object n_source, py::object n_target, py::object source, py::object target,
                         py::object weight, py::object delay, const std::string& name) {
    auto indices = [](py::object v, const char* arg) {
        const auto a = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(v);
        if (!a || a.ndim() != 1) throw config_error(arg, "a 1-D array of indices", "another shape or type");
        std::vector<index_t> out(a.size());
        for (py::ssize_t k = 0; k < a.size(); ++k) {
            if (a.data()[k] < 0 || a.data()[k] > 4294967295LL)
                throw config_error(std::string(arg) + "[" + std::to_string(k) + "]", "an index >= 0", std::to_string(a.data()[k]));
            out[k] = static_cast<index_t>(a.data()[k]);
        }
        return out;
    };
    auto values = [](py::object v, std::size_t n, double fill, const char* arg) {
        if (v.is_none() || is_number(v)) return std::vector<float>(n, static_cast<float>(v.is_none() ? fill : v.cast<double>()));
        const std::vector<double> d = doubles_of(v, arg);
        return std::vector<float>(d.begin(), d.end());
    };
    PyConnectome c;
    std::vector<index_t> s = indices(source, "source"), t = indices(target, "target");
    const std::size_t n = s.size();
    c.table = connect::Connectome::from_arrays(size_of(n_source, "n_source"), size_of(n_target, "n_target"), std::move(s),
                                               std::move(t), values(weight, n, 1.0, "weight"), values(delay, n, 0.0, "delay"));
    c.name = name;
    return c;
}

PyConnectome load(py::object file) {
    const fs::path path = path_of(file);
    require_file(path);
    PyConnectome c;
    {
        py::gil_scoped_release release;
        c.table = io::read_connectome_any(path);
    }
    c.name = path.stem().string();
    return c;
}

py::array owned(const std::vector<std::uint32_t>& v) { return py::array_t<std::uint32_t>(v.size(), v.data()); }

py::object positions_or_none(const std::shared_ptr<const spatial::Positions>& p) {
    if (!p) return py::none();
    return view(*p, owner_of(p));
}

}  // namespace

void bind_connectome(py::module_& m) {
    py::class_<PyConnectome> cls(m, "Connectome", R"doc(
The edge table of one projection: parallel arrays ``source``, ``target`` (uint32, neuron indices
within their populations), ``weight`` and ``delay`` (float32), sorted by source then target.
Repeated pairs (multapses) are separate rows.

The arrays are read-only numpy views of the C++ table (no copy): ``c.source.base is c`` and
``c.source.flags.owndata`` is False; they keep the Connectome alive.
)doc");
    cls.def_property_readonly(
           "source", [](py::object self) { return view(self.cast<const PyConnectome&>().table.source, self); },
           "Source (presynaptic) indices, uint32, a view of the C++ table.")
        .def_property_readonly(
            "target", [](py::object self) { return view(self.cast<const PyConnectome&>().table.target, self); },
            "Target (postsynaptic) indices, uint32, a view of the C++ table.")
        .def_property_readonly(
            "weight", [](py::object self) { return view(self.cast<const PyConnectome&>().table.weight, self); },
            "Weights, float32, a view of the C++ table.")
        .def_property_readonly(
            "delay", [](py::object self) { return view(self.cast<const PyConnectome&>().table.delay, self); },
            "Delays (model time units), float32, a view of the C++ table.")
        .def_property_readonly("n_source", [](const PyConnectome& c) { return c.table.n_source; },
                               "Number of neurons of the source population.")
        .def_property_readonly("n_target", [](const PyConnectome& c) { return c.table.n_target; },
                               "Number of neurons of the target population.")
        .def("__len__", [](const PyConnectome& c) { return c.table.size(); }, "Number of synapses (rows).")
        .def_property_readonly("shape", [](const PyConnectome& c) { return py::make_tuple(c.table.n_target, c.table.n_source); },
                               "(n_target, n_source): the shape of the weight matrix W (r_in = W r).")
        .def_property_readonly("i", [](const PyConnectome& c) { return int64_copy(c.table.source); },
                               "Source indices as int64 (a copy), as Brian2's Synapses.connect(i=, j=) takes them.")
        .def_property_readonly("j", [](const PyConnectome& c) { return int64_copy(c.table.target); },
                               "Target indices as int64 (a copy), as Brian2's Synapses.connect(i=, j=) takes them.")
        .def_readwrite("name", &PyConnectome::name, "The projection's name: save() writes DIR/<name>.npz.")
        .def_readwrite("source_name", &PyConnectome::source_name, "Name of the source population (positions file, SONATA).")
        .def_readwrite("target_name", &PyConnectome::target_name, "Name of the target population (positions file, SONATA).")
        .def_readonly("recurrent", &PyConnectome::recurrent, "True when source and target are one population.")
        .def_property_readonly("source_positions", [](const PyConnectome& c) { return positions_or_none(c.source_positions); },
                               "Positions of the source neurons (N × dims, float64), or None.")
        .def_property_readonly("target_positions", [](const PyConnectome& c) { return positions_or_none(c.target_positions); },
                               "Positions of the target neurons (N × dims, float64), or None.")
        .def("to_scipy", &to_scipy, R"doc(
The weight matrix W as a ``scipy.sparse.csr_matrix`` of shape (n_target, n_source) — the
convention r_in = W r — with repeated pairs summed (in float64).
)doc")
        .def("to_list", &to_list, R"doc(
``[(i, j, weight, delay), ...]``: the list PyNN's ``FromListConnector`` takes.
)doc")
        .def("out_degrees", [](const PyConnectome& c) { return owned(c.table.out_degrees()); },
             "Synapses per source neuron (n_source values, uint32).")
        .def("in_degrees", [](const PyConnectome& c) { return owned(c.table.in_degrees()); },
             "Synapses per target neuron (n_target values, uint32).")
        .def("save", &save, py::arg("dir"), py::arg("formats") = std::vector<std::string>{"npz"}, R"doc(
Writes the files ``neurowire connect`` writes for this projection into ``dir``, all or nothing:
``<source_name>.positions.npy`` and ``<target_name>.positions.npy`` (when known) and, per format,
``<name>.npz`` | ``sonata/`` | ``<name>.csv`` | ``<name>.mtx`` | ``<name>.conn``.
``formats``: any of "npz", "sonata", "csv", "mtx", "pynn". Returns the paths written.
)doc")
        .def_static("from_arrays", &from_arrays, py::arg("n_source"), py::arg("n_target"), py::arg("source"),
                    py::arg("target"), py::arg("weight") = py::none(), py::arg("delay") = py::none(),
                    py::arg("name") = "source_to_target", R"doc(
A Connectome from index arrays (sorted by source then target here; indices checked against the
sizes). ``weight`` and ``delay``: arrays, numbers, or None (1 and 0).
)doc")
        .def("__repr__", [](const PyConnectome& c) {
            return "<neurowire.Connectome '" + c.name + "': " + std::to_string(c.table.size()) + " synapses, " +
                   c.source_name + " (" + std::to_string(c.table.n_source) + ") -> " + c.target_name + " (" +
                   std::to_string(c.table.n_target) + ")>";
        });

    m.def("load_connectome", &load, py::arg("path"), R"doc(
Reads a connectome file (.npz, .csv, or a SONATA edges .h5) into a :class:`Connectome`.
)doc");
}

}  // namespace neurowire::python
