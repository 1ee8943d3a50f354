#!/usr/bin/python3
"""What a new user meets around the numbers, end to end:

- `connect` on a network spec writes its rule-drawn connectomes (the same bytes `run` writes);
- `rule: {k: {file: k.npy}}` draws exactly the degrees of the file, `n: {file:}` the total;
- an input file with too few rows is refused naming the spec file, line and the .npy;
- `spikes: [{pop: E, units: [..]}]` records those units only (the others' spikes are the same
  as in a full recording, so the filter drops, never changes, spikes);
- the time unit: ms and s networks report Hz, a `none` network rates per time unit, and the
  summary says which unit and why; templates that disagree need a time_unit of the network.

usage: check_user_workflows.py NEUROWIRE WORK_DIR
"""
import pathlib
import re
import shutil
import subprocess
import sys

import numpy as np

exe, work = sys.argv[1], pathlib.Path(sys.argv[2])
EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples"
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


def write(name, text):
    path = work / name
    path.write_text(text)
    return path


# --- defect 1: connect on a network spec --------------------------------------------------------
net = write("net.yaml", """
seed: 3
dt: 0.1
duration: 2.0
populations:
  E:
    model: spiking_neurons.lif_coba.lif
    size: 50
    positions: {kind: uniform, extent: [[0, 1], [0, 1]]}
  I:
    model: spiking_neurons.lif_coba.lif
    size: 20
projections:
  - {name: E2I, source: E, target: I/g_e, rule: {kind: fixed_indegree, k: 5}, weight: 0.5, delay: 0.2}
  - {name: I2E, source: I, target: E/g_i, rule: {kind: pairwise_bernoulli, p: 0.3}, weight: 2.0}
inputs:
  - {target: E/I_ext, value: 20.0}
record:
  spikes: [E]
""")
status, _, err = run("connect", net, "-o", work / "net_connect", "--format", "npz,sonata")
check(status == 0, f"connect on a network spec exited {status}: {err}")
status, _, err = run("run", net, "-o", work / "net_run", "--no-plots")
check(status == 0, f"run exited {status}: {err}")
for name in ("E2I.npz", "I2E.npz", "E.positions.npy"):
    a, b = work / "net_connect" / name, work / "net_run" / name
    check(a.exists() and b.exists() and a.read_bytes() == b.read_bytes(),
          f"connect and run wrote different {name}")
check((work / "net_connect" / "sonata").is_dir(), "connect --format sonata wrote no sonata/ for a network spec")
check(not (work / "net_connect" / "recording.npz").exists(), "connect simulated the network")

# --- defect 3: k and n from files ---------------------------------------------------------------
rng = np.random.default_rng(1)
k = rng.integers(0, 8, size=30)
np.save(work / "k.npy", k)
np.save(work / "n.npy", np.array([123]))
degrees = write("degrees.yaml", """
seed: 1
populations:
  a: {size: 30}
  b: {size: 40}
projections:
  - {name: out, source: a, target: b, rule: {kind: fixed_outdegree, k: {file: k.npy}}}
  - {name: total, source: a, target: b, rule: {kind: fixed_total_number, n: {file: n.npy}}}
""")
status, _, err = run("connect", degrees, "-o", work / "degrees")
check(status == 0, f"k/n from files exited {status}: {err}")
if status == 0:
    out = np.load(work / "degrees" / "out.npz")
    check(np.array_equal(np.bincount(out["source"], minlength=30), k), "out-degrees differ from k.npy")
    check(np.load(work / "degrees" / "total.npz")["source"].size == 123, "fixed_total_number n from n.npy")

# --- defect 5: an input file with too few rows --------------------------------------------------
np.save(work / "short.npy", np.zeros((10, 3)))
short = write("short_input.yaml", """
dt: 0.1
duration: 5.0
populations:
  q: {model: spiking_neurons.qif.qif, size: 3}
inputs:
  - target: q/I_ext
    file: short.npy
""")
status, _, err = run("run", short, "-o", work / "short")
check(status == 1, f"a short input file exited {status}")
check("short_input.yaml:8:" in err and "short.npy" in err and "50 rows" in err and "found 10 rows" in err,
      f"the message lacks file:line, the .npy or the row counts: {err!r}")
check(not (work / "short").exists(), "a refused run left its output folder")

# --- defect 6: spikes of some units -------------------------------------------------------------
def spikes_spec(entry):
    return f"""
seed: 4
dt: 0.1
duration: 100.0
populations:
  E:
    model: spiking_neurons.lif_coba.lif
    size: 10
    init: {{v: {{kind: uniform, low: -60.0, high: -50.0}}}}
inputs:
  - {{target: E/I_ext, value: 25.0}}
record:
  spikes: [{entry}]
"""


