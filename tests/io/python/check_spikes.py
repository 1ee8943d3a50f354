"""BMTK's spike-train reader (bmtk.utils.reports.spike_trains.SpikeTrains) loads spikes.h5 and sees
the spikes of expected.json: per population, every (node id, time in ms), the time order, the
units and sort order it reports; h5py checks the dtypes."""
import os

import numpy as np

from common import Checker, folder, skip_without

skip_without("bmtk")
h5py = skip_without("h5py")
from bmtk.utils.reports.spike_trains import SpikeTrains, sort_order  # noqa: E402

import json  # noqa: E402

d = folder()
path = os.path.join(d, "spikes.h5")
with open(os.path.join(d, "expected.json")) as f:
    want = json.load(f)["spikes"]
c = Checker("check_spikes")

st = SpikeTrains.load(path)
c.check(sorted(st.populations) == sorted(want), f"populations {st.populations}")
for pop, spikes in want.items():
    times = np.array(spikes["times"], dtype=np.float64)
    units = np.array(spikes["units"], dtype=np.int64)
    c.check(st.units(population=pop) == "ms", f"{pop}: units {st.units(population=pop)}")
    c.check(st.sort_order(population=pop) == sort_order.by_time, f"{pop}: sort order {st.sort_order(population=pop)}")
    c.check(st.n_spikes(population=pop) == len(times), f"{pop}: {st.n_spikes(population=pop)} spikes, want {len(times)}")
    df = st.to_dataframe(populations=pop)
    got = sorted(zip(df["node_ids"].astype(np.int64).tolist(), df["timestamps"].tolist()))
    c.check(got == sorted(zip(units.tolist(), times.tolist())), f"{pop}: (node id, time) pairs differ")
    for node in set(units.tolist()):
        c.equal(np.sort(st.get_times(node, population=pop)), np.sort(times[units == node]), f"{pop}: get_times({node})")
    order = np.lexsort((units, times))   # by time, then id: the file's order
    with h5py.File(path, "r") as f:
        g = f["spikes"][pop]
        c.check(g["timestamps"].dtype == np.float64 and g["node_ids"].dtype == np.uint64, f"{pop}: dtypes")
        c.equal(g["timestamps"][()], times[order], f"{pop}: timestamps in time order")
        c.equal(g["node_ids"][()], units[order].astype(np.uint64), f"{pop}: node_ids in time order")
        enum = h5py.check_enum_dtype(g.attrs.get_id("sorting").dtype)
        c.check(enum is not None and {v: k for k, v in enum.items()}.get(int(g.attrs["sorting"])) == "by_time",
                f"{pop}: sorting attribute {g.attrs.get('sorting')} (enum {enum})")
c.finish()
