"""neurowire: spatial connectomes, networks of vectorised populations, and a fast runner.

    import neurowire as nw
    pre = nw.positions.gaussian(1200, mean=[0, 0], std=[1, 1], seed=1)
    post = nw.positions.gaussian(40000, mean=[0, 0], std=[1, 1], seed=1, stream=1)
    c = nw.connect(pre, post, rule={"kind": "fixed_outdegree", "k": 10, "multapses": True},
                   kernel={"kind": "gaussian", "sigma": 1.0}, seed=1)
    c.source, c.target, c.weight, c.delay      # numpy views of the C++ table

    net = nw.Network(dt=1e-3, seed=42)
    net.add_population("e", "neural_mass_models.wilsoncowan.exc_pop", n=10)
    net.add_projection("e/r", "e/r_in", weights=W)
    rec = net.run(2.0, record=["e/r"])

Dicts take exactly the keys and values of the YAML specs (one schema, one validation). See
docs/python.md and help() of each name.
"""

import os as _os

# Model templates ship inside the package: dotted names resolve there when NEUROWIRE_TEMPLATES
# does not name other directories first (build/template_paths.hpp searches it in order).
_templates = _os.path.join(_os.path.dirname(__file__), "templates")
if _os.path.isdir(_templates):
    _given = _os.environ.get("NEUROWIRE_TEMPLATES")
    if not _given:
        _os.environ["NEUROWIRE_TEMPLATES"] = _templates
    elif _templates not in _given.split(":"):
        _os.environ["NEUROWIRE_TEMPLATES"] = _given + ":" + _templates

from . import _core  # noqa: E402
from ._core import (  # noqa: E402
    Connectome,
    LegacyCircuit,
    Network,
    Recording,
    connect,
    connect_spec,
    load_connectome,
    memory_limit,
    set_memory_limit,
)
from ._errors import Error, FileError, KernelError, MemoryLimitError, SimulationError, SpecError  # noqa: E402
from . import positions  # noqa: E402
from ._peers import to_brian2  # noqa: E402

__version__ = _core.__version__


def _connectome_to_brian2(self, synapses, weight=None, delay=None, weight_unit=None, delay_unit=None):
    return to_brian2(self, synapses, weight, delay, weight_unit, delay_unit)


_connectome_to_brian2.__doc__ = to_brian2.__doc__
Connectome.to_brian2 = _connectome_to_brian2

__all__ = [
    "Connectome", "LegacyCircuit", "Network", "Recording", "connect", "connect_spec", "load_connectome",
    "positions", "to_brian2",
    "Error", "SpecError", "FileError", "MemoryLimitError", "SimulationError", "KernelError",
]
