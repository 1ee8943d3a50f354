#!/usr/bin/python3
"""Hostile input through the neurowire executable: each case used to crash, hang, run to the end
or be silently changed. Every one must now end within its time limit with exit status 1 (bad
input) or 2 (bad usage), a message naming what was wrong, no "internal error", and the output
folder left as it was (not created).

usage: check_hostile.py NEUROWIRE WORK_DIR
"""
import os
import pathlib
import shutil
import subprocess
import sys

exe, work = sys.argv[1], pathlib.Path(sys.argv[2])
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
failures = []

NET = """dt: 0.001
duration: 0.01
populations:
  e:
    model: neural_mass_models.wilsoncowan.exc_pop
    size: 4
"""
CONN = """populations:
  a:
    size: 10
    positions: {kind: uniform, extent: [[0, 10], [0, 10]]}
  b:
    size: 10
    positions: {kind: uniform, extent: [[0, 10], [0, 10]]}
projections:
  - source: a
    target: b
"""


def write(name, text):
    path = work / name
    path.write_text(text)
    return path


def check(name, args, status, texts, timeout=30, env=None, shell_prefix=None):
    out = work / (name + ".out")
    cmd = [exe, *map(str, args)]
    if "-o" not in cmd and cmd[1] in ("connect", "run"):
        cmd += ["-o", str(out)]
    if shell_prefix:
        cmd = ["bash", "-c", shell_prefix + ' exec "$@"', "bash", *cmd]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        failures.append(f"{name}: no answer within {timeout} s (a hang)")
        print("FAIL", failures[-1])
        return
    problems = []
    if p.returncode != status:
        problems.append(f"exit status {p.returncode}, expected {status}")
    for t in texts:
        if t not in p.stderr:
            problems.append(f"stderr lacks {t!r}")
    if "internal error" in p.stderr:
        problems.append("an internal error")
    if out.exists() and status != 0:
        problems.append(f"left {out} behind")
    if problems:
        failures.append(f"{name}: " + "; ".join(problems) + f"\n    stderr: {p.stderr.strip()[:400]}")
        print("FAIL", failures[-1])
    else:
        print("ok  ", name)


# --- files that are not specs -----------------------------------------------------------------
(work / "a_dir.yaml").mkdir()
check("spec_directory", ["connect", work / "a_dir.yaml"], 1, ["a_dir.yaml", "found a directory"])
fifo = work / "fifo.yaml"
os.mkfifo(fifo)
check("spec_fifo", ["connect", fifo], 1, ["fifo.yaml", "FIFO"], timeout=10)
check("spec_fifo_run", ["run", fifo], 1, ["FIFO"], timeout=10)
check("spec_dev_zero", ["connect", "/dev/zero"], 1, ["/dev/zero", "character device"], timeout=10)

# --- repeated keys, names, values -------------------------------------------------------------
check("duplicate_params", ["run", write("dup_params.yaml", NET + "    params: {tau: 1.0, tau: 2.0}\n")], 1,
      ["dup_params.yaml:7:", "populations.e.params.tau", "repeated key 'tau'"])
check("duplicate_init", ["run", write("dup_init.yaml", NET + "    init:\n      r: 0.1\n      r: 0.2\n")], 1,
      ["dup_init.yaml:9:", "populations.e.init.r"])
check("duplicate_kernel_key", ["connect", write("dup_kernel.yaml", CONN +
      "    rule: {kind: fixed_indegree, k: 2}\n    kernel: {kind: gaussian, sigma: 1, sigma: 2}\n")], 1,
      ["dup_kernel.yaml:12:", "projections[0].kernel.sigma", "repeated key"])
check("recording_twice", ["run", write("rec_twice.yaml", NET + "record:\n  variables: [e/r, e]\n")], 1,
      ["rec_twice.yaml:8:", "record.variables[1]", "each variable recorded once"], timeout=10)
long = "p" * 256
check("long_population_name", ["connect", write("long_name.yaml", f"populations:\n  {long}:\n    size: 3\n")], 1,
      ["long_name.yaml:2:", "at most 64 characters", "a name of 256 characters"])
check("weight_beyond_float32", ["connect", write("weight_1e300.yaml", CONN +
      "    rule: {kind: pairwise_bernoulli, p: 0.5}\n    weight: -1e300\n")], 1,
      ["weight_1e300.yaml:12:", "projections[0].weight", "fits float32"])
check("drawn_weight_beyond_float32", ["connect", write("weight_lognormal.yaml", CONN +
      "    rule: {kind: pairwise_bernoulli, p: 1}\n    weight: {kind: lognormal, mu: 88, sigma: 3}\n")], 1,
      ["weight_lognormal.yaml:9:", "projections[0].weight", "a drawn value"])

# --- runs that could not end ------------------------------------------------------------------
check("steps_beyond_2_53", ["run", write("steps.yaml", NET.replace("duration: 0.01", "duration: 1.0e300"))], 1,
      ["steps.yaml:2:", "duration", "2^53 steps"], timeout=10)
