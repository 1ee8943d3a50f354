#pragma once
// The bound on requested thread counts. OpenMP starts every thread asked for, each with its own
// stack: 100000 threads exhaust the process's memory or thread limit and end inside libgomp.
// 1024 is beyond the cores of any shared-memory machine neurowire targets, so no real request is
// refused, and a typo is refused with a message instead of a crash.
#include <string>

#include "core/error.hpp"

namespace neurowire {

inline constexpr int max_threads = 1024;

// `threads` as a thread count: 0 (all cores) to max_threads; config_error at `key` otherwise.
inline void check_thread_count(long long threads, const std::string& key) {
    if (threads < 0 || threads > max_threads)
        throw config_error(key, "a thread count from 1 to " + std::to_string(max_threads) + " (0: all cores)",
                           std::to_string(threads));
}

}  // namespace neurowire
