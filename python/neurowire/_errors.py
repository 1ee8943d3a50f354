"""The exceptions neurowire raises.

Every one derives from :class:`Error` and from the built-in exception a Python user expects:
a bad spec or argument is a :class:`ValueError`, a bad or unreadable data file an
:class:`OSError`, a request refused up front for lack of memory a :class:`MemoryError`, a run
that produced NaN or Inf a :class:`RuntimeError`. Ctrl-C during a long call raises the ordinary
:class:`KeyboardInterrupt`; a missing file argument the ordinary :class:`FileNotFoundError`.
"""


class Error(Exception):
    """Base class of neurowire's errors."""


class SpecError(Error, ValueError):
    """A bad value in a spec, a dict or an argument.

    Attributes: ``file`` (the spec file, ``"<dict>"`` or empty), ``line`` and ``column``
    (1-based, 0 when unknown), ``key_path`` (e.g. ``"projections[2].kernel.sigma"``),
    ``expected`` (what is allowed) and ``found`` (what was given).
    """

    file = ""
    line = 0
    column = 0
    key_path = ""
    expected = ""
    found = ""


class FileError(Error, OSError):
    """A data file that cannot be read or written, or is malformed.

    Attributes: ``filename``, ``where`` (e.g. ``"line 12"``) and ``problem``.
    """

    where = ""
    problem = ""


class MemoryLimitError(Error, MemoryError):
    """A request that cannot fit in memory, refused before allocating.

    Attributes: ``estimate_bytes`` and ``available_bytes``.
    """

    estimate_bytes = 0.0
    available_bytes = 0.0


class SimulationError(Error, RuntimeError):
    """A run that cannot go on, e.g. a state that became NaN or Inf.

    Attributes: ``population``, ``variable``, ``unit``, ``step`` and ``value`` for NaN/Inf, and
    ``recording``: the :class:`~neurowire.Recording` of the steps before the failing one (or None).
    """

    population = ""
    variable = ""
    unit = 0
    step = 0
    value = float("nan")
    recording = None


class KernelError(Error, RuntimeError):
    """A native kernel that was asked for (``kernels="native"``) but cannot be compiled."""


__all__ = ["Error", "SpecError", "FileError", "MemoryLimitError", "SimulationError", "KernelError"]