check("poisson_rate_1e300", ["run", write("poisson.yaml", NET +
      "inputs:\n  - {target: e/r_ext, poisson: {rate: 1.0e300, weight: 1.0}}\n")], 1,
      ["poisson.yaml:8:", "inputs[0]", "rate × dt <= 1000"], timeout=10)
nan_npy = work / "nan_input.npy"
subprocess.run(["/usr/bin/python3", "-c", "import numpy as np, sys; a = np.zeros((10, 3)); a[4, 1] = np.nan; "
                "np.save(sys.argv[1], a)", str(nan_npy)], check=True)
# The outputs of a NaN stop are written (README): run into a folder of its own and look at it.
nan_spec = write("nan_function.yaml", """dt: 1.0
duration: 10
populations:
  f:
    function: relu
    size: 3
inputs:
  - {target: f, file: nan_input.npy}
record:
  variables: [f]
""")
p = subprocess.run([exe, "run", str(nan_spec), "-o", str(work / "nan_out"), "-q", "--no-plots"],
                   capture_output=True, text=True, timeout=30)
problems = [m for m, bad in [(f"exit status {p.returncode}, expected 1", p.returncode != 1),
                             ("no population 'f'", "population 'f'" not in p.stderr),
                             ("no step 4", "in step 4" not in p.stderr),
                             ("no unit 1", "unit 1" not in p.stderr)] if bad]
print("FAIL" if problems else "ok  ", "function_node_nan", "; ".join(problems), p.stderr.strip()[:300] if problems else "")
if problems:
    failures.append("function_node_nan: " + "; ".join(problems))

# A kernel whose every value underflows to 0 (targets 1000 σ away) for both degree rules.
far = CONN.replace("extent: [[0, 10], [0, 10]]}\nprojections", "extent: [[5000, 5010], [0, 10]]}\nprojections")
for rule in ("fixed_outdegree", "fixed_indegree"):
    check("zero_kernel_mass_" + rule, ["connect", write(f"zero_mass_{rule}.yaml", far +
          f"    rule: {{kind: {rule}, k: 2}}\n    kernel: {{kind: gaussian, sigma: 1}}\n")], 1,
          [f"zero_mass_{rule}.yaml:9:", "projections[0].", "nonzero kernel weight"], timeout=20)

# Equations nested 10,000 parentheses deep, in a template file of the user's.
deep = "(" * 10000 + "r" + ")" * 10000
write("deep_model.yaml", f"deep:\n  equations:\n    - d/dt r = -{deep}\n  state: {{r: 0.0}}\n  output: r\n")
check("equation_10000_parentheses", ["run", write("deep_net.yaml", NET.replace(
      "neural_mass_models.wilsoncowan.exc_pop", "deep_model.yaml:deep"))], 1,
      ["deep_model.yaml:3:", "nested at most 256 levels deep"])

# --- the command line ---------------------------------------------------------------------------
small = write("small.yaml", CONN + "    rule: {kind: pairwise_bernoulli, p: 0.5}\n")
check("seed_2_to_the_64", ["connect", small, "--seed", "18446744073709551616"], 2, ["does not fit 64 bits"])
check("seed_not_a_number", ["connect", small, "--seed", "12abc"], 2, ["a whole number"])
check("threads_100000", ["connect", small, "--threads", "100000"], 2, ["from 1 to 1024"])
check("threads_100000_run", ["run", write("net_ok.yaml", NET), "--threads", "100000"], 2, ["from 1 to 1024"])
ok = subprocess.run([exe, "connect", str(small), "-o", str(work / "seed_max"), "-q", "--seed", "18446744073709551615",
                     "--threads", "2"], capture_output=True, text=True, timeout=30)
print("FAIL" if ok.returncode else "ok  ", "seed_2_to_the_64_minus_1_accepted", ok.stderr.strip())
if ok.returncode:
    failures.append("--seed 18446744073709551615 refused: " + ok.stderr)

# An allocation beyond a small address space ends in a clear message, not an internal error.
# (4e7 uniform positions need 640 MB; the process gets 400 MB.)
big = write("big.yaml", "populations:\n  a:\n    size: 40000000\n    positions: {kind: uniform, extent: [[0, 1], [0, 1]]}\n")
p = subprocess.run(["bash", "-c", 'ulimit -v 400000 && exec "$@"', "bash", exe, "connect", str(big), "-o",
                    str(work / "big_out"), "-q", "--threads", "1"], capture_output=True, text=True, timeout=60)
clear = ("out of memory" in p.stderr or "needs an estimated" in p.stderr) and "internal error" not in p.stderr
print("ok  " if p.returncode == 1 and clear else "FAIL", "allocation_beyond_ulimit", p.stderr.strip()[:300])
if not (p.returncode == 1 and clear):
    failures.append(f"allocation beyond ulimit: exit {p.returncode}, {p.stderr.strip()[:300]}")

print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