status, _, err = run("run", write("all.yaml", spikes_spec("E")), "-o", work / "all", "--no-plots")
check(status == 0, f"full spike recording exited {status}: {err}")
status, _, err = run("run", write("some.yaml", spikes_spec("{pop: E, units: [7, 2]}")), "-o", work / "some", "--no-plots")
check(status == 0, f"spikes of some units exited {status}: {err}")
if status == 0:
    full, part = np.load(work / "all" / "recording.npz"), np.load(work / "some" / "recording.npz")
    keep = np.isin(full["E.spike_units"], [2, 7])
    check(keep.sum() > 0, "the units recorded never fired (the check would be empty)")
    check(np.array_equal(part["E.spike_units"], full["E.spike_units"][keep]) and
          np.array_equal(part["E.spike_times"], full["E.spike_times"][keep]),
          "the spikes of units 2 and 7 differ from a full recording's")
status, _, err = run("run", write("bad_units.yaml", spikes_spec("{pop: E, units: [10]}")), "-o", work / "bad_units")
check(status == 1 and "record.spikes[0].units[0]" in err and "below the population size 10" in err,
      f"a unit out of range: {status} {err!r}")

# --- time units ---------------------------------------------------------------------------------
def summary_of(name, spec):
    status, _, err = run("run", write(name + ".yaml", spec), "-o", work / name, "--no-plots")
    check(status == 0, f"{name} exited {status}: {err}")
    return (work / name / "summary.txt").read_text() if status == 0 else ""


def rate_of(summary, pop):
    m = re.search(rf"population   {pop} .*mean rate ([0-9.e+]+) (Hz|per time unit)", summary)
    return (float(m.group(1)), m.group(2)) if m else (None, None)


# A Poisson input drives a state: the number of events per unit is rate × duration in the network's
# time unit, whatever that unit is. 1 ms → 10 events/ms for 100 ms; in seconds rate 10 for 100 s.
qif = summary_of("qif_none", """
dt: 1.0e-3
duration: 5.0
populations:
  q: {model: spiking_neurons.qif.qif, size: 5, init: {v: -2.0}}
inputs:
  - {target: q/I_ext, value: 20.0}
record:
  spikes: [q]
""")
check("time unit    none (from template spiking_neurons.qif.qif)" in qif, f"qif summary: {qif!r}")
rate, unit = rate_of(qif, "q")
check(unit == "per time unit" and "Hz" not in qif, f"a dimensionless network reported Hz: {qif!r}")
spikes = np.load(work / "qif_none" / "recording.npz")["q.spike_times"].size
check(rate is not None and abs(rate - spikes / (5 * 5.0)) <= 1e-3 * rate, f"qif rate {rate} vs {spikes} spikes")

coba_ms = summary_of("coba_ms", spikes_spec("E"))
check("time unit    ms (from template spiking_neurons.lif_coba.lif)" in coba_ms, f"ms summary: {coba_ms!r}")
rate, unit = rate_of(coba_ms, "E")
n = np.load(work / "coba_ms" / "recording.npz")["E.spike_times"].size
check(unit == "Hz" and abs(rate - n / (10 * 0.1)) <= 1e-3 * rate, f"ms rate {rate} {unit} vs {n} spikes in 100 ms")

# The same network declared in seconds: dt and duration mean seconds, rates are per second.
coba_s = summary_of("coba_s", spikes_spec("E").replace("seed: 4", "seed: 4\ntime_unit: s"))
check("time unit    s (declared by the network)" in coba_s, f"s summary: {coba_s!r}")
rate_s, unit = rate_of(coba_s, "E")
check(unit == "Hz" and abs(rate_s - n / (10 * 100.0)) <= 1e-3 * rate_s,
      f"s rate {rate_s} {unit}: the same spikes over 100 s")

poisson = summary_of("poisson_s", """
seed: 9
time_unit: s
dt: 1.0e-3
duration: 20.0
populations:
  p: {model: rate_neurons.leaky_integrator.tanh, size: 200, params: {tau: 1.0e9}}
inputs:
  - {target: p/v, poisson: {rate: 10.0, weight: 1.0}}
record:
  variables: [{var: p/v, every: 20000}]
""")
if poisson:
    check("inputs[0] (p/v): Poisson rate 10 per s = 10 Hz per unit" in poisson, f"Poisson note: {poisson!r}")
    v = np.load(work / "poisson_s" / "recording.npz")["p.v"][-1]
    # v counts the events (τ = 1e9 s: no decay to speak of); Poisson mean 200, sd 14 per unit, so
    # the mean over 200 units lies within 200 ± 4 (4 sd of the mean: 14/√200 = 1).
    check(abs(v.mean() - 200.0) < 4.0, f"10 events per second for 20 s gave {v.mean()} on average")

