#pragma once
// The Python Network (a build::Network the package owns) and running it.
#include <memory>
#include <mutex>

#include "build/network.hpp"
#include "python/src/common.hpp"

namespace neurowire::python {

struct PyNetwork {
    build::Network net;
    // Held by every method while it reads or changes `net`: the long ones do so without the GIL.
    std::unique_ptr<std::mutex> mutex = std::make_unique<std::mutex>();

    PyNetwork() = default;
    explicit PyNetwork(build::Network n) : net(std::move(n)) {}
};

// Exclusive use of an object's mutex, taken with the GIL released (a thread that holds the mutex
// may need the GIL back; one that holds the GIL never waits for the mutex while holding it).
class Guard {
public:
    explicit Guard(std::mutex& m);
    explicit Guard(const PyNetwork& n) : Guard(*n.mutex) {}

private:
    std::unique_lock<std::mutex> lock_;
};

// Runs `net` (a copy of the caller's: running hands its weights to the program) for `duration`
// (None: its own), with the recordings given (None: its own), and returns the Recording.
py::object run_network(build::Network net, py::object duration, py::object record, py::object spikes,
                       py::object progress, py::object threads, const std::string& kernels);

}  // namespace neurowire::python
