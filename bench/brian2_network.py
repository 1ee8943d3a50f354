#!/usr/bin/python3
"""A neurowire E/I network of conductance-based LIF neurons in Brian2 C++ standalone mode, with
neurowire's own connectivity: the edge tables `neurowire run` wrote (DIR/<projection>.npz).

Run with /usr/bin/python3 (Debian's python3-brian); bench/compare_brian2.py calls it.

    /usr/bin/python3 bench/brian2_network.py NETWORK.json --directory PROJECT [--threads N]

NETWORK.json (written by compare_brian2.py from the network spec):
    {"dt": 0.1, "duration": 1000.0, "seed": 1,
     "populations": {"E": {"size": 3200, "I_ext": 20.0, "init": ["normal", -55.0, 2.0]}, ...},
     "projections": [{"name": "E2E", "source": "E", "target": "E", "var": "g_e",
                      "file": "/path/E2E.npz"}, ...],
     "record_v": {"population": "E", "units": [0, 1, 2]}}
The model is templates/spiking_neurons/lif_coba.yaml with its default parameters, integrated
with forward Euler and `v >= v_th` as neurowire does. Each projection becomes one Synapses
object connected with connect(i=, j=) from the file, with its weights, and with the delays
neurowire uses: a connection of d steps in neurowire (round(delay/dt), at least one) is a Brian2
delay of d − 1 steps, since Brian2 applies on_pre in the step of the spike (after the
threshold) and integrates it in the next, where neurowire delivers an event at the start of the
step it is due in. Initial v is drawn by Brian2 from the spec's distribution (not the same
draws as neurowire's, so rates are compared, not spike trains).

--threads 0 builds Brian2's serial code; N ≥ 1 builds its OpenMP code with N threads.
Prints one line `RESULT {json}` with main_loop_s (Brian2's own measure of Network::run: wall
time with OpenMP, process CPU time in the serial build), spike counts and rates, and synapses.
"""
import argparse
import json
import sys

import numpy as np


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("network")
    parser.add_argument("--directory", required=True)
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args()
    with open(args.network) as f:
        net = json.load(f)

    import brian2 as b2
    from brian2 import ms

    b2.set_device("cpp_standalone", directory=args.directory, build_on_run=False)
    b2.prefs.devices.cpp_standalone.openmp_threads = args.threads
    # Brian2's default is an unbounded `make -j`; this machine is shared.
    b2.prefs.devices.cpp_standalone.extra_make_args_unix = ["-j2"]
    b2.prefs.logging.console_log_level = "WARNING"
    b2.defaultclock.dt = net["dt"] * ms
    b2.seed(net["seed"])

    # lif_coba's defaults, in neurowire's units (ms, mV; conductances in units of the leak).
    namespace = {"v_rest": -60.0, "v_th": -50.0, "v_reset": -60.0, "tau": 20.0 * ms, "tau_ref": 5.0 * ms,
                 "E_e": 0.0, "E_i": -80.0, "tau_e": 5.0 * ms, "tau_i": 10.0 * ms}
    eqs = """
    dv/dt = (-(v - v_rest) + I_ext + g_e*(E_e - v) + g_i*(E_i - v)) / tau : 1 (unless refractory)
    dg_e/dt = -g_e / tau_e : 1
    dg_i/dt = -g_i / tau_i : 1
    I_ext : 1 (constant)
    """
    groups, monitors = {}, {}
    for name, p in net["populations"].items():
        g = b2.NeuronGroup(p["size"], eqs, threshold="v >= v_th", reset="v = v_reset", refractory="tau_ref",
                           method="euler", namespace=namespace, name=name)
        kind, a, b = p["init"]
        g.v = f"{a} + {b}*randn()" if kind == "normal" else f"{a} + ({b} - {a})*rand()"
        g.I_ext = p["I_ext"]
        groups[name] = g
        monitors[name] = b2.SpikeMonitor(g, name=f"spikes_{name}")
    state = b2.StateMonitor(groups[net["record_v"]["population"]], "v", record=net["record_v"]["units"])

    dt = net["dt"]
    synapses = []
    n_synapses = 0
    for proj in net["projections"]:
        table = np.load(proj["file"])
        steps = np.maximum(1, np.rint(table["delay"].astype(np.float64) / dt)).astype(np.int64)
        s = b2.Synapses(groups[proj["source"]], groups[proj["target"]], "w : 1", on_pre=f"{proj['var']} += w",
                        name=proj["name"])
        s.connect(i=table["source"].astype(np.int64), j=table["target"].astype(np.int64))
        s.w = table["weight"].astype(np.float64)
        s.delay = (steps - 1) * dt * ms
        synapses.append(s)
        n_synapses += len(table["source"])

    # An explicit Network: run()'s magic collects only objects named by variables of this frame,
    # not those kept in dicts and lists.
    network = b2.Network(list(groups.values()), list(monitors.values()), state, synapses)
    network.run(net["duration"] * ms)
    b2.device.build(directory=args.directory, compile=True, run=True, debug=False, clean=False)

    seconds = net["duration"] * 1e-3
    result = {"main_loop_s": float(b2.device._last_run_time), "synapses": int(n_synapses), "rates": {},
              "spikes": {}}
    for name, m in monitors.items():
        n = int(m.num_spikes)
        result["spikes"][name] = n
        result["rates"][name] = n / net["populations"][name]["size"] / seconds
    print("RESULT " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
