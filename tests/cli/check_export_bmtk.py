#!/usr/bin/python3
"""BMTK reads what `neurowire export` (NEST's names) writes, and sees the network `neurowire run`
simulates: bmtk.utils.sonata.File and BMTK's simulator-side loader (SimNetwork.from_config, what
pointnet hands to NEST) find the cell populations as nest:iaf_cond_exp with the mapped
parameters, the Poisson drive as a virtual population, every edge of the run's connectomes with
its weight in nS (inhibitory negative) and its delay in whole steps, and BMTK's spike-train reader
loads the input spikes.

usage: check_export_bmtk.py NEUROWIRE SPEC WORK_DIR        Exit 77 when BMTK or h5py is missing.
"""
import os
import pathlib
import shutil
import subprocess
import sys

import numpy as np

try:
    import h5py
    from bmtk.simulator.core.simulator_network import SimNetwork
    from bmtk.utils.reports.spike_trains import SpikeTrains
    from bmtk.utils.sonata import File
except ImportError as e:
    print(f"skipped: {e}")
    sys.exit(77)

exe, spec, work = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def nw(*args):
    return subprocess.run([exe, *map(str, args)], capture_output=True, text=True)


run, out = work / "run", work / "export"
p = nw("run", spec, "-o", run, "--no-plots", "--quiet")
check(p.returncode == 0, f"run: {p.stderr}")
p = nw("export", spec, "-o", out, "--quiet")
check(p.returncode == 0, f"export: {p.stderr}")
check("per node type only" in p.stderr, f"export does not note NEST's per-node-type parameters: {p.stderr!r}")
s = out / "sonata"
dt, g_l = 0.1, 10.0
sizes = {"E": 40, "I": 10}
virtual = "E_g_e_poisson2"

f = File(data_files=[str(s / "nodes.h5"), str(s / "virtual_nodes.h5"), str(s / "edges.h5")],
         data_type_files=[str(s / "node_types.csv"), str(s / "virtual_node_types.csv"), str(s / "edge_types.csv")])
pops = {p.name: p for p in f.nodes.populations}
check(sorted(pops) == sorted([*sizes, virtual]), f"File: node populations {sorted(pops)}")
for name, n in sizes.items():
    df = pops[name].to_dataframe()
    check(len(df) == n and set(df["model_template"]) == {"nest:iaf_cond_exp"}, f"File: {name} {len(df)} nodes, {set(df['model_template'])}")
check(set(pops[virtual].to_dataframe()["model_type"]) == {"virtual"} and len(pops[virtual]) == 4, "File: the virtual population")

net = SimNetwork.from_config(str(s / "simulation_config.json"))
for pop in net.node_populations:
    nodes = list(pop.get_nodes())
    if pop.name == virtual:
        check(len(nodes) == 4 and all(n.model_type == "virtual" for n in nodes), f"SimNetwork: {virtual}")
        continue
    params = nodes[0].dynamics_params
    check(len(nodes) == sizes[pop.name] and tuple(nodes[0].model_template) == ("nest", "iaf_cond_exp"),
          f"SimNetwork: {pop.name} {len(nodes)} nodes, {nodes[0].model_template}")
    for key, value in {"C_m": 200.0, "g_L": 10.0, "E_L": -60.0, "V_th": -50.0, "V_reset": -60.0, "t_ref": 5.0,
                       "E_ex": 0.0, "E_in": -80.0, "tau_syn_ex": 5.0, "tau_syn_in": 10.0, "I_e": 200.0}.items():
        check(params.get(key) == value, f"SimNetwork: {pop.name} {key} = {params.get(key)}, want {value}")

loaded = {ep.name: ep for ep in net._edge_populations}
check(sorted(loaded) == ["E2I", "E_g_e_poisson2_to_E", "I2E"], f"SimNetwork: edge populations {sorted(loaded)}")
for name, sign, delay in (("E2I", 1.0, 0.1), ("I2E", -1.0, 0.27)):
    ref = np.load(run / f"{name}.npz")
    edges = list(loaded[name].get_edges())
    got = np.array([(e.source_node_id, e.target_node_id, e.syn_weight(None, None) * e.nsyns, e.delay) for e in edges])
    check(len(got) == len(ref["source"]) > 0, f"{name}: {len(got)} edges, the run has {len(ref['source'])}")
    if len(got) == len(ref["source"]):
        check(np.array_equal(got[:, 0], ref["source"]) and np.array_equal(got[:, 1], ref["target"]), f"{name}: node ids")
        check(np.allclose(got[:, 2], sign * ref["weight"].astype(np.float64) * g_l, rtol=1e-6), f"{name}: weights in nS")
        check(np.allclose(got[:, 3], max(1, round(delay / dt)) * dt, rtol=1e-6), f"{name}: delays {set(got[:, 3])}")
drive = list(loaded["E_g_e_poisson2_to_E"].get_edges())
check(sorted(int(e.target_node_id) for e in drive) == [0, 1, 2, 5], "the Poisson drive's targets")
check(all(abs(e.syn_weight(None, None) - 2.0) < 1e-9 for e in drive), "the Poisson drive's weight (0.2 × 10 nS)")

trains = SpikeTrains.load(str(s / "inputs" / f"{virtual}.h5"))
check(trains.populations == [virtual], f"input spikes: populations {trains.populations}")
n = trains.n_spikes(population=virtual)
expected = 4 * 0.5 * 50.0   # units × rate per ms × ms
check(abs(n - expected) < 5 * np.sqrt(expected), f"input spikes: {n}, expected about {expected:.0f}")
with h5py.File(s / "nodes.h5", "r") as h:
    v = h["nodes/E/0/dynamics_params/V_m"][()]
    check(len(v) == 40 and v.std() > 0.5 and abs(v.mean() + 55.0) < 2.0, f"per-node V_m: mean {v.mean()}, std {v.std()}")

print(f"check_export_bmtk: {len(failures)} failures")
sys.exit(1 if failures else 0)
