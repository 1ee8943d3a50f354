"""PyNN's FromFileConnector reads the .conn files: same connections, weights and delays."""
import os

import numpy as np

from common import Checker, expected, folder, skip_without

sim = skip_without("pyNN.mock")

d = folder()
want = expected(d)
c = Checker("check_pynn")
sim.setup(timestep=0.1, min_delay=0.1)
pops = {name: sim.Population(info["size"], sim.IF_cond_exp(), label=name) for name, info in want["populations"].items()}
for name, proj in want["projections"].items():
    connector = sim.FromFileConnector(os.path.join(d, name + ".conn"))
    p = sim.Projection(pops[proj["source_population"]], pops[proj["target_population"]], connector, sim.StaticSynapse())
    c.check(p.size() == len(proj["source"]), f"{name}: PyNN made {p.size()} connections, want {len(proj['source'])}")
    got = sorted((int(i), int(j), float(np.float32(w)), float(np.float32(dl)))
                 for i, j, w, dl in p.get(["weight", "delay"], format="list"))
    ref = sorted(zip(proj["source"].tolist(), proj["target"].tolist(),
                     proj["weight"].astype(np.float64).tolist(), proj["delay"].astype(np.float64).tolist()))
    c.check(got == ref, f"{name}: connections differ (first got {got[:2]}, want {ref[:2]})")
sim.end()
c.finish()
