"""Position generators: each returns an (N, dims) float64 array.

They are the generators of a connectome spec's ``positions:`` maps, with the same validation:
``nw.positions.uniform(n, extent, seed=s, stream=i)`` is what a spec with seed ``s`` gives its
population number ``i`` (0-based, in file order) for ``{kind: uniform, extent: ...}``. Every
neuron draws from its own stream keyed by (seed, stream, neuron), so results do not depend on
threads. The arrays are read-only views of the C++ positions.
"""

from . import _core


def grid(n=None, extent=((0.0, 1.0), (0.0, 1.0)), shape=None):
    """A regular grid, cell-centred in ``extent`` ([[low, high], ...], 1-3 axes), axis 0 fastest.

    Give ``n`` (counts per axis proportional to the sides, their product exactly n) or ``shape``
    (points per axis).
    """
    spec = {"kind": "grid", "extent": extent}
    if shape is not None:
        spec["shape"] = shape
        if n is None:
            n = 1
            for count in shape:
                n *= int(count)
    return _core._positions(spec, n, 0, 0)


def uniform(n, extent=((0.0, 1.0), (0.0, 1.0)), seed=0, stream=0):
    """``n`` points uniform in the box ``extent`` ([[low, high], ...], 1-3 axes)."""
    return _core._positions({"kind": "uniform", "extent": extent}, n, seed, stream)


def gaussian(n, mean=(0.0, 0.0), std=(1.0, 1.0), seed=0, stream=0):
    """``n`` points with axis a ~ N(mean[a], std[a]) (1-3 axes)."""
    return _core._positions({"kind": "gaussian", "mean": mean, "std": std}, n, seed, stream)


def ball(n, center=(0.0, 0.0), radius=1.0, seed=0, stream=0):
    """``n`` points uniform in the disk (2-D), ball (3-D) or segment (1-D) of ``radius`` around ``center``."""
    return _core._positions({"kind": "ball", "center": center, "radius": radius}, n, seed, stream)


def from_spec(spec, n=None, seed=0, stream=0):
    """Positions from a positions dict of a spec (``{"kind": ..., ...}``, also ``{"kind": "file", "path": ...}``)."""
    return _core._positions(spec, n, seed, stream)


__all__ = ["grid", "uniform", "gaussian", "ball", "from_spec"]
