#pragma once
// The Python Recording: a sim::Recording the package owns, read as recording.npz would be.
#include <memory>
#include <string>
#include <vector>

#include "python/src/common.hpp"
#include "sim/recording.hpp"

namespace neurowire::python {

struct PyRecording {
    sim::Recording recording;
    std::vector<index_t> population_sizes;        // by program slot, for the `.units` entries
    std::vector<std::string> population_names;
    std::vector<double> step_times;                // `t` when no variable was recorded
    double compile_s = 0.0, setup_s = 0.0, sim_s = 0.0;
    std::string kernels;
    std::string threads;                           // threads used and why (app::threads_line)
    std::string failure;                           // the NaN/Inf message of a run that stopped
};

// The recording of a finished (or stopped) simulation, as a Python object.
py::object make_recording(PyRecording recording);

}  // namespace neurowire::python
