// Building a Network from Python: populations, function nodes, projections and inputs, with
// arrays taken as they are and everything else through the network spec's parser.
#include "build/unit_values.hpp"
#include "core/error.hpp"
#include "python/src/background.hpp"
#include "python/src/connectome.hpp"
#include "python/src/network.hpp"
#include "spec/from_tree.hpp"

namespace neurowire::python {

namespace {

// Per-unit values given as arrays (one per unit, or one for all) are set directly; everything
// else (numbers, distributions, {file: …}) goes into the tree for the spec's parser.
void split_values(py::handle values, const std::string& path, spec::Tree& tree,
                  std::vector<std::pair<std::string, std::vector<double>>>& arrays) {
    if (!values || values.is_none()) return;
    if (!PyDict_Check(values.ptr())) throw config_error(path, "a dict of values by name", "another type");
    spec::Tree map = spec::Tree::map();
    for (const auto& [k, v] : py::reinterpret_borrow<py::dict>(values)) {
        const std::string key = py::str(k);
        const std::string p = path + "." + key;
        if (is_array_like(v) && !PyDict_Check(v.ptr())) arrays.emplace_back(key, doubles_of(v, p));
        else map.set(key, to_tree(v, p));
    }
    tree.set(path.substr(path.rfind('.') + 1), std::move(map));
}

void set_arrays(build::Population& pop, const std::vector<std::pair<std::string, std::vector<double>>>& arrays, bool init) {
    for (const auto& [name, values] : arrays) {
        const std::string path = "populations." + pop.name + (init ? ".init." : ".params.") + name;
        if (values.size() != pop.size && values.size() != 1)
            throw config_error(path, std::to_string(pop.size) + " values (one per unit)", std::to_string(values.size()) + " values");
        if (init) pop.set_init(name, build::UnitValues::list(values));
        else pop.set_param(name, build::UnitValues::list(values));
    }
}

// weights= of a projection: a number (all to all), an (n_target, n_source) array, a
// scipy.sparse matrix or a Connectome.
build::Connectivity weights_connectivity(py::handle weights) {
    if (is_number(weights)) return build::Connectivity::all_to_all("", "", weights.cast<double>());
    if (py::isinstance<PyConnectome>(weights))
        return build::Connectivity::from_connectome("", "", weights.cast<const PyConnectome&>().table);
    if (py::hasattr(weights, "tocsc") && !py::isinstance<py::array>(weights)) {
        py::object csc = weights.attr("tocsc")(py::arg("copy") = true);
        csc.attr("sum_duplicates")();
        csc.attr("sort_indices")();
        const py::tuple shape = csc.attr("shape");
        const auto values = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(csc.attr("data"));
        const auto rows = py::array_t<arma::uword, py::array::c_style | py::array::forcecast>::ensure(csc.attr("indices"));
        const auto cols = py::array_t<arma::uword, py::array::c_style | py::array::forcecast>::ensure(csc.attr("indptr"));
        const arma::uvec row_indices(rows.data(), rows.size());
        const arma::uvec col_ptrs(cols.data(), cols.size());
        const arma::vec vals(values.data(), values.size());
        arma::sp_mat w(row_indices, col_ptrs, vals, shape[0].cast<arma::uword>(), shape[1].cast<arma::uword>());
        return build::Connectivity::from_sparse("", "", std::move(w));
    }
    return build::Connectivity::from_matrix("", "", matrix_of(weights, "weights"));
}

}  // namespace

void add_population(PyNetwork& self, const std::string& name, const std::string& model, py::object n, py::object params,
                    py::object init, py::object positions) {
    const Guard guard(self);
    spec::Tree tree = spec::Tree::map();
    tree.set("model", spec::Tree::string(model));
    std::optional<spatial::Positions> given;
    if (!positions.is_none() && !PyDict_Check(positions.ptr()))
        given = positions_from_array(positions, "populations." + name + ".positions");
    if (!n.is_none()) tree.set("size", spec::Tree::integer(size_of(n, "populations." + name + ".size")));
    else if (given) tree.set("size", spec::Tree::integer(given->size()));
    std::vector<std::pair<std::string, std::vector<double>>> param_arrays, init_arrays;
    split_values(params, "populations." + name + ".params", tree, param_arrays);
    split_values(init, "populations." + name + ".init", tree, init_arrays);
    if (!positions.is_none() && !given) tree.set("positions", to_tree(positions, "populations." + name + ".positions"));
    build::Population pop = spec::population_from_tree(name, tree, self.net, "", fs::current_path());
    set_arrays(pop, param_arrays, false);
    set_arrays(pop, init_arrays, true);
    if (given) pop.set_positions(std::move(*given));
    self.net.add(std::move(pop));
}

void add_function_node(PyNetwork& self, const std::string& name, py::object n, py::object function) {
    const Guard guard(self);
    spec::Tree tree = map_of({{"function", function}});
    tree.set("size", spec::Tree::integer(size_of(n, "populations." + name + ".size")));
    self.net.add(spec::population_from_tree(name, tree, self.net));
}

std::string add_projection(PyNetwork& self, const std::string& source, const std::string& target, py::object weights,
                           py::object delay, py::object spread, py::object rule, py::object kernel, py::object mask,
                           py::object weight, py::object name, py::object threads, py::object progress) {
    const Guard guard(self);
    build::Connectivity c;
    if (!weights.is_none()) {
        for (const auto& [key, value] : {std::pair<const char*, py::handle>{"rule", rule}, {"kernel", kernel}, {"mask", mask},
                                         {"weight", weight}})
            if (!value.is_none())
                throw config_error(key, "either weights or a connection rule (rule/kernel/mask/weight)", "both");
        c = weights_connectivity(weights);
        if (!delay.is_none()) {
            if (is_number(delay)) c.delay = delay.cast<double>();
            else c.delays = matrix_of(delay, "delay");
        }
        c.source = source;
        c.target = target;
    } else {
        const spec::Tree pieces =
            map_of({{"rule", rule}, {"kernel", kernel}, {"mask", mask}, {"weight", weight}, {"delay", delay}});
        c = spec::rule_connectivity_from_tree(pieces, source, target, self.net);
    }
    if (!name.is_none()) {
        c.name = name.cast<std::string>();
        spec::check_name(c.name, "name");
    }
    if (!spread.is_none()) {
        const double s = is_number(spread) ? spread.cast<double>() : -1.0;
        if (!(s > 0.0)) throw config_error("spread", "a number > 0", std::string(py::str(spread)));
        c.spread = s;
    }
    const int n_threads = threads_of(threads);
    std::size_t index = 0;
    if (c.form != build::weights_form::rule) {   // nothing to draw: no worker needed
        py::gil_scoped_release release;
        index = self.net.connect(std::move(c));
        return self.net.resolved_projections().at(index).name;
    }
    run_in_background(
        [&](Control& control) {
            self.net.draw_options.threads = n_threads;
            self.net.draw_options.stop = &control.stop;
            try {
                index = self.net.connect(std::move(c));
            } catch (...) {
                self.net.draw_options = connect::Options{};
                throw;
            }
            self.net.draw_options = connect::Options{};
        },
        progress, "add_projection");
    return self.net.resolved_projections().at(index).name;
}

void add_input(PyNetwork& self, const std::string& target, py::object data, py::object value, py::object file,
               py::object sine, py::object step, py::object poisson, py::object units) {
    const Guard guard(self);
    if (data.is_none()) {
        spec::Tree tree = map_of({{"target", py::str(target)}, {"units", units}, {"value", value}, {"file", file},
                                  {"sine", sine}, {"step", step}, {"poisson", poisson}});
        self.net.add_input(spec::input_from_tree(tree, self.net, "", fs::current_path()));
        return;
    }
    for (const auto& [key, v] : {std::pair<const char*, py::handle>{"value", value}, {"file", file}, {"sine", sine},
                                 {"step", step}, {"poisson", poisson}})
        if (!v.is_none()) throw config_error(key, "exactly one of data, value, file, sine, step, poisson", "data and " + std::string(key));
    // Target and units checked by the spec's parser (with a placeholder form), then the array.
    spec::Tree tree = map_of({{"target", py::str(target)}, {"units", units}});
    tree.set("value", spec::Tree::real(0.0));
    build::ExternalInput e = spec::input_from_tree(tree, self.net);
    const index_t width =
        e.input.units.empty() ? self.net.population(build::split_var(target).pop).size : static_cast<index_t>(e.input.units.size());
    const auto a = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(data);
    const std::size_t cols = a && a.ndim() == 2 ? a.shape(1) : 1;
    if (!a || a.ndim() < 1 || a.ndim() > 2 || (cols != width && cols != 1) || a.shape(0) == 0)
        throw config_error("data", "a steps × " + std::to_string(width) + " array (or one column for all units)",
                           a ? "an array of " + std::to_string(a.ndim()) + " dimensions, " + std::to_string(cols) + " columns"
                             : "no array of numbers");
    const std::size_t steps = a.shape(0);
    std::vector<index_t> listed = std::move(e.input.units);
    e.input = sim::Input{};
    e.input.units = std::move(listed);
    e.input.kind = sim::input_kind::array;
    e.input.data.set_size(steps, width);
    const double* p = a.data();
    for (std::size_t r = 0; r < steps; ++r)
        for (std::size_t col = 0; col < width; ++col) e.input.data(r, col) = p[r * cols + (cols == 1 ? 0 : col)];
    self.net.add_input(std::move(e));
}

}  // namespace neurowire::python
