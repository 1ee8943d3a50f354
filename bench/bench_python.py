#!/usr/bin/python3
"""The Python package against the same work done from C++ (issue: `import neurowire`).

  connect   nw.connect on the forum workload (10,000 × 40,000 Gaussian clouds, σ = 1, exactly
            k = 10 targets each, with replacement) against connect::generate called from C++ on
            the same positions (neurowire._core._time_connect_in_cpp, no Python inside the
            timing); medians of interleaved repeats. Target: within 1.1×.
  memory    nw.connect of 40,000 × 40,000 with k = 100 (4 M synapses, an edge table of 4 M × 16 B
            = 64 MB: uint32 source and target, float32 weight and delay), in a fresh process: peak
            resident memory over a bare `import neurowire, numpy`. Target: ≤ table + 60 MB.
  coba      Network.from_yaml(examples/seed003_coba.yaml).run() (4,000 neurons, 1 s) against
            `neurowire run` of the same spec: the step-loop time of each (the CLI's summary.txt
            "wall … simulation" line, the Recording's sim_seconds), one thread each, interleaved,
            medians. Target: within 1.1×.
  build     seed 000's network (Wilson–Cowan, W from N(0, 1/√N), diagonal 15) built in Python
            from a numpy W against Network.from_yaml of the same network with W in a .npy file,
            for N = 10 and N = 1,000 (best of several builds). Target: as fast.

    PYTHONPATH=out/python NEUROWIRE_KERNEL_CACHE=out/kernel-cache /usr/bin/python3 bench/bench_python.py
        [--quick] [--repeats N] [--exe out/bin/neurowire] [--csv bench_python.csv]
"""
import argparse
import csv
import os
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time

import numpy as np

import neurowire as nw

ROOT = pathlib.Path(__file__).resolve().parents[1]
WC = "neural_mass_models.wilsoncowan.exc_pop"

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--quick", action="store_true", help="fewer repeats and smaller sizes")
parser.add_argument("--repeats", type=int, default=0, help="repeats per measurement (default 7, quick 2)")
parser.add_argument("--exe", type=pathlib.Path, default=ROOT / "out" / "bin" / "neurowire")
parser.add_argument("--csv", type=pathlib.Path, default=pathlib.Path("bench_python.csv"))
args = parser.parse_args()
repeats = args.repeats or (2 if args.quick else 7)
rows = []


def report(measure, python_value, reference_value, unit, target, note=""):
    ratio = python_value / reference_value if reference_value else float("nan")
    rows.append({"measure": measure, "python": f"{python_value:.6g}", "reference": f"{reference_value:.6g}",
                 "unit": unit, "ratio": f"{ratio:.3f}", "target": target, "note": note})
    print(f"{measure:<34} python {python_value:10.4g} {unit:<3} reference {reference_value:10.4g} {unit:<3} "
          f"ratio {ratio:6.3f}  (target {target}) {note}", flush=True)


# --- connect: the forum workload -----------------------------------------------------------------
n_pre, n_post = (2000, 8000) if args.quick else (10000, 40000)
pre = nw.positions.gaussian(n_pre, mean=[0, 0], std=[1, 1], seed=1, stream=0)
post = nw.positions.gaussian(n_post, mean=[0, 0], std=[1, 1], seed=1, stream=1)
rule = {"kind": "fixed_outdegree", "k": 10, "multapses": True}
kernel = {"kind": "gaussian", "sigma": 1.0}
nw.connect(pre, post, rule=rule, kernel=kernel, seed=1)            # warm up both paths
nw._core._time_connect_in_cpp(n_pre, n_post, 10, 1.0, 1, 0, 1)
for threads in (1, None):                                          # one thread: the least scheduler noise
    py_times, cpp_times = [], []
    for _ in range(repeats):                                       # interleaved: the machine drifts
        t0 = time.perf_counter()
        c = nw.connect(pre, post, rule=rule, kernel=kernel, seed=1, threads=threads)
        py_times.append(time.perf_counter() - t0)
        cpp_times.append(nw._core._time_connect_in_cpp(n_pre, n_post, 10, 1.0, 1, threads or 0, 1))
        del c
    report(f"connect forum {n_pre}x{n_post} k=10 threads={threads or 'all'}", statistics.median(py_times),
           statistics.median(cpp_times), "s", "<= 1.1", f"min {min(py_times):.4f} / {min(cpp_times):.4f} s")

