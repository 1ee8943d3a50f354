#!/usr/bin/python3
"""`neurowire run` writes DIR/spikes.h5, and BMTK's spike-train reader
(bmtk.utils.reports.spike_trains.SpikeTrains) loads it: per recorded spiking population, the same
(unit, time in ms) pairs as recording.npz, time-sorted, units ms; and the population sizes and the
simulated time that `neurowire inspect` reads from it. A run without spiking populations writes
no spikes.h5.

usage: check_run_spikes.py NEUROWIRE SPECS_DIR WORK_DIR
Exit 77 (skipped) when BMTK or h5py is missing.
"""
import pathlib
import shutil
import subprocess
import sys

import numpy as np

try:
    import h5py
    from bmtk.utils.reports.spike_trains import SpikeTrains, sort_order
except ImportError as e:
    print(f"skipped: {e}")
    sys.exit(77)

exe, specs, work = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


out = work / "small"
done = subprocess.run([exe, "run", str(specs / "run_small.yaml"), "-o", str(out), "--no-plots", "--quiet"],
                      capture_output=True, text=True)
check(done.returncode == 0, f"run exited {done.returncode}: {done.stderr}")
rec = np.load(out / "recording.npz")
sizes = {"lif": 4, "E": 400, "I": 100}
st = SpikeTrains.load(str(out / "spikes.h5"))
check(sorted(st.populations) == sorted(sizes), f"BMTK sees populations {st.populations}")
for pop, size in sizes.items():
    times, units = rec[f"{pop}.spike_times"], rec[f"{pop}.spike_units"].astype(np.int64)
    check(len(times) > 0, f"{pop}: no spikes recorded, the comparison would be empty")
    check(st.units(population=pop) == "ms", f"{pop}: units {st.units(population=pop)}")
    check(st.sort_order(population=pop) == sort_order.by_time, f"{pop}: sort order {st.sort_order(population=pop)}")
    check(st.n_spikes(population=pop) == len(times), f"{pop}: BMTK reads {st.n_spikes(population=pop)} spikes, "
                                                     f"recording.npz has {len(times)}")
    df = st.to_dataframe(populations=pop)
    got = sorted(zip(df["node_ids"].astype(np.int64).tolist(), df["timestamps"].tolist()))
    check(got == sorted(zip(units.tolist(), times.tolist())), f"{pop}: (node id, time) pairs differ from recording.npz")
    node = int(units[0])
    check(np.array_equal(np.sort(st.get_times(node, population=pop)), np.sort(times[units == node])),
          f"{pop}: get_times({node}) differs")
    with h5py.File(out / "spikes.h5", "r") as f:
        g = f["spikes"][pop]
        check(int(g.attrs["n_nodes"]) == size, f"{pop}: attribute n_nodes {g.attrs.get('n_nodes')}, want {size}")
        check(float(g.attrs["tstop"]) == 100.0, f"{pop}: attribute tstop {g.attrs.get('tstop')}, want 100.0 ms")
        check(np.all(np.diff(g["timestamps"][()]) >= 0), f"{pop}: timestamps not in time order")

# No spiking population: no spike report.
wc = work / "rate_only"
spec = work / "rate_only.yaml"
spec.write_text("dt: 0.1\nduration: 1.0\npopulations:\n  e: {model: neural_mass_models.wilsoncowan.exc_pop, size: 2}\n"
                "record: {variables: [e/r]}\n")
done = subprocess.run([exe, "run", str(spec), "-o", str(wc), "--no-plots", "--quiet"], capture_output=True, text=True)
check(done.returncode == 0, f"rate-only run exited {done.returncode}: {done.stderr}")
check(not (wc / "spikes.h5").exists(), "a run without spiking populations wrote spikes.h5")

print(f"check_run_spikes: {len(failures)} failures")
sys.exit(1 if failures else 0)
