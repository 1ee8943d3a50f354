#!/usr/bin/python3
"""Seed 002 — RectiPy's "Network simulations", in neurowire.

N = 5 randomly coupled QIF neurons (J = rand(5, 5)·20, s -> s_in), dt = 1e-3 in units of tau,
30,000 Euler steps; the extrinsic input is a steps × N numpy array with sines on units 2
(amplitude 20, frequency 0.5) and 4 (10, 0.25), given row by row as RectiPy's run(inputs=inp)
takes it. The output s of every unit is recorded at every step (RectiPy's observer) and plotted.

Step order: RectiPy checks the threshold at the start of the next step, neurowire right after
each Euler step, so spikes come one step earlier here.

    PYTHONPATH=out/python /usr/bin/python3 examples/python/seed002_rectipy_qif.py [--quick] [--out DIR]
"""
import argparse
import pathlib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import neurowire as nw  # noqa: E402

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--quick", action="store_true", help="3,000 steps, for a smoke test")
parser.add_argument("--out", type=pathlib.Path, default=pathlib.Path("out/examples/seed002"))
args = parser.parse_args()
args.out.mkdir(parents=True, exist_ok=True)

# network parameters
N = 5
J = np.random.default_rng(2).random((N, N)) * 20.0
dt = 1e-3
node = "spiking_neurons.qif.qif"

# network initialization
qif = nw.Network(dt=dt, seed=2)
qif.add_population("qif", node, n=N)
qif.add_projection("qif/s", "qif/s_in", weights=J)

# initialize input array
steps = 3000 if args.quick else 30000
time = np.arange(0, steps) * dt
inp = np.zeros((steps, N))

# define target neurons, input strengths, and input frequencies
target_neurons = [2, 4]
inp_strengths = [20.0, 10.0]
inp_freqs = [0.5, 0.25]

# add sine wave inputs to input array
for n, amp, freq in zip(target_neurons, inp_strengths, inp_freqs):
    inp[:, n] = np.sin(2 * np.pi * freq * time) * amp

fig, ax = plt.subplots(figsize=(10, 3))
ax.plot(time, inp)
ax.legend([f"inp_{i}" for i in range(N)])
ax.set_xlabel("time (tau)")
ax.set_title("Extrinsic input (steps × N array)")
fig.tight_layout()
fig.savefig(args.out / "seed002_inputs.png", dpi=100)
plt.close(fig)

# simulate: row k of inp drives step k
qif.add_input("qif/I_ext", inp)
obs = qif.run(steps * dt, record=["qif/s"], spikes=["qif"], progress=True)

fig, (top, bottom) = plt.subplots(2, 1, figsize=(10, 6), sharex=True)
top.plot(obs.t, obs["qif.s"])
top.legend([f"s_{i}" for i in range(N)])
top.set_ylabel("s")
top.set_title("QIF network: synaptic traces")
spike_times, spike_units = obs.spikes("qif")
bottom.plot(spike_times, spike_units, "k|", markersize=10)
bottom.set_yticks(range(N))
bottom.set_ylabel("unit")
bottom.set_xlabel("time (tau)")
bottom.set_title(f"{len(spike_times)} spikes")
fig.tight_layout()
fig.savefig(args.out / "seed002_outputs.png", dpi=100)
plt.close(fig)
print(f"{len(spike_times)} spikes in {steps} steps; simulation {obs.sim_seconds * 1e3:.1f} ms; figures in {args.out}")
