"""Brian2 builds Synapses from the NPZ arrays: same synapse count, pairs and per-neuron degrees."""
import os

import numpy as np

from common import Checker, expected, folder, skip_without

brian2 = skip_without("brian2")
from brian2 import NeuronGroup, Synapses, prefs  # noqa: E402

prefs.codegen.target = "numpy"   # no compiler run: the check is about the data, not Brian's codegen

d = folder()
want = expected(d)
c = Checker("check_brian2")
for name, proj in want["projections"].items():
    with np.load(os.path.join(d, name + ".npz")) as z:
        source, target = z["source"], z["target"]
        n_source, n_target = int(z["n_source"]), int(z["n_target"])
    pre = NeuronGroup(n_source, "v : 1", name=f"pre_{name}")
    post = NeuronGroup(n_target, "v : 1", name=f"post_{name}")
    syn = Synapses(pre, post, "w : 1", name=f"syn_{name}")
    # Brian2 2.5 accepts only signed integer indices (np.signedinteger); SPEC.md's uint32 arrays
    # need this one cast, which is what a user's script must do too.
    syn.connect(i=source.astype(np.int64), j=target.astype(np.int64))
    c.check(len(syn) == len(proj["source"]), f"{name}: Brian2 made {len(syn)} synapses, want {len(proj['source'])}")
    i, j = np.asarray(syn.i[:]), np.asarray(syn.j[:])
    c.equal(np.bincount(i, minlength=n_source), np.bincount(proj["source"], minlength=proj["n_source"]), f"{name}: out-degrees")
    c.equal(np.bincount(j, minlength=n_target), np.bincount(proj["target"], minlength=proj["n_target"]), f"{name}: in-degrees")
    got = sorted(zip(i.tolist(), j.tolist()))
    c.check(got == sorted(zip(proj["source"].tolist(), proj["target"].tolist())), f"{name}: synapse pairs differ")
c.finish()
