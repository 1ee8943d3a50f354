"""Brian2 and the NPZ's float32 arrays, the two things a user meets (docs/files.md says what to do):
- float32 delay x ms stays float32 in seconds: 1.0 ms becomes 0.001f s = 1.00000005 ms, and
  2.5 ms 2.50000018 ms. Casting to float64 first gives the delays exactly as stored.
- Brian2 2.5 refuses unsigned indices (TypeError); int64 works."""
import os

import numpy as np

from common import Checker, expected, folder, skip_without

skip_without("brian2")
from brian2 import NeuronGroup, Synapses, ms, prefs  # noqa: E402

prefs.codegen.target = "numpy"

d = folder()
want = expected(d)
c = Checker("check_brian2_delay")
for name in want["projections"]:
    with np.load(os.path.join(d, name + ".npz")) as z:
        source, target, delay = z["source"], z["target"], z["delay"]
        n_source, n_target = int(z["n_source"]), int(z["n_target"])
    c.check(delay.dtype == np.float32 and source.dtype == np.uint32, f"{name}: npz dtypes {delay.dtype} {source.dtype}")
    pre = NeuronGroup(n_source, "v : 1", threshold="v > 1", reset="", name=f"pre_{name}")
    post = NeuronGroup(n_target, "v : 1", name=f"post_{name}")
    syn = Synapses(pre, post, "w : 1", on_pre="v_post += w", name=f"syn_{name}")
    try:
        syn.connect(i=source, j=target)
        c.check(False, f"{name}: Brian2 accepted uint32 indices; the docs say it refuses them")
    except TypeError:
        pass
    syn.connect(i=source.astype(np.int64), j=target.astype(np.int64))

    syn.delay = delay * ms   # the friction: float32 seconds
    as_float32 = np.asarray(syn.delay[:] / ms)
    exact = delay.astype(np.float64)
    off = np.abs(as_float32 - exact)
    c.check(off.max() > 0, f"{name}: float32 x ms was exact; the docs describe a rounding that did not happen")
    c.check(off.max() <= 1e-6 * exact.max(), f"{name}: float32 x ms off by {off.max()} ms, more than float32 rounding")
    if np.any(delay == 1.0):
        k = int(np.flatnonzero(delay == 1.0)[0])
        c.check(abs(as_float32[k] - 1.00000005) < 1e-8, f"{name}: 1.0 ms became {as_float32[k]!r} ms")

    syn.delay = delay.astype(np.float64) * ms   # the fix
    c.equal(np.asarray(syn.delay[:] / ms), exact, f"{name}: delays after the float64 cast")
    print(f"{name}: float32 x ms off by up to {off.max():.3g} ms; float64 cast exact")
c.finish()
