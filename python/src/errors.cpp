// neurowire's errors as Python exceptions (python/neurowire/_errors.py): bad input ValueError,
// files OSError (a missing file FileNotFoundError), the up-front memory refusal MemoryError, a
// run that produced NaN/Inf RuntimeError, an interrupted call KeyboardInterrupt. The fields of
// each error (file, key path, what was expected and found, …) become attributes.
#include <cerrno>
#include <new>

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "python/src/common.hpp"
#include "python/src/errors.hpp"
#include "sim/kernels.hpp"
#include "sim/runner.hpp"

namespace neurowire::python {

namespace {

py::object error_class(const char* name) { return py::module_::import("neurowire._errors").attr(name); }

void set_error(const char* class_name, const std::string& message, const py::dict& fields) {
    const py::object cls = error_class(class_name);
    const py::object exc = cls(message);
    for (const auto& [key, value] : fields) py::setattr(exc, key, value);
    PyErr_SetObject(cls.ptr(), exc.ptr());
}

void translate(std::exception_ptr p) {
    try {
        if (p) std::rethrow_exception(p);
    } catch (const missing_file& e) {
        const py::object exc = py::module_::import("builtins").attr("FileNotFoundError")(ENOENT, e.what(), e.path);
        PyErr_SetObject(py::type::handle_of(exc).ptr(), exc.ptr());
    } catch (const config_error& e) {
        py::dict f;
        f["file"] = e.file;
        f["line"] = e.line;
        f["column"] = e.column;
        f["key_path"] = e.key_path;
        f["expected"] = e.expected;
        f["found"] = e.found;
        set_error("SpecError", e.what(), f);
    } catch (const file_error& e) {
        py::dict f;
        f["filename"] = e.file;
        f["where"] = e.where;
        f["problem"] = e.problem;
        set_error("FileError", e.what(), f);
    } catch (const memory_error& e) {
        py::dict f;
        f["estimate_bytes"] = e.estimate_bytes;
        f["available_bytes"] = e.available_bytes;
        set_error("MemoryLimitError", e.what(), f);
    } catch (const sim::nonfinite_error& e) {
        py::dict f;
        f["population"] = e.population;
        f["variable"] = e.variable;
        f["unit"] = e.unit;
        f["step"] = e.step;
        f["value"] = e.value;
        set_error("SimulationError", e.what(), f);
    } catch (const interrupted&) {
        PyErr_SetNone(PyExc_KeyboardInterrupt);
    } catch (const sim::kernel_error& e) {
        set_error("KernelError", e.what(), py::dict());
    } catch (const simulation_error& e) {
        set_error("SimulationError", e.what(), py::dict());
    } catch (const error& e) {
        set_error("Error", e.what(), py::dict());
    }
}

}  // namespace

missing_file::missing_file(const fs::path& p) : std::runtime_error("No such file or directory"), path(p.string()) {}

void require_file(const fs::path& path) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) throw missing_file(path);
}

void bind_errors(py::module_&) { py::register_exception_translator(&translate); }

}  // namespace neurowire::python
