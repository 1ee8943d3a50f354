#include "python/src/background.hpp"

#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

#include "core/interrupt.hpp"

namespace neurowire::python {

namespace {

// None/False: nothing; True: the package's text bar; a callable: wrapped as a bar.
py::object make_bar(py::handle progress, const std::string& label) {
    if (!progress || progress.is_none() || (PyBool_Check(progress.ptr()) && progress.ptr() == Py_False)) return py::none();
    const py::module_ bars = py::module_::import("neurowire._progress");
    if (PyBool_Check(progress.ptr())) return bars.attr("TextBar")(label);
    return bars.attr("CallbackBar")(progress);
}

}  // namespace

void run_in_background(const std::function<void(Control&)>& work, py::handle progress, const std::string& label) {
    Control control;
    const py::object bar = make_bar(progress, label);
    std::exception_ptr failure;
    std::optional<py::error_already_set> raised;   // KeyboardInterrupt, or the bar's exception
    std::mutex m;
    std::condition_variable cv;
    bool finished = false;
    {
        py::gil_scoped_release release;
        std::thread worker([&] {
            try {
                work(control);
            } catch (...) {
                failure = std::current_exception();
            }
            std::lock_guard<std::mutex> lock(m);
            finished = true;
            cv.notify_one();
        });
        for (;;) {
            std::unique_lock<std::mutex> lock(m);
            if (cv.wait_for(lock, std::chrono::milliseconds(50), [&] { return finished; })) break;
            lock.unlock();
            if (raised) continue;   // stopping: wait for the worker to give up
            py::gil_scoped_acquire gil;
            if (PyErr_CheckSignals() != 0) {
                raised.emplace();   // fetches the pending exception
                control.stop = true;
                continue;
            }
            if (!bar.is_none()) {
                try {
                    bar.attr("update")(control.done.load(), control.total.load());
                } catch (py::error_already_set& e) {
                    raised.emplace(std::move(e));
                    control.stop = true;
                }
            }
        }
        worker.join();
    }
    if (!bar.is_none()) bar.attr("close")(!raised && !failure, control.done.load(), control.total.load());
    if (raised) throw *raised;
    if (failure) std::rethrow_exception(failure);
}

std::function<void(std::uint64_t, std::uint64_t)> step_progress(Control& control) {
    return [&control](std::uint64_t done, std::uint64_t total) {
        control.done.store(done, std::memory_order_relaxed);
        control.total.store(total, std::memory_order_relaxed);
        throw_if_stopped(&control.stop);
    };
}

}  // namespace neurowire::python
