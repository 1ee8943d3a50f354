#!/usr/bin/python3
"""`neurowire run` end to end: files and keys of SPEC.md "Recordings", LIF spike times against the
analytic interval, connectomes of rule-drawn projections, identical recordings for 1 and 2
threads, the NaN/Inf stop with its partial recording, and a bad `record` entry.

usage: check_run.py NEUROWIRE SPECS_DIR WORK_DIR
"""
import math
import pathlib
import re
import shutil
import subprocess
import sys

import numpy as np

exe, specs, work = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def run(*args):
    p = subprocess.run([exe, *map(str, args)], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def is_png(path):
    return path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --- a good run ----------------------------------------------------------------------------
small = specs / "run_small.yaml"
out1 = work / "threads1"
status, stdout, stderr = run("run", small, "-o", out1, "--threads", "1")
check(status == 0, f"run exited {status}: {stderr}")
check("real time" in stdout and "spikes" in stdout, f"no summary on stdout: {stdout!r}")
check((out1 / "summary.txt").read_text().startswith("network"), "summary.txt missing or empty")

rec = np.load(out1 / "recording.npz")
steps = 10000
expected = {"t": (steps,), "lif.v": (steps, 4), "e.r": (steps // 10, 1), "e.r.t": (steps // 10,),
            "i.r": (steps // 10, 1), "E.v": (steps, 3), "E.v.units": (3,)}
for key, shape in expected.items():
    check(key in rec.files and rec[key].shape == shape,
          f"{key}: expected shape {shape}, got {rec[key].shape if key in rec.files else 'missing'}")
for pop in ("lif", "E", "I"):
    for suffix, kind in (("spike_times", "f"), ("spike_units", "u")):
        key = f"{pop}.{suffix}"
        check(key in rec.files and rec[key].dtype.kind == kind, f"{key} missing or of dtype kind != {kind}")
check(rec["lif.v"].dtype == np.float64, "lif.v is not float64")
check(np.allclose(rec["t"][[0, -1]], [0.01, 100.0]), f"t runs {rec['t'][0]} .. {rec['t'][-1]}")
check(list(rec["E.v.units"]) == [0, 5, 9], "E.v.units")
check(np.isfinite(rec["e.r"]).all() and rec["e.r"].max() > 0, "Wilson-Cowan e.r not active")

# LIF: dv/dt = -v/tau + eta, threshold 100, reset -100, tau 10.
tau, times, units = 10.0, rec["lif.spike_times"], rec["lif.spike_units"]
for unit, eta in enumerate([15.0, 20.0, 30.0, 50.0]):
    period = tau * math.log((eta * tau + 100) / (eta * tau - 100))
    first = tau * math.log(eta * tau / (eta * tau - 100))
    mine = times[units == unit]
    want = math.floor((100.0 - first) / period) + 1
    check(abs(len(mine) - want) <= 1, f"lif unit {unit}: {len(mine)} spikes, analytic {want}")
    if len(mine) > 2:
        isi = np.diff(mine).mean()
        check(abs(isi - period) < 0.02 * period, f"lif unit {unit}: mean interval {isi:.4f}, analytic {period:.4f}")
        check(abs(mine[0] - first) < 0.02 * first + 0.02, f"lif unit {unit}: first spike {mine[0]}, analytic {first:.4f}")

# Connectomes of the rule-drawn projections, and positions for their populations.
e2e = np.load(out1 / "E2E.npz")
check(e2e["source"].dtype == np.uint32 and e2e["weight"].dtype == np.float32, "E2E dtypes")
check(int(e2e["n_source"]) == 400 and int(e2e["n_target"]) == 400, "E2E sizes")
check((np.bincount(e2e["target"], minlength=400) == 16).all(), "E2E in-degree is not 16")
check((e2e["delay"] >= 0.5).all(), "E2E distance delays below the offset")
check(np.allclose(np.load(out1 / "E2I.npz")["delay"], 1.0), "E2I scalar delay not written per edge")
check((out1 / "I2E.npz").exists(), "I2E.npz missing")
check(not (out1 / "e_to_i.npz").exists(), "a dense weights projection was written as a connectome")
check(np.load(out1 / "E.positions.npy").shape == (400, 2), "E.positions.npy shape")

pngs = sorted(p.name for p in out1.glob("*.png"))
for name in ("raster_lif.png", "raster_E.png", "rates_E.png", "traces_lif.v.png", "traces_e.r.png"):
    check(name in pngs, f"{name} missing (have {pngs})")
for name in pngs:
    check(is_png(out1 / name), f"{name} is not a PNG")
check(not list(out1.glob(".*")), "a hidden staging entry was left in DIR")

# --- thread count does not change the result --------------------------------------------------
out2 = work / "threads2"
status, _, stderr = run("run", small, "-o", out2, "--threads", "2", "--quiet", "--no-plots")
check(status == 0, f"--threads 2 exited {status}: {stderr}")
check(not list(out2.glob("*.png")), "--no-plots wrote PNGs")
rec2 = np.load(out2 / "recording.npz")
check(sorted(rec.files) == sorted(rec2.files), "different keys for 1 and 2 threads")
for key in rec.files:
    if key in rec2.files:
        check(np.array_equal(rec[key], rec2[key]), f"{key} differs between 1 and 2 threads")
for name in ("E2E.npz", "I2E.npz"):
    a, b = np.load(out1 / name), np.load(out2 / name)
    check(all(np.array_equal(a[k], b[k]) for k in a.files), f"{name} differs between 1 and 2 threads")

# --- the summary says how many threads stepped the network and why ----------------------------
for out, requested in ((out1, 1), (out2, 2)):
    line = [l for l in (out / "summary.txt").read_text().splitlines() if l.startswith("threads ")]
    check(len(line) == 1, f"summary.txt of --threads {requested} has no threads line")
    m = re.match(r"threads +(\d+) of (\d+): \S", line[0]) if line else None
    check(m is not None and int(m.group(2)) == requested and 1 <= int(m.group(1)) <= requested,
          f"threads line of --threads {requested}: {line}")

# --- the interpreter gives the same recording as the native kernels ----------------------------
check("kernels" in (out1 / "summary.txt").read_text(), "summary.txt does not report the kernels")
out4 = work / "interpreted"
status, _, stderr = run("run", small, "-o", out4, "--threads", "1", "--quiet", "--no-plots", "--kernels", "interpreted")
check(status == 0, f"--kernels interpreted exited {status}: {stderr}")
check("interpreted" in (out4 / "summary.txt").read_text(), "summary.txt does not say interpreted")
rec4 = np.load(out4 / "recording.npz")
for key in rec.files:
    check(key in rec4.files and np.array_equal(rec[key], rec4[key]), f"{key} differs between kernels and interpreter")

# --seed changes the drawn network.
out3 = work / "seed"
status, _, _ = run("run", small, "-o", out3, "--quiet", "--no-plots", "--seed", "8")
check(status == 0 and not np.array_equal(np.load(out3 / "E2E.npz")["source"], e2e["source"]),
      "--seed did not change the connectome")

# --- NaN/Inf: exit 1, message with population/variable/unit/step, partial recording kept ------
blow = work / "blowup"
status, stdout, stderr = run("run", specs / "run_blowup.yaml", "-o", blow, "--quiet")
check(status == 1, f"blow-up exited {status}")
for word in ("runaway", "'v'", "unit ", "step "):
    check(word in stderr, f"blow-up message lacks {word!r}: {stderr!r}")
if (blow / "recording.npz").exists():
    b = np.load(blow / "recording.npz")
    n = b["runaway.v"].shape[0]
    check(0 < n < 10000 and b["t"].shape == (n,), f"partial recording has {n} rows")
    check(np.isfinite(b["runaway.v"]).all(), "partial recording holds non-finite values")
    check(int(b["steps_done"]) == n, "steps_done does not match the rows")
else:
    check(False, "blow-up left no recording.npz")
check("FAILED" in (blow / "summary.txt").read_text() if (blow / "summary.txt").exists() else False,
      "blow-up summary.txt does not say FAILED")

# --- bad input: exit 1 with the key path, nothing created -------------------------------------
bad = work / "unknown_var"
status, _, stderr = run("run", specs / "run_unknown_var.yaml", "-o", bad)
check(status == 1, f"unknown record variable exited {status}")
check("record.variables[1]" in stderr and "no_such_var" in stderr, f"message lacks the key path: {stderr!r}")
check(not bad.exists(), "a failed run left its output folder")

print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
