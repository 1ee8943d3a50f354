// nw.connect, nw.connect_spec and the position generators (the Connectome class: connectome.cpp).
#include <algorithm>
#include <chrono>
#include <memory>

#include "connect/rules.hpp"
#include "core/error.hpp"
#include "core/platform/memory_budget.hpp"
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

// None: no limit (what the machine has free); a number of bytes; or a size such as "512M".
void set_memory_limit(py::object size) {
    if (size.is_none()) return platform::set_memory_limit(0.0);
    if (py::isinstance<py::str>(size)) return platform::set_memory_limit(platform::parse_memory_size(size.cast<std::string>(), "memory_limit"));
    if (py::isinstance<py::bool_>(size) || !(py::isinstance<py::int_>(size) || py::isinstance<py::float_>(size)))
        throw config_error("memory_limit", "None, a number of bytes or a size such as '512M'", std::string(py::str(size.get_type().attr("__name__"))));
    const double bytes = size.cast<double>();
    if (!(bytes >= 1.0) || bytes > 1e18) throw config_error("memory_limit", "at least 1 byte", std::string(py::str(size)));
    platform::set_memory_limit(bytes);
}

}  // namespace

void bind_connect(py::module_& m) {
    m.def("set_memory_limit", &set_memory_limit, py::arg("size"), R"doc(
The memory budget of everything the package does (``--memory-limit`` of the command line): larger
requests (edge tables, positions, recordings, dense matrices …) raise MemoryLimitError before
allocating. ``size``: None (the default: what the machine has free), a number of bytes, or a
string such as "512M" or "4G" (powers of 1024). What the process already holds counts against it.)doc");
    m.def("memory_limit", [] { return platform::memory_limit(); },
          "The budget set by set_memory_limit() in bytes; 0.0 when none is set.");
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
the draw promptly, typically within 0.1 s (KeyboardInterrupt). ``progress=True`` shows the elapsed time.
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

}

}  // namespace neurowire::python
