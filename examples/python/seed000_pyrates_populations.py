#!/usr/bin/python3
"""Seed 000 — PyRates' "Large-scale networks with PopulationTemplate and Connectivity", in neurowire.

All-to-all coupled Wilson–Cowan excitatory populations, as the tutorial builds them:
  1. basic usage: N = 10 units coupled by W (target × source, diagonal 15), Euler, dt = 1e-3, T = 2;
  2. heterogeneous per-unit time constants tau ~ U(8, 12);
  3. a uniform delay of 0.5 on the whole matrix, and a gamma-distributed one (spread 0.1);
  4. build time of the legacy API (N nodes, N² edge objects) against one matrix.

PyRates' "e/rate_op/r" -> "e/se_op/r_in" is "e/r" -> "e/r_in" here (one template holds both
operators); the units are driven by r_ext = 1 as in examples/seed000_wilson_cowan.yaml.

    PYTHONPATH=out/python /usr/bin/python3 examples/python/seed000_pyrates_populations.py [--quick] [--out DIR]
"""
import argparse
import pathlib
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import neurowire as nw  # noqa: E402

exc_pop = "neural_mass_models.wilsoncowan.exc_pop"

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke test")
parser.add_argument("--out", type=pathlib.Path, default=pathlib.Path("out/examples/seed000"))
args = parser.parse_args()
args.out.mkdir(parents=True, exist_ok=True)

# simulation parameters shared by all sections
T = 2.0
dt = 1e-3
rng = np.random.default_rng(42)

# --- Section 1: basic usage -------------------------------------------------------------------
N = 10
W = rng.normal(0.0, 1.0 / np.sqrt(N), (N, N))
np.fill_diagonal(W, 15.0)


def wilson_cowan(weights, params=None, **projection):
    net = nw.Network(dt=dt, seed=42, solver="euler")
    net.add_population("e", exc_pop, n=weights.shape[0], params=params)
    net.add_projection("e/r", "e/r_in", weights=weights, **projection)
    net.add_input("e/r_ext", value=1.0)
    return net


rec = wilson_cowan(W).run(T, record=["e/r"])
t, r = rec.t, rec["e.r"]                            # samples × units

fig, axes = plt.subplots(1, 2, figsize=(12, 4))
axes[0].plot(t, r, alpha=0.6, linewidth=0.8)
axes[0].set_title(f"Individual firing rates (N = {N})")
axes[0].set_xlabel("time")
axes[0].set_ylabel("r")
axes[1].plot(t, r.mean(axis=1), color="steelblue", linewidth=1.5)
axes[1].fill_between(t, r.min(axis=1), r.max(axis=1), alpha=0.25, color="steelblue", label="min/max range")
axes[1].set_title("Population mean firing rate")
axes[1].set_xlabel("time")
axes[1].set_ylabel("mean r")
axes[1].legend()
fig.tight_layout()
fig.savefig(args.out / "section1_basic.png", dpi=100)
plt.close(fig)

# The legacy definition of the same network: N nodes and N² scalar edges.
legacy = nw.LegacyCircuit(dt=dt)
nodes = [f"e{k}" for k in range(N)]
for node in nodes:
    legacy.add_node(node, exc_pop)
    legacy.add_input(node + "/r_ext", value=1.0)
legacy.add_edges_from_matrix("r", "r_in", nodes, W, min_weight=0.0)
legacy.record("r")
r_legacy = legacy.run(T)["exc_pop.r"]
print(f"section 1: {legacy.n_edges} legacy edges; largest difference to the matrix path "
      f"{np.abs(r_legacy - r).max():.2e}")

# --- Section 2: heterogeneous per-unit parameters ---------------------------------------------
tau_values = rng.uniform(8.0, 12.0, size=N)
r_het = wilson_cowan(W, params={"tau": tau_values}).run(T, record=["e/r"])["e.r"]

