// Python values → spec::Tree: what a dict argument holds, for the spec's validators.
#include <climits>

#include "core/error.hpp"
#include "python/src/common.hpp"

namespace neurowire::python {

namespace {

std::string type_name(py::handle value) { return py::str(py::type::handle_of(value).attr("__name__")); }

std::string item_path(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }
std::string key_of(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

bool is_numpy_value(py::handle value) {
    static const py::handle generic = py::object(py::module_::import("numpy").attr("generic")).release();
    return py::isinstance(value, generic);
}

spec::Tree integer_tree(py::handle value) {
    int overflow = 0;
    const long long x = PyLong_AsLongLongAndOverflow(value.ptr(), &overflow);
    // Beyond 64 bits: its digits, which the validators refuse as they refuse such YAML.
    if (overflow != 0) return spec::Tree::string(py::str(value));
    return spec::Tree::integer(x);
}

}  // namespace

spec::Tree to_tree(py::handle value, const std::string& path) {
    if (value.is_none()) return spec::Tree();
    if (PyBool_Check(value.ptr())) return spec::Tree::boolean(value.ptr() == Py_True);
    if (PyLong_Check(value.ptr())) return integer_tree(value);
    if (PyFloat_Check(value.ptr())) return spec::Tree::real(PyFloat_AsDouble(value.ptr()));
    if (PyUnicode_Check(value.ptr())) return spec::Tree::string(value.cast<std::string>());
    // numpy scalars and arrays: their Python equivalents (item() / tolist()).
    if (is_numpy_value(value)) return to_tree(value.attr("item")(), path);
    if (py::isinstance<py::array>(value)) return to_tree(value.attr("tolist")(), path);
    if (PyDict_Check(value.ptr())) {
        spec::Tree map = spec::Tree::map();
        for (const auto& [k, v] : py::reinterpret_borrow<py::dict>(value)) {
            std::string key;
            if (PyUnicode_Check(k.ptr())) key = k.cast<std::string>();
            else if (PyLong_Check(k.ptr()) && !PyBool_Check(k.ptr())) key = py::str(k);
            else throw config_error(path, "keys that are names (str)", "a key of type " + type_name(k));
            map.set(key, to_tree(v, key_of(path, key)));
        }
        return map;
    }
    if (PyList_Check(value.ptr()) || PyTuple_Check(value.ptr())) {
        spec::Tree list = spec::Tree::list();
        std::size_t i = 0;
        for (const auto item : value) {
            list.push_back(to_tree(item, item_path(path, i)));
            ++i;
        }
        return list;
    }
    throw config_error(path, "a number, string, bool, None, list or dict", "a value of type " + type_name(value));
}

spec::Tree map_of(std::initializer_list<std::pair<const char*, py::handle>> entries) {
    spec::Tree map = spec::Tree::map();
    for (const auto& [key, value] : entries)
        if (value && !value.is_none()) map.set(key, to_tree(value, key));
    return map;
}

}  // namespace neurowire::python
