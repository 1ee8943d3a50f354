#pragma once
// The Python Network (a build::Network the package owns) and running it.
#include <memory>
#include <mutex>
#include <string>

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

// The Network methods that build it (network_build.cpp); each holds the network's Guard.
void add_population(PyNetwork& self, const std::string& name, const std::string& model, py::object n, py::object params,
                    py::object init, py::object positions);
void add_function_node(PyNetwork& self, const std::string& name, py::object n, py::object function);
std::string add_projection(PyNetwork& self, const std::string& source, const std::string& target, py::object weights,
                           py::object delay, py::object spread, py::object rule, py::object kernel, py::object mask,
                           py::object weight, py::object name, py::object threads, py::object progress);
void add_input(PyNetwork& self, const std::string& target, py::object data, py::object value, py::object file,
               py::object sine, py::object step, py::object poisson, py::object units);

// Runs `net` (a copy of the caller's: running hands its weights to the program) for `duration`
// (None: its own), with the recordings given (None: its own), and returns the Recording.
py::object run_network(build::Network net, py::object duration, py::object record, py::object spikes,
                       py::object progress, py::object threads, const std::string& kernels);

}  // namespace neurowire::python
