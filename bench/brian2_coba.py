#!/usr/bin/python3
"""The COBA E/I network of docs/models.md §6 in Brian2 C++ standalone mode.

Run with /usr/bin/python3 (Debian's python3-brian); the python3 first on PATH lacks brian2.

    /usr/bin/python3 bench/brian2_coba.py [--seeds 1 2 3 4 5] [--duration 1.0] [--csv FILE]

For each seed it prints and writes one CSV row:
    seed,main_loop_s,rate_e_hz,rate_i_hz,spikes,synapses,build_s
main_loop_s is Brian2's own measurement of its simulation loop (Network::run in the generated
code, read back as device._last_run_time), so code generation, compilation, synapse creation
and file output are excluded — the same part that neurowire's `bench run` times.

Each seed runs in a fresh child process: a standalone device can build only once per process,
and a child per seed keeps one seed's state from leaking into the next. All seeds share one
project directory, so after the first compile only the changed seed forces a (small) rebuild.
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time


def run_one(seed, duration_s, directory, record_spikes, method):
    # Imported here: the parent process only orchestrates and must not pay brian2's import.
    import brian2 as b2
    from brian2 import mV, ms, second

    b2.set_device("cpp_standalone", directory=directory, build_on_run=False)
    b2.prefs.devices.cpp_standalone.openmp_threads = 0   # one thread, like neurowire's workload
    # Brian2's default is an unbounded `make -j`; this machine is shared.
    b2.prefs.devices.cpp_standalone.extra_make_args_unix = ["-j2"]
    b2.prefs.logging.console_log_level = "WARNING"
    b2.defaultclock.dt = 0.1 * ms
    b2.seed(seed)

    n_e, n_i = 3200, 800
    v_rest, v_th, v_reset = -60 * mV, -50 * mV, -60 * mV
    tau, tau_ref = 20 * ms, 5 * ms
    tau_e, tau_i = 5 * ms, 10 * ms
    E_e, E_i = 0 * mV, -80 * mV
    I_ext = 20 * mV
    w_e, w_i = 0.6, 6.7

    # Conductances are in units of the leak conductance, so g*(E - v) is a voltage drive.
    eqs = """
    dv/dt = (-(v - v_rest) + I_ext + g_e*(E_e - v) + g_i*(E_i - v)) / tau : volt (unless refractory)
    dg_e/dt = -g_e / tau_e : 1
    dg_i/dt = -g_i / tau_i : 1
    """
    # v >= v_th and the integrator neurowire is given (euler, or exponential_euler — Brian2's
    # method of choice for conductance-based neurons), so the two runs differ only in their
    # random draws.
    P = b2.NeuronGroup(n_e + n_i, eqs, threshold="v >= v_th", reset="v = v_reset",
                       refractory=tau_ref, method=method)
    P.v = "-55*mV + 2*mV*randn()"
    P.g_e = 0
    P.g_i = 0
    Pe, Pi = P[:n_e], P[n_e:]
    # Two synapse objects from the E and I halves onto the whole group is Brian2's own COBA
    # benchmark layout (fewer objects per step than four E/I-to-E/I projections); the
    # connectivity is the same in distribution: each ordered pair independently with p = 0.02.
    # Delay 0: Brian2 applies on_pre after the threshold in the same step, which the next step
    # integrates — the same timing as neurowire's minimal one-step delay.
    Ce = b2.Synapses(Pe, P, on_pre="g_e += w_e")
    Ce.connect(condition="i != j", p=0.02)
    Ci = b2.Synapses(Pi, P, on_pre="g_i += w_i")
    Ci.connect(condition=f"i + {n_e} != j", p=0.02)   # i counts within Pi, j within P
    spikes = b2.SpikeMonitor(P, record=record_spikes)

    b2.run(duration_s * second)
    t0 = time.perf_counter()
    b2.device.build(directory=directory, compile=True, run=True, debug=False, clean=False)
    build_s = time.perf_counter() - t0

    counts = spikes.count[:]
    rate_e = counts[:n_e].sum() / n_e / duration_s
    rate_i = counts[n_e:].sum() / n_i / duration_s
    return {
        "seed": seed,
        "main_loop_s": float(b2.device._last_run_time),
        "rate_e_hz": float(rate_e),
        "rate_i_hz": float(rate_i),
        "spikes": int(counts.sum()),
        "synapses": int(len(Ce) + len(Ci)),
        "build_s": build_s,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--duration", type=float, default=1.0, help="simulated seconds")
    parser.add_argument("--csv", default="", help="also write the rows to this CSV file")
    parser.add_argument("--directory", default="",
                        help="standalone project folder (default: a fresh temporary folder)")
    parser.add_argument("--no-record", action="store_true",
                        help="count spikes only instead of recording times and indices")
    parser.add_argument("--method", choices=["euler", "exponential_euler"], default="euler",
                        help="Brian2's integration method (default euler)")
    parser.add_argument("--one-seed", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.one_seed is not None:
        row = run_one(args.one_seed, args.duration, args.directory, not args.no_record, args.method)
        print("RESULT " + json.dumps(row), flush=True)
        return 0

    directory = args.directory or tempfile.mkdtemp(prefix="brian2_coba_")
    fields = ["seed", "main_loop_s", "rate_e_hz", "rate_i_hz", "spikes", "synapses", "build_s"]
    rows = []
    print(f"brian2 cpp_standalone COBA 4000, {args.duration:g} s at dt 0.1 ms, one thread; "
          f"project {directory}", file=sys.stderr)
    for seed in args.seeds:
        command = [sys.executable, os.path.abspath(__file__), "--one-seed", str(seed),
                   "--duration", str(args.duration), "--directory", directory, "--method", args.method]
        if args.no_record:
            command.append("--no-record")
        done = subprocess.run(command, capture_output=True, text=True)
        result = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
        if done.returncode != 0 or not result:
            sys.stderr.write(done.stdout + done.stderr)
            print(f"brian2_coba: seed {seed} failed", file=sys.stderr)
            return 1
        rows.append(json.loads(result[-1][len("RESULT "):]))

    print(",".join(fields))
    for row in rows:
        print(f"{row['seed']},{row['main_loop_s']:.4f},{row['rate_e_hz']:.3f},{row['rate_i_hz']:.3f},"
              f"{row['spikes']},{row['synapses']},{row['build_s']:.2f}")
    if args.csv:
        with open(args.csv, "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
