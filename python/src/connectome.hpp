#pragma once
// The Python Connectome: a connect::Connectome the package owns, with the names and positions
// that `save` writes next to it. Its arrays are numpy views of the C++ vectors.
#include <memory>
#include <string>

#include "connect/connectome.hpp"
#include "python/src/common.hpp"

namespace neurowire::python {

struct PyConnectome {
    connect::Connectome table;
    std::string name;                                   // the projection, as in DIR/<name>.npz
    std::string source_name = "source", target_name = "target";
    std::shared_ptr<const spatial::Positions> source_positions, target_positions;   // may be null
    bool recurrent = false;                             // source and target are one population
};

}  // namespace neurowire::python
