// nw.connect, nw.connect_spec, the position generators and the Connectome class.
#include <algorithm>
#include <chrono>
#include <memory>

#include "app/connect.hpp"
#include "connect/rules.hpp"
#include "core/error.hpp"
#include "io/connectome_files.hpp"
#include "spatial/generators.hpp"
#include "python/src/background.hpp"
#include "python/src/connectome.hpp"
#include "spec/from_tree.hpp"
#include "spec/materialise.hpp"

namespace neurowire::python {

namespace {

struct Side {
    std::shared_ptr<const spatial::Positions> positions;
    index_t size = 0;
};

// A positions argument: an (N, dims) array, a size (no positions), or None with n given.
Side side_of(py::handle positions, py::handle n, const std::string& arg, const std::string& n_arg) {
    Side s;
    if (positions.is_none()) {
        if (n.is_none())
            throw config_error(arg, "an (N, dims) array of positions, or " + n_arg + "= for a rule without distances",
                               "None");
        s.size = size_of(n, n_arg);
        return s;
    }
    if (PyLong_Check(positions.ptr()) && !PyBool_Check(positions.ptr())) {
        s.size = size_of(positions, arg);
    } else {
        s.positions = std::make_shared<const spatial::Positions>(positions_from_array(positions, arg));
        s.size = s.positions->size();
    }
    if (!n.is_none() && size_of(n, n_arg) != s.size)
        throw config_error(n_arg, std::to_string(s.size) + " (the rows of " + arg + ") or None", std::string(py::str(n)));
    return s;
}

// extent= and periodic= replace the bounding boxes of both sides: one box, as periodic
// distances need.
void apply_extent(Side& source, Side& target, py::handle extent, py::handle periodic) {
    if (extent.is_none()) {
        if (!periodic.is_none())
            throw config_error("periodic", "an extent= giving the box the periodic axes wrap around", "no extent");
        return;
    }
    const spatial::Extent box = spec::extent_from_tree(to_tree(extent, "extent"), to_tree(periodic, "periodic"));
    for (Side* s : {&source, &target}) {
        if (!s->positions) continue;
        if (s->positions->dims() != box.dims())
            throw config_error("extent", std::to_string(s->positions->dims()) + " axes (the dimension of the positions)",
                               std::to_string(box.dims()) + " axes");
        auto p = std::make_shared<spatial::Positions>(*s->positions);
        p->extent = box;
        s->positions = std::move(p);
    }
}

PyConnectome connect_arrays(py::object source_positions, py::object target_positions, py::object rule, py::object kernel,
                            py::object mask, py::object weight, py::object delay, py::object seed, py::object threads,
                            py::object periodic, py::object extent, py::object n_source, py::object n_target,
                            py::object recurrent, py::object name, const std::string& source_name,
                            const std::string& target_name, py::object progress) {
    Side source = side_of(source_positions, n_source, "source_positions", "n_source");
    Side target = side_of(target_positions, n_target, "target_positions", "n_target");
    apply_extent(source, target, extent, periodic);
    spec::check_name(source_name, "source_name");
    spec::check_name(target_name, "target_name");
    const bool same = recurrent.is_none() ? (!source_positions.is_none() && source_positions.is(target_positions))
                                          : recurrent.cast<bool>();
    if (same && source.size != target.size)
        throw config_error("recurrent", "source and target of one population (of equal size)",
                           std::to_string(source.size) + " and " + std::to_string(target.size) + " neurons");
    PyConnectome out;
    out.source_name = source_name;
    out.target_name = same ? source_name : target_name;
    out.name = name.is_none() ? out.source_name + "_to_" + out.target_name : name.cast<std::string>();
    spec::check_name(out.name, "name");
    out.recurrent = same;
    const spec::Tree pieces =
        map_of({{"rule", rule}, {"kernel", kernel}, {"mask", mask}, {"weight", weight}, {"delay", delay}});
    const connect::Projection projection = spec::connection_from_tree(
        pieces, spec::population_geometry(out.source_name, source.size, source.positions.get()),
        spec::population_geometry(out.target_name, target.size, target.positions.get()), same);
    const seed_t s = seed_of(seed);
    const int n_threads = threads_of(threads);
    run_in_background(
        [&](Control& control) {
            connect::Options options;
            options.threads = n_threads;
            options.stop = &control.stop;
            out.table = connect::generate(source.positions.get(), target.positions.get(), source.size, target.size,
                                          projection, s, 0, options);
        },
        progress, "connect");
    out.source_positions = source.positions;
    out.target_positions = target.positions;
    return out;
}

py::dict connect_spec(py::object spec_arg, py::object seed, py::object threads, py::object progress, py::object base_dir) {
    spec::ConnectomeSpec spec;
    if (PyDict_Check(spec_arg.ptr())) {
        const fs::path base = base_dir.is_none() ? fs::current_path() : path_of(base_dir);
        spec = spec::connectome_spec_from_tree(to_tree(spec_arg, ""), "<dict>", base);
    } else {
        const fs::path file = path_of(spec_arg);
        require_file(file);
        spec = spec::parse_connectome_spec(file);
    }
    const seed_t s = seed.is_none() ? spec.seed : seed_of(seed);
    const int n_threads = threads_of(threads);
    spec::PositionsList positions;
    std::vector<connect::Connectome> tables;
    run_in_background(
        [&](Control& control) {
            connect::Options options;
            options.threads = n_threads;
            options.stop = &control.stop;
            control.total = spec.projections.size();
            positions = spec::make_all_positions(spec, s);
            for (std::size_t j = 0; j < spec.projections.size(); ++j) {
                tables.push_back(spec::make_connectome(spec, j, positions, s, options));
                control.done = j + 1;
            }
        },
        progress, "connect_spec");
    std::vector<std::shared_ptr<const spatial::Positions>> shared;
    py::dict by_population;
    for (std::size_t i = 0; i < spec.populations.size(); ++i) {
        shared.push_back(positions[i] ? std::make_shared<const spatial::Positions>(std::move(*positions[i])) : nullptr);
        if (shared.back()) by_population[py::str(spec.populations[i].name)] = view(*shared.back(), owner_of(shared.back()));
    }
    py::dict connectomes;
    for (std::size_t j = 0; j < spec.projections.size(); ++j) {
        const spec::ProjectionSpec& p = spec.projections[j];
        PyConnectome c;
        c.table = std::move(tables[j]);
        c.name = p.name;
        c.source_name = p.source;
        c.target_name = p.target;
        c.source_positions = shared[p.source_index];
        c.target_positions = shared[p.target_index];
        c.recurrent = p.source_index == p.target_index;
        connectomes[py::str(p.name)] = py::cast(std::move(c));
    }
    py::dict out;
    out["connectomes"] = connectomes;
    out["positions"] = by_population;
    return out;
}

py::array positions_of_spec(py::object spec_map, py::object n, py::object seed, py::object stream) {
    const std::optional<index_t> size = n.is_none() ? std::nullopt : std::optional<index_t>(size_of(n, "n"));
    auto p = std::make_shared<const spatial::Positions>(spec::positions_from_tree(
        to_tree(spec_map, ""), size, seed_of(seed), seed_of(stream, "stream"), "", fs::current_path()));
    return view(*p, owner_of(p));
}

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

// bench/bench_python.py's reference: the forum workload timed entirely in C++ (positions from
// the generators, connect::generate on the calling thread), median of `repeats` runs.
double time_connect_in_cpp(index_t n_pre, index_t n_post, std::uint64_t k, double sigma, seed_t seed, int threads,
                           int repeats) {
    py::gil_scoped_release release;
    const arma::vec mean(2, arma::fill::zeros), std(2, arma::fill::ones);
    const auto pre = spatial::gaussian(n_pre, mean, std, seed, 0);
    const auto post = spatial::gaussian(n_post, mean, std, seed, 1);
    connect::Projection projection;
    projection.rule.kind = connect::rule_kind::fixed_outdegree;
    projection.rule.k = k;
    projection.rule.multapses = true;
    projection.kernel.kind = connect::kernel_kind::gaussian;
    projection.kernel.sigma = sigma;
    connect::Options options;
    options.threads = threads;
    std::vector<double> times;
    for (int r = 0; r < repeats; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        const connect::Connectome c = connect::generate(&pre, &post, n_pre, n_post, projection, seed, 0, options);
        times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

}  // namespace

void bind_connect(py::module_& m) {
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

    m.def("connect", &connect_arrays, py::arg("source_positions"), py::arg("target_positions"), py::arg("rule") = py::none(),
          py::arg("kernel") = py::none(), py::arg("mask") = py::none(), py::arg("weight") = py::none(),
          py::arg("delay") = py::none(), py::arg("seed") = 0, py::arg("threads") = py::none(),
          py::arg("periodic") = py::none(), py::arg("extent") = py::none(), py::kw_only(),
          py::arg("n_source") = py::none(), py::arg("n_target") = py::none(), py::arg("recurrent") = py::none(),
          py::arg("name") = py::none(), py::arg("source_name") = "source", py::arg("target_name") = "target",
          py::arg("progress") = false, R"doc(
Draws one projection between two sets of positions and returns its :class:`Connectome`.

``source_positions``, ``target_positions``: (N, dims) arrays (dims 1-3), or sizes (ints) / None
with ``n_source=``/``n_target=`` for rules that need no distances. ``rule``, ``kernel``, ``mask``,
``weight`` and ``delay`` take exactly the structures of a connectome spec's projection (SPEC.md),
as dicts or numbers, validated by the same code with the same messages (``ValueError`` naming
e.g. ``rule.k``)::

    c = nw.connect(pre, post, rule={"kind": "fixed_outdegree", "k": 10, "multapses": True},
                   kernel={"kind": "gaussian", "sigma": 1.0}, weight=0.5, delay=1.0, seed=1)

Defaults as in a spec: rule all_to_all, no kernel or mask, weight 1, delay 0. ``seed`` keys the
random streams (the result is the same for any ``threads``; None: all cores) and equals
``neurowire connect``'s for a spec whose only projection this is. ``extent`` ([[low, high], ...])
and ``periodic`` (bool or one per axis) give the box both sides live in; by default each side's
bounding box, not periodic. ``recurrent``: source and target are one population (autapses then
matter); by default when both arguments are the same object. ``name``, ``source_name`` and
``target_name`` name the files ``save`` writes. The GIL is released while drawing; Ctrl-C stops
the draw within half a second (KeyboardInterrupt). ``progress=True`` shows the elapsed time.
)doc");

    m.def("connect_spec", &connect_spec, py::arg("spec"), py::arg("seed") = py::none(), py::arg("threads") = py::none(),
          py::kw_only(), py::arg("progress") = false, py::arg("base_dir") = py::none(), R"doc(
Runs a whole connectome spec — a YAML file path, or the same structure as a dict — and returns
``{"connectomes": {projection: Connectome}, "positions": {population: ndarray (N, dims)}}``, the
arrays ``neurowire connect`` writes for the same spec and seed. ``seed`` overrides the spec's.
Relative paths in a dict resolve against ``base_dir`` (default: the working directory).
)doc");

    m.def("_positions", &positions_of_spec, py::arg("spec"), py::arg("n"), py::arg("seed"), py::arg("stream"),
          "Positions from a positions map of a spec (used by neurowire.positions).");

    m.def("_time_connect_in_cpp", &time_connect_in_cpp, py::arg("n_pre"), py::arg("n_post"), py::arg("k"),
          py::arg("sigma"), py::arg("seed"), py::arg("threads"), py::arg("repeats"),
          "Benchmark reference: seconds (median) of the forum workload drawn from C++ alone.");

    m.def("load_connectome", &load, py::arg("path"), R"doc(
Reads a connectome file (.npz, .csv, or a SONATA edges .h5) into a :class:`Connectome`.
)doc");
}

}  // namespace neurowire::python