# --- memory: 4 M synapses --------------------------------------------------------------------------
n_mem, k_mem = (20000, 100) if args.quick else (40000, 100)
script = textwrap.dedent(f"""
    import neurowire as nw, numpy
    def mb(key):
        return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith(key)) / 1024
    base = mb("VmRSS")
    pre = nw.positions.uniform({n_mem}, seed=1); post = nw.positions.uniform({n_mem}, seed=1, stream=1)
    c = nw.connect(pre, post, rule={{"kind": "fixed_outdegree", "k": {k_mem}, "multapses": True}},
                   kernel={{"kind": "gaussian", "sigma": 0.05}}, seed=1)
    views = [c.source, c.target, c.weight, c.delay]
    print(len(c) * 16 / 2**20, mb("VmHWM") - base)
""")
out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True).stdout.split()
table_mb, peak_mb = map(float, out)
report(f"memory {n_mem}x{n_mem} k={k_mem} peak-base", peak_mb, table_mb, "MB", "<= table + 60 MB",
       f"excess {peak_mb - table_mb:.1f} MB")

# --- coba: Network.run against `neurowire run` ---------------------------------------------------
spec = ROOT / "examples" / "seed003_coba.yaml"
env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
duration = 200.0 if args.quick else 1000.0


def cli_sim_seconds(out_dir):
    subprocess.run([str(args.exe), "run", str(spec), "-o", str(out_dir), "--threads", "1", "--quiet"], check=True,
                   env=env, capture_output=True)
    line = next(l for l in (out_dir / "summary.txt").read_text().splitlines() if l.startswith("wall"))
    value, unit = re.match(r"wall\s+([0-9.]+) (ms|s) simulation", line).groups()
    return float(value) * (1e-3 if unit == "ms" else 1.0)


if args.exe.exists():
    net = nw.Network.from_yaml(spec)
    net.run(10.0, threads=1)                                       # native kernels compiled or cached
    py_sim, cli_sim = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(repeats):
            py_sim.append(net.run(threads=1).sim_seconds)
            cli_sim.append(cli_sim_seconds(pathlib.Path(tmp) / f"run{r}"))
    report("coba 4000 neurons 1 s: step loop", statistics.median(py_sim), statistics.median(cli_sim), "s", "<= 1.1",
           f"min {min(py_sim):.4f} / {min(cli_sim):.4f} s")
else:
    print(f"coba: no CLI at {args.exe}, skipped")

# --- build: seed 000 from a numpy W against the YAML spec ----------------------------------------


def best(build, n):
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        build()
        times.append(time.perf_counter() - t0)
    return min(times)


with tempfile.TemporaryDirectory() as tmp:
    for N in (10, 1000):
        W = np.random.default_rng(0).normal(0.0, 1.0 / np.sqrt(N), (N, N))
        np.fill_diagonal(W, 15.0)
        np.save(pathlib.Path(tmp) / f"W{N}.npy", W)
        yaml_spec = pathlib.Path(tmp) / f"seed000_{N}.yaml"
        yaml_spec.write_text(f"seed: 42\ndt: 1.0e-3\nduration: 2.0\nsolver: euler\npopulations:\n"
                             f"  e: {{model: {WC}, size: {N}}}\nprojections:\n"
                             f"  - {{source: e/r, target: e/r_in, weights: {{file: W{N}.npy}}}}\n"
                             f"inputs:\n  - {{target: e/r_ext, value: 1.0}}\nrecord:\n  variables: [e/r]\n")

        def from_numpy():
            net = nw.Network(dt=1e-3, seed=42, duration=2.0)
            net.add_population("e", WC, n=N)
            net.add_projection("e/r", "e/r_in", weights=W)
            net.add_input("e/r_ext", value=1.0)
            net.record("e/r")
            return net

        a, b = from_numpy().run(), nw.Network.from_yaml(yaml_spec).run()
        assert np.array_equal(a["e.r"], b["e.r"]), "the two builds differ"
        n_builds = 5 if args.quick else 20
        report(f"build seed000 N={N}: numpy vs yaml", best(from_numpy, n_builds),
               best(lambda: nw.Network.from_yaml(yaml_spec), n_builds), "s", "<= 1.0")

with open(args.csv, "w", newline="") as f:
    writer = csv.DictWriter(f, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
print(f"CSV: {args.csv}")
