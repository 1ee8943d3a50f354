// neurowire._core: the extension module behind `import neurowire` (python/neurowire/__init__.py).
#include "python/src/common.hpp"

PYBIND11_MODULE(_core, m) {
    m.doc() = "neurowire's C++ core: connectomes, networks and the runner (use the package `neurowire`).";
    m.attr("__version__") = NEUROWIRE_VERSION;
    namespace nwp = neurowire::python;
    nwp::bind_errors(m);
    nwp::bind_connectome(m);
    nwp::bind_connect(m);
    nwp::bind_recording(m);
    nwp::bind_network(m);
    nwp::bind_legacy(m);
}