fig, ax = plt.subplots(figsize=(8, 4))
ax.plot(t, r.mean(axis=1), label=r"homogeneous ($\tau = 10$)")
ax.plot(t, r_het.mean(axis=1), label=r"heterogeneous ($\tau \sim \mathcal{U}(8, 12)$)", linestyle="dashed")
ax.set_xlabel("time")
ax.set_ylabel("population mean firing rate")
ax.set_title("Effect of heterogeneous time constants")
ax.legend()
fig.tight_layout()
fig.savefig(args.out / "section2_heterogeneous.png", dpi=100)
plt.close(fig)

# --- Section 3: delayed coupling --------------------------------------------------------------
r_delay = wilson_cowan(W, delay=0.5).run(T, record=["e/r"])["e.r"]
r_gamma = wilson_cowan(W, delay=0.5, spread=0.1).run(T, record=["e/r"])["e.r"]

fig, ax = plt.subplots(figsize=(8, 4))
ax.plot(t, r.mean(axis=1), label="no delay")
ax.plot(t, r_delay.mean(axis=1), label="delay = 0.5", linestyle="dashed")
ax.plot(t, r_gamma.mean(axis=1), label="gamma delay: mean 0.5, spread 0.1", linestyle="dotted")
ax.set_xlabel("time")
ax.set_ylabel("population mean firing rate")
ax.set_title("Effect of uniform and distributed propagation delays")
ax.legend()
fig.tight_layout()
fig.savefig(args.out / "section3_delays.png", dpi=100)
plt.close(fig)

# --- Section 4: build-time scaling ------------------------------------------------------------
# Build = everything up to a network ready to run: the legacy circuit's nodes, N² edges and the
# resolution of every edge by name (to_network); the matrix path's population and one projection.
N_values = [5, 10, 25, 50] if args.quick else [5, 10, 25, 50, 100, 200, 400]
t_legacy, t_new = [], []


def best_of(build, repeats):
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        build()
        best = min(best, time.perf_counter() - t0)
    return best


for N_bench in N_values:
    W_bench = np.random.default_rng(0).normal(0.0, 1.0 / np.sqrt(N_bench), (N_bench, N_bench))
    np.fill_diagonal(W_bench, 15.0)

    def build_legacy():
        c = nw.LegacyCircuit(dt=dt)
        names = [f"e{k}" for k in range(N_bench)]
        for name in names:
            c.add_node(name, exc_pop)
        c.add_edges_from_matrix("r", "r_in", names, W_bench, min_weight=0.0)
        return c.to_network()

    def build_new():
        net = nw.Network(dt=dt)
        net.add_population("e", exc_pop, n=N_bench)
        net.add_projection("e/r", "e/r_in", weights=W_bench)
        return net

    t_legacy.append(best_of(build_legacy, 3))
    t_new.append(best_of(build_new, 3))
    print(f"section 4: N = {N_bench:4d}: legacy {t_legacy[-1] * 1e3:8.2f} ms ({N_bench ** 2} edges), "
          f"matrix {t_new[-1] * 1e3:6.2f} ms")

fig, axes = plt.subplots(1, 2, figsize=(12, 4))
axes[0].plot(N_values, t_legacy, "o-", label="legacy (N² edges)", color="steelblue")
axes[0].plot(N_values, t_new, "s-", label="Population + Connectivity (one matrix)", color="tomato")
axes[0].set_xscale("log")
axes[0].set_yscale("log")
axes[0].set_xlabel("N (population size)")
axes[0].set_ylabel("build time (s)")
axes[0].set_title("Circuit build time vs. population size")
axes[0].legend()
axes[0].grid(True, alpha=0.3)

speedups = [tl / tn for tl, tn in zip(t_legacy, t_new)]
axes[1].plot(N_values, speedups, "D-", color="seagreen")
axes[1].axhline(1.0, color="gray", linestyle="--", linewidth=0.8)
axes[1].set_xscale("log")
axes[1].set_yscale("log")
axes[1].set_xlabel("N (population size)")
axes[1].set_ylabel("speedup (legacy / matrix)")
axes[1].set_title("Build-time speedup")
axes[1].grid(True, alpha=0.3)

fig.suptitle("Legacy scalar-edge API vs. Population + Connectivity (neurowire)", fontsize=11)
fig.tight_layout()
fig.savefig(args.out / "section4_build_time.png", dpi=100)
plt.close(fig)
print(f"figures in {args.out}")
