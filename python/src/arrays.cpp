// numpy arrays ↔ the library's containers: views where the memory can be shared, copies where
// the layouts differ (Armadillo is column-major, numpy C-ordered by default).
#include <fstream>

#include "core/error.hpp"
#include "io/positions_file.hpp"
#include "python/src/common.hpp"

namespace neurowire::python {

namespace {

std::string shape_text(const py::array& a) {
    std::string s = "(";
    for (py::ssize_t i = 0; i < a.ndim(); ++i) s += (i ? ", " : "") + std::to_string(a.shape(i));
    return s + (a.ndim() == 1 ? ",)" : ")");
}

py::array_t<double, py::array::c_style | py::array::forcecast> float_array(py::handle value, const std::string& name) {
    try {
        return py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(value);
    } catch (const py::error_already_set&) {
        throw config_error(name, "an array of numbers", "a value of type " + std::string(py::str(py::type::handle_of(value).attr("__name__"))));
    }
}

}  // namespace

py::array view(const arma::mat& m, py::handle base) {
    const auto rows = static_cast<py::ssize_t>(m.n_rows), cols = static_cast<py::ssize_t>(m.n_cols);
    return view(m.memptr(), {rows, cols}, {static_cast<py::ssize_t>(sizeof(double)), rows * static_cast<py::ssize_t>(sizeof(double))},
                base);
}

py::array view(const spatial::Positions& p, py::handle base) {
    const auto dims = static_cast<py::ssize_t>(p.dims()), n = static_cast<py::ssize_t>(p.size());
    return view(p.coords.memptr(), {n, dims}, {dims * static_cast<py::ssize_t>(sizeof(double)), sizeof(double)}, base);
}

bool is_array_like(py::handle value) {
    return py::isinstance<py::array>(value) || PyList_Check(value.ptr()) || PyTuple_Check(value.ptr());
}

bool is_number(py::handle value) {
    if (PyBool_Check(value.ptr())) return false;
    if (PyLong_Check(value.ptr()) || PyFloat_Check(value.ptr())) return true;
    static const py::handle number = py::object(py::module_::import("numpy").attr("number")).release();
    return py::isinstance(value, number);
}

spatial::Positions positions_from_array(py::handle value, const std::string& name) {
    const auto a = float_array(value, name);
    if (a.ndim() < 1 || a.ndim() > 2 || (a.ndim() == 2 && (a.shape(1) < 1 || a.shape(1) > 3)) || a.shape(0) == 0)
        throw config_error(name, "an array of shape (N, dims) with N >= 1 and dims 1 to 3", "shape " + shape_text(a));
    const std::size_t n = a.shape(0), dims = a.ndim() == 2 ? a.shape(1) : 1;
    spatial::Positions p;
    // N × dims in C order is dims × N in Armadillo's column-major order: one copy, no transpose.
    p.coords = arma::mat(a.data(), dims, n);
    if (!p.coords.is_finite()) throw config_error(name, "finite coordinates", "NaN or Inf");
    p.extent = io::bounding_box(p.coords);
    return p;
}

std::vector<double> doubles_of(py::handle values, const std::string& name) {
    const auto a = float_array(values, name);
    if (a.ndim() != 1) throw config_error(name, "a 1-D array of numbers", "shape " + shape_text(a));
    return std::vector<double>(a.data(), a.data() + a.size());
}

arma::mat matrix_of(py::handle value, const std::string& name) {
    // A Fortran-ordered float64 matrix is Armadillo's layout already: one copy.
    if (py::isinstance<py::array_t<double, py::array::f_style>>(value)) {
        const auto f = py::reinterpret_borrow<py::array_t<double, py::array::f_style>>(value);
        if (f.ndim() == 2) return arma::mat(f.data(), f.shape(0), f.shape(1));
    }
    const auto a = float_array(value, name);
    if (a.ndim() != 2) throw config_error(name, "a 2-D array (n_target × n_source)", "shape " + shape_text(a));
    // C order rows × cols read in place as its cols × rows column-major transpose, then one
    // (cache-blocked) transposing copy.
    const arma::mat transposed(const_cast<double*>(a.data()), a.shape(1), a.shape(0), false, true);
    return transposed.t();
}

namespace {

std::int64_t whole_number(py::handle value, const std::string& name, const std::string& expected) {
    if (PyBool_Check(value.ptr()) || !(PyLong_Check(value.ptr()) || PyIndex_Check(value.ptr())))
        throw config_error(name, expected, "a value of type " + std::string(py::str(py::type::handle_of(value).attr("__name__"))));
    int overflow = 0;
    const long long x = PyLong_AsLongLongAndOverflow(py::reinterpret_steal<py::object>(PyNumber_Index(value.ptr())).ptr(), &overflow);
    if (overflow != 0) throw config_error(name, expected, std::string(py::str(value)));
    return x;
}

}  // namespace

seed_t seed_of(py::handle value, const std::string& name) {
    const std::int64_t x = whole_number(value, name, "a whole number >= 0");
    if (x < 0) throw config_error(name, "a whole number >= 0", std::to_string(x));
    return static_cast<seed_t>(x);
}

int threads_of(py::handle value) {
    if (!value || value.is_none()) return 0;
    const std::int64_t x = whole_number(value, "threads", "None (all cores) or a number of threads >= 1");
    if (x < 1 || x > 4096) throw config_error("threads", "None (all cores) or a number of threads >= 1", std::to_string(x));
    return static_cast<int>(x);
}

index_t size_of(py::handle value, const std::string& name) {
    const std::int64_t x = whole_number(value, name, "a number of neurons from 1 to 4294967295");
    if (x < 1 || x > 4294967295LL) throw config_error(name, "a number of neurons from 1 to 4294967295", std::to_string(x));
    return static_cast<index_t>(x);
}

fs::path path_of(py::handle value) {
    static const py::handle fspath = py::object(py::module_::import("os").attr("fspath")).release();
    try {
        return fs::path(fspath(value).cast<std::string>());
    } catch (const py::error_already_set&) {
        throw config_error("path", "a path (str or os.PathLike)", "a value of type " + std::string(py::str(py::type::handle_of(value).attr("__name__"))));
    } catch (const py::cast_error&) {
        throw config_error("path", "a path given as text", "bytes");
    }
}

}  // namespace neurowire::python
