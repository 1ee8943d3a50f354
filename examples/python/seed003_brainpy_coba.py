#!/usr/bin/python3
"""Seed 003 — BrainPy's "Building network models": the E/I balanced COBA network, in neurowire.

3,200 excitatory and 800 inhibitory conductance-based LIF neurons (V_rest = -60, V_th = -50,
V_reset = -60 mV, tau = 20 ms, tau_ref = 5 ms), initial V ~ N(-55, 2) mV; every ordered pair
connected with probability 0.02 (BrainPy's FixedProb); exponential synapses onto g_e (w = 0.6,
tau 5 ms, E = 0 mV) and g_i (w = 6.7, tau 10 ms, E = -80 mV); input 20 to both groups;
dt = 0.1 ms, 1 s. As BrainPy's DSRunner with monitors on the spikes, then raster plots.

A delay of one step (0.1 ms) is the timing of BrainPy's and Brian2's undelayed synapses: a
spike is felt in the next step.

    PYTHONPATH=out/python /usr/bin/python3 examples/python/seed003_brainpy_coba.py [--quick] [--out DIR]
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
parser.add_argument("--quick", action="store_true", help="100 ms, for a smoke test")
parser.add_argument("--out", type=pathlib.Path, default=pathlib.Path("out/examples/seed003"))
args = parser.parse_args()
args.out.mkdir(parents=True, exist_ok=True)

LIF = "spiking_neurons.lif_coba.lif"


def ei_net(num_exc, num_inh, seed=3):
    """The EINet of the tutorial as a neurowire Network."""
    net = nw.Network(dt=0.1, seed=seed)
    # neurons (the template's defaults are the tutorial's pars)
    pars = dict(v_rest=-60.0, v_th=-50.0, v_reset=-60.0, tau=20.0, tau_ref=5.0)
    v0 = {"v": {"kind": "normal", "mean": -55.0, "std": 2.0}}   # V = randn * 2 - 55
    net.add_population("E", LIF, n=num_exc, params=pars, init=v0)
    net.add_population("I", LIF, n=num_inh, params=pars, init=v0)
    # synapses: 2% connection probability, COBA outputs through the conductances
    prob = {"kind": "pairwise_bernoulli", "p": 0.02}
    w_e, w_i = 0.6, 6.7
    net.add_projection("E", "E/g_e", rule=prob, weight=w_e, delay=0.1, name="E2E")
    net.add_projection("E", "I/g_e", rule=prob, weight=w_e, delay=0.1, name="E2I")
    net.add_projection("I", "E/g_i", rule=prob, weight=w_i, delay=0.1, name="I2E")
    net.add_projection("I", "I/g_i", rule=prob, weight=w_i, delay=0.1, name="I2I")
    # inputs
    net.add_input("E/I_ext", value=20.0)
    net.add_input("I/I_ext", value=20.0)
    return net


t0 = time.perf_counter()
net = ei_net(3200, 800)
build = time.perf_counter() - t0
print(net.summary())
duration = 100.0 if args.quick else 1000.0
t0 = time.perf_counter()
runner = net.run(duration, spikes=["E", "I"])
t = time.perf_counter() - t0
print(f"Used time {t:.3f} s (build {build:.3f} s, native kernels {runner.setup_seconds:.2f} s, "
      f"step loop {runner.sim_seconds:.3f} s)")

fig, axes = plt.subplots(2, 1, figsize=(10, 7), sharex=True)
for ax, pop, title, n in ((axes[0], "E", "Spikes of Excitatory Neurons", 3200),
                          (axes[1], "I", "Spikes of Inhibitory Neurons", 800)):
    times, units = runner.spikes(pop)
    ax.plot(times, units, ".", markersize=1, color="k")
    rate = len(times) / n / (duration * 1e-3)
    ax.set_title(f"{title} ({rate:.1f} Hz mean rate)")
    ax.set_ylabel("Neuron index")
    ax.set_xlim(0, duration)
axes[1].set_xlabel("Time (ms)")
fig.tight_layout()
fig.savefig(args.out / "seed003_rasters.png", dpi=100)
plt.close(fig)
print(f"figure in {args.out}")
