#pragma once
// Shared pieces of the extension module neurowire._core: conversions between Python objects and
// the library's types, numpy views of C++ memory, and the bind_* functions of each source file.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <armadillo>

#include "core/types.hpp"
#include "spatial/positions.hpp"
#include "spec/tree.hpp"

namespace neurowire::python {

namespace py = pybind11;
namespace fs = std::filesystem;

// --- Python values → spec::Tree (python/src/tree_convert.cpp) ---

// None, bool, int, float, str, dict (str or int keys), list, tuple, numpy scalars and arrays.
// Anything else is a config_error at `key_path` (ValueError in Python).
spec::Tree to_tree(py::handle value, const std::string& key_path);
// A map of the given (key, value) pairs, leaving out the values that are None.
spec::Tree map_of(std::initializer_list<std::pair<const char*, py::handle>> entries);

// --- numpy views (python/src/arrays.cpp) ---

// A read-only array over `data` (C++ memory owned by `base`, which the array keeps alive).
// `strides` in bytes; an empty table gets a valid pointer so that its base is still `base`.
template <class T>
py::array view(const T* data, std::vector<py::ssize_t> shape, std::vector<py::ssize_t> strides, py::handle base) {
    static const T empty{};
    py::array a(py::dtype::of<T>(), std::move(shape), std::move(strides), data ? data : &empty, base);
    py::detail::array_proxy(a.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
    return a;
}
template <class T>
py::array view(const std::vector<T>& values, py::handle base) {
    return view(values.data(), {static_cast<py::ssize_t>(values.size())}, {static_cast<py::ssize_t>(sizeof(T))}, base);
}
// A samples × units view of an Armadillo matrix (column-major: Fortran order).
py::array view(const arma::mat& m, py::handle base);
// N × dims rows of a positions table (dims × N column-major is N × dims row-major).
py::array view(const spatial::Positions& p, py::handle base);
// An object owning `value`, to serve as the base of views into it.
template <class T>
py::capsule owner_of(std::shared_ptr<T> value) {
    auto* holder = new std::shared_ptr<T>(std::move(value));
    return py::capsule(holder, [](void* p) { delete static_cast<std::shared_ptr<T>*>(p); });
}

// An (N, dims) or (N,) float array → positions (dims × N); `name` is the argument, for errors.
spatial::Positions positions_from_array(py::handle array, const std::string& name);
// A C-ordered float64 copy of any 1-D sequence of numbers.
std::vector<double> doubles_of(py::handle values, const std::string& name);
// A 2-D float array → Armadillo (copying: Armadillo is column-major).
arma::mat matrix_of(py::handle array, const std::string& name);
bool is_array_like(py::handle value);   // ndarray, list or tuple
bool is_number(py::handle value);       // int, float, numpy number (not bool)

// A seed (a whole number >= 0) and a thread count (None: all cores, as 0; else >= 1).
seed_t seed_of(py::handle value, const std::string& name = "seed");
int threads_of(py::handle value);
// A size argument (a whole number >= 1).
index_t size_of(py::handle value, const std::string& name);

// A path argument (str or os.PathLike).
fs::path path_of(py::handle value);
// FileNotFoundError unless `path` names an existing file.
void require_file(const fs::path& path);

// --- the parts of the module ---
void bind_errors(py::module_& m);
void bind_connectome(py::module_& m);
void bind_connect(py::module_& m);
void bind_network(py::module_& m);
void bind_recording(py::module_& m);
void bind_legacy(py::module_& m);

}  // namespace neurowire::python
