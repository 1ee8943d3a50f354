#pragma once
// Long calls (connect, run, loading a network) run on a worker thread while the calling thread
// waits without the GIL, so other Python threads keep going. Every 50 ms the caller takes the GIL
// briefly: it runs Python's signal handlers (Ctrl-C), draws the progress bar, and on
// KeyboardInterrupt (or an exception from a progress callback) sets the stop flag the work polls
// (connect::Options::stop, or a throwing run progress callback), waits for the worker to give
// up, and re-raises. Nothing the work built is handed back after a stop.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "python/src/common.hpp"

namespace neurowire::python {

struct Control {
    std::atomic<bool> stop{false};
    std::atomic<std::uint64_t> done{0}, total{0};   // progress, in the work's own units
};

// `progress`: False/None (nothing), True (a text bar on stderr labelled `label`), or a callable
// progress(done, total). Rethrows the work's exception, or the Python exception that stopped it.
void run_in_background(const std::function<void(Control&)>& work, py::handle progress, const std::string& label);

// A progress callback for sim::RunOptions: reports (done, total) and throws
// neurowire::interrupted once the stop flag is set. Checked every step (a relaxed load).
std::function<void(std::uint64_t, std::uint64_t)> step_progress(Control& control);

}  // namespace neurowire::python
