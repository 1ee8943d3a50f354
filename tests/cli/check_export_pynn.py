#!/usr/bin/python3
"""The exported COBA network runs in a second simulator with matching rates.

For each seed: `neurowire run` the COBA network (examples/seed003_coba.yaml) for DURATION ms,
`neurowire export --target pynn` the same network and seed, load the export with PyNN's own
SONATA reader (pyNN.serialization) and run it on NEURON (pyNN.neuron, Debian's python3-neuron),
with PyNN's NMODL mechanisms compiled into the build folder (tests/cli/python/build_nrnmech.sh).
The E and I rates must agree within 15 %, per seed and on average: the two simulators integrate
differently (our forward Euler, NEURON's backward Euler, both at dt = 0.1 ms), and a seed's
network is the same on both sides, so the difference measures the export, not the sampling; the
rates of different seeds spread by about 5 % in 200 ms.

If NEURON cannot be used, the reason is printed and pyNN.mock checks the import instead (cell
type, parameters, connection counts); the test then passes on that check alone.

usage: check_export_pynn.py NEUROWIRE SPEC WORK_DIR [SEEDS] [DURATION_MS]
"""
import concurrent.futures
import json
import pathlib
import shutil
import subprocess
import sys

try:
    import numpy  # noqa: F401
    import pyNN  # noqa: F401
except ImportError as e:
    print(f"skipped: {e}")
    sys.exit(77)

here = pathlib.Path(__file__).resolve().parent
exe, spec, work = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
seeds = [int(s) for s in (sys.argv[4] if len(sys.argv) > 4 else "3,4,5").split(",")]
duration = float(sys.argv[5]) if len(sys.argv) > 5 else 200.0
tolerance = 0.15
work.mkdir(parents=True, exist_ok=True)
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message, flush=True)


def run(*args, **kw):
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, **kw)


def ours(seed):
    out = work / f"run_{seed}"
    shutil.rmtree(out, ignore_errors=True)
    p = run(exe, "run", spec, "-o", out, "--seed", seed, "--duration", duration, "--no-plots", "--quiet")
    check(p.returncode == 0, f"seed {seed}: neurowire run exited {p.returncode}: {p.stderr}")
    import numpy as np
    rec = np.load(out / "recording.npz")
    sizes = {"E": 3200, "I": 800}
    return {pop: len(rec[f"{pop}.spike_times"]) / (n * duration * 1e-3) for pop, n in sizes.items()}


def export(seed):
    out = work / f"export_{seed}"
    shutil.rmtree(out, ignore_errors=True)
    p = run(exe, "export", spec, "-o", out, "--target", "pynn", "--seed", seed, "--quiet")
    check(p.returncode == 0, f"seed {seed}: neurowire export exited {p.returncode}: {p.stderr}")
    c = run(exe, "check", out, "--for", "pynn")
    check(c.returncode == 0, f"seed {seed}: neurowire check --for pynn failed:\n{c.stdout}")
    return out / "sonata"


def theirs(sonata, backend, overlay=None):
    args = [sys.executable, here / "python" / "run_sonata_pynn.py", sonata, backend, duration]
    if overlay:
        args.append(overlay)
    p = run(*args, env={"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1", "HOME": str(work)})
    if p.returncode != 0:
        return None, p.stderr[-3000:]
    return json.loads(p.stdout.strip().splitlines()[-1]), ""


overlay = work / "pynn_mechanisms"
built = run("bash", here / "python" / "build_nrnmech.sh", overlay)
backend = "neuron" if built.returncode == 0 else "mock"
if backend == "mock":
    print("NEURON backend unavailable, checking the import with pyNN.mock instead. Reason:\n" + built.stdout + built.stderr)

exports = {s: export(s) for s in seeds}
if backend == "neuron":
    # Two at a time: the machine has two cores; each NEURON run is single-threaded.
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        futures = {s: pool.submit(theirs, exports[s], "neuron", overlay) for s in seeds}
        reference = {s: ours(s) for s in seeds}
        results = {s: f.result() for s, f in futures.items()}
    sums = {"E": [0.0, 0.0], "I": [0.0, 0.0]}
    for s in seeds:
        got, err = results[s]
        check(got is not None, f"seed {s}: PyNN/NEURON run failed:\n{err}")
        if got is None:
            continue
        edges = sum(p["size"] for p in got["projections"].values())
        check(len(got["projections"]) == 4 and edges > 300000, f"seed {s}: PyNN made {edges} connections in "
                                                               f"{len(got['projections'])} projections")
        for pop in ("E", "I"):
            a, b = reference[s][pop], got["populations"][pop]["rate_hz"]
            sums[pop][0] += a
            sums[pop][1] += b
            print(f"seed {s} {pop}: neurowire {a:.2f} Hz, PyNN/NEURON {b:.2f} Hz ({100 * (b / a - 1):+.1f} %); "
                  f"NEURON build {got['build_s']:.0f} s, run {got['run_s']:.0f} s", flush=True)
            check(abs(b / a - 1) <= tolerance, f"seed {s} {pop}: rates differ by more than {tolerance:.0%}")
    for pop, (a, b) in sums.items():
        if a > 0 and b > 0:
            print(f"mean over seeds {pop}: neurowire {a / len(seeds):.2f} Hz, PyNN/NEURON {b / len(seeds):.2f} Hz "
                  f"({100 * (b / a - 1):+.1f} %)")
            check(abs(b / a - 1) <= tolerance, f"{pop}: mean rates over seeds differ by more than {tolerance:.0%}")
else:
    got, err = theirs(exports[seeds[0]], "mock")
    check(got is not None, f"pyNN.mock import failed:\n{err}")
    if got:
        e = got["populations"].get("E", {})
        check(e.get("size") == 3200 and e.get("celltype") == "IF_cond_exp", f"E imported as {e}")
        check(abs(e.get("parameters", {}).get("cm", 0) - 0.2) < 1e-12, f"E cm {e.get('parameters')}")
        check(abs(e.get("parameters", {}).get("i_offset", 0) - 0.2) < 1e-12, f"E i_offset {e.get('parameters')}")
        types = {name.split("-")[0]: p["receptor_type"] for name, p in got["projections"].items()}
        check(types == {"E2E": "excitatory", "E2I": "excitatory", "I2E": "inhibitory", "I2I": "inhibitory"},
              f"receptor types {types}")

print(f"check_export_pynn ({backend}): {len(failures)} failures")
sys.exit(1 if failures else 0)
