#!/usr/bin/python3
"""Seed 001 — RectiPy's "Network initialization", in neurowire.

  1. N = 5 rate-coupled leaky integrators with tanh output, r_in = J r with J = randn(5, 5)·2;
     introspection (units, populations, state and parameter values);
  2. the same J on N = 5 spiking LIF neurons (threshold 100, reset -100, trace s += 1 per spike),
     coupled s -> s_in;
  3. function nodes: an identity input layer of m = 3 units feeding the LIFs' I_ext through
     random weights, and a sigmoid output layer of k = 2 units reading their traces s.

RectiPy's "tanh_op/r" -> "li_op/r_in" is "tanh/r" -> "tanh/r_in"; its add_diffeq_node(…,
weights=J) is add_population + add_projection(weights=J); add_func_node is add_function_node.
Weights are (n_target, n_source) here, so RectiPy's randn(N, k) for lif -> output is its
transpose. The tutorial only builds the networks; to have something to plot, both are run for
T = 30 with the drives of examples/seed001_*.yaml.

    PYTHONPATH=out/python /usr/bin/python3 examples/python/seed001_rectipy_network.py [--quick] [--out DIR]
"""
import argparse
import pathlib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import neurowire as nw  # noqa: E402

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--quick", action="store_true", help="a short run, for a smoke test")
parser.add_argument("--out", type=pathlib.Path, default=pathlib.Path("out/examples/seed001"))
args = parser.parse_args()
args.out.mkdir(parents=True, exist_ok=True)
T = 3.0 if args.quick else 30.0

# --- 1. differential-equation nodes: leaky integrators with tanh output ------------------------
node = "rate_neurons.leaky_integrator.tanh"
N = 5
rng = np.random.default_rng(1)
J = rng.standard_normal((N, N)) * 2.0
dt = 1e-3

net = nw.Network(dt=dt, seed=1)
net.add_population("tanh", node, n=N)
net.add_projection("tanh/r", "tanh/r_in", weights=J)

print(f"Number of neurons in network: {net.n_units}")
print(f"Network nodes: {net.populations}")
print(f"State variables of the network: {net.state('tanh')}")
print(f"LI population parameters: {list(net.params('tanh'))}")

net.add_input("tanh/I_ext", sine={"amplitude": 2.0, "frequency": 0.5}, units=[2])
net.add_input("tanh/I_ext", sine={"amplitude": 1.0, "frequency": 0.25}, units=[4])
li = net.run(T, record=["tanh/r"])

# --- 2. a spiking network: LIF neurons ---------------------------------------------------------
node = "spiking_neurons.lif.lif"
snn = nw.Network(dt=dt, seed=1)
snn.add_population("lif", node, n=N)
snn.add_projection("lif/s", "lif/s_in", weights=J)
print(f"Number of neurons in network: {snn.n_units}")
print(f"State variables of the network: {snn.state('lif')}")
print(f"LIF population: {snn.template('lif')}")

# --- 3. function nodes -------------------------------------------------------------------------
m = 3
snn.add_function_node("input", m, function="identity")
snn.add_projection("input/out", "lif/I_ext", weights=rng.standard_normal((N, m)))   # RectiPy's random default
k = 2
snn.add_function_node("output", k, function="sigmoid")
snn.add_projection("lif/s", "output/in", weights=rng.standard_normal((N, k)).T)       # RectiPy's randn(N, k)
print(f"Network nodes: {snn.populations}, {snn.n_units} units")

snn.add_input("lif/I_ext", value=30.0)                          # dv/dt = -v/10 + I reaches v = 100 for I > 10
snn.add_input("input/in", sine={"amplitude": 5.0, "frequency": 0.2})
out = snn.run(T, record=["lif/v", "output/out"], spikes=["lif"])

fig, axes = plt.subplots(3, 1, figsize=(10, 8), sharex=True)
axes[0].plot(li.t, li["tanh.r"], linewidth=0.8)
axes[0].set_ylabel("r = tanh(v)")
axes[0].set_title(f"Leaky integrators (N = {N}), units 2 and 4 driven by sines")
times, units = out.spikes("lif")
axes[1].plot(out.t, out["lif.v"], linewidth=0.6)
axes[1].plot(times, np.full_like(times, 110.0) + 8 * units, "k|", markersize=6)
axes[1].set_ylabel("LIF v (ticks: spikes)")
axes[1].set_title(f"LIF neurons: {len(times)} spikes")
axes[2].plot(out.t, out["output.out"])
axes[2].set_ylabel("sigmoid output")
axes[2].set_xlabel("time")
axes[2].legend([f"out_{i}" for i in range(k)])
fig.tight_layout()
fig.savefig(args.out / "seed001_networks.png", dpi=100)
plt.close(fig)
print(f"figure in {args.out}")
