#pragma once
// The Python Network (a build::Network the package owns) and running it.
#include "build/network.hpp"
#include "python/src/common.hpp"

namespace neurowire::python {

struct PyNetwork {
    build::Network net;
};

// Runs a copy of `net` (so the network can run again) for `duration` (None: its own), with the
// recordings given (None: its own), and returns the Recording.
py::object run_network(const build::Network& net, py::object duration, py::object record, py::object spikes,
                       py::object progress, py::object threads, const std::string& kernels);

}  // namespace neurowire::python
