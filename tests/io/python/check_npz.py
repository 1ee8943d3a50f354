"""numpy reads the NPZ connectomes, the positions .npy, the CSV connectomes and the recording."""
import os

import numpy as np

from common import Checker, expected, folder

d = folder()
want = expected(d)
c = Checker("check_npz")

for name, proj in want["projections"].items():
    with np.load(os.path.join(d, name + ".npz")) as z:
        c.check(sorted(z.files) == sorted(["source", "target", "weight", "delay", "n_source", "n_target"]),
                f"{name}.npz members: {z.files}")
        for key, dtype in [("source", np.uint32), ("target", np.uint32), ("weight", np.float32), ("delay", np.float32)]:
            c.check(z[key].dtype == dtype, f"{name}.npz {key} dtype {z[key].dtype}, want {np.dtype(dtype)}")
            c.equal(z[key], proj[key], f"{name}.npz {key}")
        for key in ["n_source", "n_target"]:
            c.check(z[key].shape == () and np.issubdtype(z[key].dtype, np.integer), f"{name}.npz {key} is not a 0-d integer")
            c.check(int(z[key]) == proj[key], f"{name}.npz {key} = {z[key]}, want {proj[key]}")
        order = np.lexsort((z["target"], z["source"]))
        c.check(np.array_equal(order, np.arange(len(order))), f"{name}.npz rows are not sorted by (source, target)")

    table = np.loadtxt(os.path.join(d, name + ".csv"), delimiter=",", skiprows=1, ndmin=2)
    with open(os.path.join(d, name + ".csv")) as f:
        c.check(f.readline().strip() == "source,target,weight,delay", f"{name}.csv header")
    c.equal(table[:, 0].astype(np.uint32), proj["source"], f"{name}.csv source")
    c.equal(table[:, 1].astype(np.uint32), proj["target"], f"{name}.csv target")
    c.equal(table[:, 2].astype(np.float32), proj["weight"], f"{name}.csv weight")
    c.equal(table[:, 3].astype(np.float32), proj["delay"], f"{name}.csv delay")

for pop, info in want["populations"].items():
    p = np.load(os.path.join(d, pop + ".positions.npy"))
    c.check(p.dtype == np.float64, f"{pop}.positions.npy dtype {p.dtype}")
    c.equal(p, info["positions"], f"{pop}.positions.npy")

with np.load(os.path.join(d, "recording.npz")) as r:
    c.check(sorted(r.files) == sorted(["t", "exc.v", "exc.spike_times", "exc.spike_units"]), f"recording members {r.files}")
    c.equal(r["t"], np.arange(50) * 0.1, "recording t")
    samples, units = np.meshgrid(np.arange(50), np.arange(4), indexing="ij")
    c.equal(r["exc.v"], 100.0 * samples + units, "recording exc.v (samples x units)")
    c.equal(r["exc.spike_times"], [0.1, 0.3, 0.3, 2.5], "recording spike times")
    c.check(r["exc.spike_units"].dtype == np.uint32, "recording spike unit dtype")
    c.equal(r["exc.spike_units"], np.array([2, 0, 3, 1], dtype=np.uint32), "recording spike units")

c.finish()