mixed = write("mixed_units.yaml", """
dt: 0.1
duration: 1.0
populations:
  q: {model: spiking_neurons.qif.qif, size: 2}
  e: {model: spiking_neurons.lif_coba.lif, size: 2}
""")
status, _, err = run("run", mixed, "-o", work / "mixed")
check(status == 1 and "time_unit" in err and "disagree" in err and "mixed_units.yaml" in err,
      f"templates in different units without a network time_unit: {status} {err!r}")

# --- neurowire plot ------------------------------------------------------------------------------
def is_png(path):
    return path.exists() and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


if shutil.which("gnuplot"):
    for name in ("all", "some"):   # the runs above, again with plots
        status, _, err = run("run", work / f"{name}.yaml", "-o", work / f"{name}_plots")
        check(status == 0 and is_png(work / f"{name}_plots" / "raster_E.png") and is_png(work / f"{name}_plots" / "rates_E.png"),
              f"run with plots ({name}): {status} {err}")
    status, _, err = run("plot", "traces", work / "coba_ms", work / "coba_s", "--var", "E.v", "-o", work / "overlay.png")
    check(status == 1 and "no trace 'E.v'" in err, f"plot traces of an unrecorded variable: {status} {err!r}")
    status, _, err = run("run", net, "-o", work / "net_traces", "--no-plots")
    for spec_name in ("traces_a", "traces_b"):
        write(spec_name + ".yaml", spikes_spec("E").replace("record:", "record:\n  variables: [{var: E/v, units: [0, 1]}]")
              .replace("seed: 4", "seed: 5" if spec_name.endswith("b") else "seed: 4"))
        status, _, err = run("run", work / (spec_name + ".yaml"), "-o", work / spec_name, "--no-plots")
        check(status == 0, f"{spec_name}: {err}")
    status, _, err = run("plot", "traces", work / "traces_a", work / "traces_b", "--var", "E.v", "--unit", "1",
                         "-o", work / "overlay.png")
    check(status == 0 and is_png(work / "overlay.png"), f"plot traces: {status} {err}")
    status, _, err = run("plot", "traces", work / "traces_a", "--var", "E.v", "--unit", "7", "-o", work / "bad.png")
    check(status == 1 and "no unit 7" in err and not (work / "bad.png").exists(), f"plot traces of an unrecorded unit: {err!r}")
    status, _, err = run("plot", "inputs", EXAMPLES / "seed002_qif.yaml", "-o", work / "inputs.png")
    check(status == 0 and is_png(work / "inputs.png"), f"plot inputs: {status} {err}")
    status, out, err = run("plot", "connectome", net, "-o", work / "connectome.png")
    check(status == 1 and "--projection" in err, f"plot connectome without a projection between positions: {err!r}")
    status, out, err = run("plot", "connectome", EXAMPLES / "seed004_spatial.yaml", "-o", work / "connectome.png")
    check(status == 0 and is_png(work / "connectome.png") and "100000 connections" in out, f"plot connectome: {status} {err}")
    # The drawn partner distances follow the kernel's expectation: 20,000 draws of fixed_outdegree
    # with a gaussian kernel, the expectation over all 1,000 sources. Per bin with an expected count
    # of 50 or more, the drawn count is within 4.5 standard deviations (Poisson, an upper bound of
    # the multinomial's): over ~20 bins a false alarm has probability below 1e-4.
    sheet = write("sheet.yaml", """
seed: 11
populations:
  a: {size: 1000, positions: {kind: uniform, extent: [[0, 1], [0, 1]]}}
  b: {size: 2000, positions: {kind: uniform, extent: [[0, 1], [0, 1]]}}
projections:
  - {name: ab, source: a, target: b, rule: {kind: fixed_outdegree, k: 20}, kernel: {kind: gaussian, sigma: 0.1}}
""")
    status, out, err = run("plot", "connectome", sheet, "-o", work / "sheet.png", "--csv", work / "sheet.csv")
    check(status == 0 and is_png(work / "sheet.png"), f"plot connectome --csv: {status} {err}")
    if status == 0:
        table = np.loadtxt(work / "sheet.csv", delimiter=",", skiprows=1)
        width = table[1, 0] - table[0, 0]
        drawn, expected = table[:, 1] * width * 20000, table[:, 2] * width * 20000
        big = expected >= 50
        z = np.abs(drawn[big] - expected[big]) / np.sqrt(expected[big])
        check(big.sum() >= 8 and z.max() < 4.5, f"drawn distances against the kernel: {big.sum()} bins, max z {z.max():.2f}")
    status, _, err = run("plot", "connectom", "x")
    check(status == 2 and "connectome" in err, f"a misspelled plot command: {err!r}")
else:
    print("gnuplot missing: the plot checks are skipped")

print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
