#!/usr/bin/python3
"""Seed 004 — the Brian2 forum thread "spatially defined connectivity with a specific number of
synapses", in neurowire, and straight into Brian2.

Every presynaptic neuron makes exactly 10 synapses; each target is drawn with probability
proportional to exp(-d²/2σ²), σ = 1, over ALL postsynaptic neurons, repeats allowed as with
random.choices — exact, and without the N_pre × N_post distance matrix of the thread's numpy
version (3.2 GB at 10,000 × 40,000). Positions x, y ~ N(0, 1) for both groups.

  1. 1,200 -> 40,000 (the thread's script: an hour with loops, seconds with broadcasting);
  2. 40,000 -> 40,000 (the size the user aims for);
  3. the first connectome as Brian2 synapses: Synapses.connect(i=c.i, j=c.j), then a short run.

    PYTHONPATH=out/python /usr/bin/python3 examples/python/seed004_brian2_forum.py [--quick] [--out DIR]
"""
import argparse
import pathlib
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import neurowire as nw  # noqa: E402

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--quick", action="store_true", help="smaller groups and a shorter Brian2 run")
parser.add_argument("--out", type=pathlib.Path, default=pathlib.Path("out/examples/seed004"))
args = parser.parse_args()
args.out.mkdir(parents=True, exist_ok=True)

SIGMA = 1.0
N_conn_per_pre = 10
N_pre, N_post = (1200, 4000) if args.quick else (1200, 40000)
rule = {"kind": "fixed_outdegree", "k": N_conn_per_pre, "multapses": True}
kernel = {"kind": "gaussian", "sigma": SIGMA}

xy_pre = nw.positions.gaussian(N_pre, mean=[0, 0], std=[1, 1], seed=4, stream=0)
xy_post = nw.positions.gaussian(N_post, mean=[0, 0], std=[1, 1], seed=4, stream=1)

# --- 1. 1,200 -> 40,000 ------------------------------------------------------------------------
start = time.perf_counter()
c = nw.connect(xy_pre, xy_post, rule=rule, kernel=kernel, weight=0.5, delay=1.0, seed=4)
took = time.perf_counter() - start
print(f"{N_pre:.1e} presynaptic, {N_post:.1e} postsynaptic neurons")
print(f" each pre neuron has {N_conn_per_pre} connections, for {len(c):.1e} total connections")
print(f"choosing connections took: \n {took:.2e} seconds")
assert np.all(c.out_degrees() == N_conn_per_pre)

# --- 2. 40,000 -> 40,000 -----------------------------------------------------------------------
N_big = 4000 if args.quick else 40000
xy_big = nw.positions.gaussian(N_big, mean=[0, 0], std=[1, 1], seed=4, stream=2)
start = time.perf_counter()
big = nw.connect(xy_big, xy_post, rule=rule, kernel=kernel, seed=4)
took_big = time.perf_counter() - start
print(f"{N_big:.1e} presynaptic, {N_post:.1e} postsynaptic neurons: {len(big):.1e} connections in {took_big:.2e} s")

# The kernel the draws follow: the distances of the first 200 sources' targets against the
# histogram that exactly K(d)-weighted choices over the whole postsynaptic cloud give them.
first = c.source < 200
d = np.linalg.norm(c.target_positions[c.target[first]] - c.source_positions[c.source[first]], axis=1)
some = xy_pre[:200]
all_d = np.linalg.norm(xy_post[None, :, :] - some[:, None, :], axis=2)
p = np.exp(-all_d ** 2 / (2 * SIGMA ** 2))
bins = np.linspace(0, 6, 41)
expected = np.array([np.histogram(row, bins=bins, weights=w / w.sum())[0] for row, w in zip(all_d, p)]).mean(axis=0)

# --- 3. Brian2 ---------------------------------------------------------------------------------
import brian2 as b2  # noqa: E402

b2.prefs.codegen.target = "numpy"
b2.start_scope()
duration = 20 * b2.ms if args.quick else 100 * b2.ms
source = b2.PoissonGroup(N_pre, rates=20 * b2.Hz)
target = b2.NeuronGroup(N_post, "dv/dt = -v / (10*ms) : 1", threshold="v > 1", reset="v = 0", method="exact")
syn = b2.Synapses(source, target, "w : 1", on_pre="v_post += w")
syn.connect(i=c.i, j=c.j)                  # one synapse per row of the table, multapses included
syn.w = c.weight
syn.delay = c.delay * b2.ms
spikes = b2.SpikeMonitor(target)
start = time.perf_counter()
b2.run(duration)
print(f"Brian2: {len(syn)} synapses, {spikes.num_spikes} postsynaptic spikes in {duration} "
      f"({time.perf_counter() - start:.2f} s)")

fig, axes = plt.subplots(1, 3, figsize=(16, 4.8))
ax = axes[0]
ax.plot(xy_pre[:, 0], xy_pre[:, 1], "k.", markersize=1, alpha=0.3, label="presynaptic")
for i, color in zip(range(4), ["tab:blue", "tab:orange", "tab:green", "tab:red"]):
    rows = c.source == i
    tx = xy_post[c.target[rows]]
    ax.plot(tx[:, 0], tx[:, 1], "o", color=color, markersize=4)
    ax.plot(xy_pre[i, 0], xy_pre[i, 1], "*", color=color, markersize=14, markeredgecolor="k")
ax.set_title(f"targets of 4 presynaptic neurons (k = {N_conn_per_pre}, σ = {SIGMA})")
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.set_aspect("equal")
ax = axes[1]
ax.hist(d, bins=bins, density=False, weights=np.full(len(d), 1 / len(d)), color="steelblue", alpha=0.7,
        label=f"drawn ({len(d):,} synapses of 200 sources)")
ax.step(bins[:-1], expected, where="post", color="k", label="exact K(d)-weighted choice")
ax.set_xlabel("distance source–target")
ax.set_ylabel("fraction of synapses")
ax.set_title("distances follow the kernel over all targets")
ax.legend()
ax = axes[2]
ax.plot(spikes.t / b2.ms, spikes.i, ".", markersize=1, color="k")
ax.set_xlabel("time (ms)")
ax.set_ylabel("postsynaptic neuron")
ax.set_title(f"Brian2 run: {spikes.num_spikes} spikes")
fig.tight_layout()
fig.savefig(args.out / "seed004_forum.png", dpi=100)
plt.close(fig)
print(f"figure in {args.out}")
