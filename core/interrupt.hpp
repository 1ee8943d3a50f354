#pragma once
// Stopping long work early at another thread's request (Ctrl-C in the Python package). The work
// polls a flag where stopping leaves nothing half-done for its caller and throws `interrupted`;
// a caller that set the flag discards whatever the work would have returned.
#include <atomic>

#include "core/error.hpp"

namespace neurowire {

struct interrupted : error {
    interrupted() : error("interrupted") {}
};

inline bool stop_requested(const std::atomic<bool>* stop) { return stop && stop->load(std::memory_order_relaxed); }

inline void throw_if_stopped(const std::atomic<bool>* stop) {
    if (stop_requested(stop)) throw interrupted();
}

}  // namespace neurowire
