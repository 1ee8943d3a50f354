#!/usr/bin/python3
"""`neurowire inspect` tells the truth (numpy as the oracle):
  - distances on periodic axes by the minimum image, as the connectome was drawn (and visibly
    unlike the plain distance, so the check can fail);
  - every edge population of a SONATA file listed, none chosen silently, each selectable;
  - a CSV / PyNN .conn file written by `connect` reads back with the right n_target, also as
    `weights: {connectome: ...}` of a network; .mtx reads back (weights only);
  - recording.npz and spikes.h5: rates, ISI CV and silent units per population; a spike report
    without our attributes takes its duration from the simulation config beside it.

usage: check_inspect.py NEUROWIRE SPECS_DIR WORK_DIR
"""
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


def nw(*args):
    return subprocess.run([exe, *map(str, args)], capture_output=True, text=True)


def field(text, label, name="mean"):
    """The number after `name` on the line starting with `label`."""
    for line in text.splitlines():
        if line.startswith(label):
            m = re.search(name + r" +([-+0-9.eE]+)", line)
            if m:
                return float(m.group(1))
    return None


def line_value(text, label):
    for line in text.splitlines():
        if line.startswith(label):
            return line[len(label):].strip()
    return None


# --- periodic distances ------------------------------------------------------------------
mixed = work / "mixed"
p = nw("connect", specs / "mixed.yaml", "-o", mixed, "--format", "npz,sonata,csv,mtx,pynn", "--quiet")
check(p.returncode == 0, f"connect mixed: {p.stderr}")
pos = np.load(mixed / "sheet.positions.npy")
c = np.load(mixed / "sheet_to_sheet.npz")
d = pos[c["source"]] - pos[c["target"]]
plain = np.sqrt((d ** 2).sum(axis=1)).mean()
d -= np.round(d)        # unit square, periodic on both axes
wrapped = np.sqrt((d ** 2).sum(axis=1)).mean()
check(plain > 1.5 * wrapped, f"the test cannot tell: plain mean {plain}, minimum image {wrapped}")
p = nw("inspect", mixed / "sheet_to_sheet.npz")
got = field(p.stdout, "distance")
check(got is not None and abs(got - wrapped) <= 1e-5 * wrapped,   # printed to 6 digits
      f"inspect distance mean {got}, minimum image {wrapped:.6g}, plain {plain:.6g}\n{p.stdout}{p.stderr}")
check("minimum image" in p.stdout, f"inspect does not say the distances wrap:\n{p.stdout}")

# --- several SONATA edge populations -------------------------------------------------------
edges = mixed / "sonata" / "edges.h5"
names = ["cells_to_cells", "plain_to_plain", "plain_to_ring", "ring_to_plain", "sheet_local", "sheet_to_sheet"]
p = nw("inspect", edges)
check(p.returncode == 1 and all(n in p.stderr for n in names), f"inspect of 6 populations without --population:\n{p.stderr}")
for name in ("sheet_local", "ring_to_plain"):
    p = nw("inspect", edges, "--population", name)
    npz = np.load(mixed / f"{name}.npz")
    check(p.returncode == 0 and line_value(p.stdout, "synapses") == str(len(npz["source"])),
          f"--population {name}:\n{p.stdout}{p.stderr}")
    check(all(n in (line_value(p.stdout, "edge pops") or "") for n in names), f"edge populations not listed:\n{p.stdout}")
    check(f"(this report: {name})" in p.stdout, f"which population is reported:\n{p.stdout}")
p = nw("inspect", edges, "--population", "nope")
check(p.returncode == 1 and "nope" in p.stderr and "sheet_local" in p.stderr, f"unknown population: {p.stderr}")
p = nw("inspect", edges, "--population", "sheet_to_sheet")
got = field(p.stdout, "distance")
check(got is not None and abs(got - wrapped) <= 1e-5 * wrapped, f"SONATA sheet_to_sheet distance {got}, want {wrapped}")

# A network reads one population of the file by name (`weights: {connectome: ..., population: ...}`).
net_sonata = work / "net_sonata.yaml"
body = "dt: 0.1\nduration: 1.0\npopulations:\n  sheet: {model: spiking_neurons.lif_coba.lif, size: 600}\nprojections:\n"
net_sonata.write_text(body + "  - {source: sheet, target: sheet/g_e, weights: {connectome: mixed/sonata/edges.h5, population: sheet_local}}\n")
p = nw("inspect", net_sonata)
check(p.returncode == 0, f"network with a named SONATA population: {p.stderr}")
net_sonata.write_text(body + "  - {source: sheet, target: sheet/g_e, weights: {connectome: mixed/sonata/edges.h5}}\n")
p = nw("inspect", net_sonata)
check(p.returncode == 1 and "sheet_local" in p.stderr and "weights.connectome" in p.stderr,
      f"network with an unnamed population of six: {p.stderr}")
net_sonata.write_text(body + "  - {source: sheet, target: sheet/g_e, weights: {connectome: mixed/sheet_to_sheet.csv, population: x}}\n")
p = nw("inspect", net_sonata)
check(p.returncode == 1 and "weights.population" in p.stderr, f"population with a CSV: {p.stderr}")

# --- text formats: n_target from connectome.json ---------------------------------------------
# Three edges into 1000 targets: the largest index is far below n_target.
small = work / "few.yaml"
small.write_text("seed: 1\npopulations:\n  a: {size: 5}\n  b: {size: 1000}\n"
                 "projections:\n  - {source: a, target: b, rule: {kind: fixed_total_number, n: 3}, weight: 0.5, delay: 1.0}\n")
few = work / "few"
p = nw("connect", small, "-o", few, "--format", "npz,csv,mtx,pynn", "--quiet")
check(p.returncode == 0, f"connect few: {p.stderr}")
z = np.load(few / "a_to_b.npz")
check(z["target"].max() < 999, "the CSV test needs a target index below n_target - 1")
for ext in ("csv", "conn", "mtx", "npz"):
    p = nw("inspect", few / f"a_to_b.{ext}")
    check(p.returncode == 0 and line_value(p.stdout, "targets") == "1000" and line_value(p.stdout, "sources") == "5",
          f".{ext}: sizes\n{p.stdout}{p.stderr}")
    check(line_value(p.stdout, "synapses") == "3", f".{ext}: synapses\n{p.stdout}")
p = nw("inspect", few / "a_to_b.mtx")
check("none (the format holds weights only)" in p.stdout, f".mtx delays:\n{p.stdout}")
# Without connectome.json the CSV can only say the largest index + 1.
lone = work / "lone"
lone.mkdir()
shutil.copy(few / "a_to_b.csv", lone / "a_to_b.csv")
p = nw("inspect", lone / "a_to_b.csv")
check(line_value(p.stdout, "targets") == str(int(z["target"].max()) + 1), f"CSV without connectome.json:\n{p.stdout}")
# As the weights of a network: a wrong n_target would be a shape error.
net = few / "net.yaml"
net.write_text("dt: 0.1\nduration: 1.0\npopulations:\n"
               "  a: {model: spiking_neurons.lif_coba.lif, size: 5}\n  b: {model: spiking_neurons.lif_coba.lif, size: 1000}\n"
               "projections:\n  - {source: a, target: b/g_e, weights: {connectome: a_to_b.csv}}\n"
               "  - {source: a, target: b/g_i, weights: {connectome: a_to_b.conn}}\n")
p = nw("inspect", net)
check(p.returncode == 0, f"network with CSV/.conn weights: {p.stderr}")

# --- spikes ------------------------------------------------------------------------------
run = work / "run"
p = nw("run", specs / "run_small.yaml", "-o", run, "--no-plots", "--quiet")
check(p.returncode == 0, f"run: {p.stderr}")
rec = np.load(run / "recording.npz")
T = float(rec["dt"]) * int(rec["steps_done"])
sizes = {"lif": 4, "E": 400, "I": 100}
for f in ("recording.npz", "spikes.h5"):
    p = nw("inspect", run / f)
    check(p.returncode == 0, f"inspect {f}: {p.stderr}")
    blocks = p.stdout.split("population   ")[1:]
    check(len(blocks) == 3, f"{f}: three populations expected:\n{p.stdout}")
    for block in blocks:
        pop = block.split(":")[0]
        t, u = rec[f"{pop}.spike_times"], rec[f"{pop}.spike_units"]
        rate = len(t) / (sizes[pop] * T * 1e-3)
        cvs = []
        for unit in np.unique(u):
            isi = np.diff(np.sort(t[u == unit]))
            if len(isi) >= 2:
                cvs.append(isi.std() / isi.mean())
        got_rate = float(block.split("rate")[1].split()[0])
        got_cv = block.split("ISI CV")[1].split()[0]
        got_silent = int(block.split("silent")[1].split()[0])
        check(abs(got_rate - rate) <= 1e-3 * rate, f"{f} {pop}: rate {got_rate}, numpy {rate:.5g}")
        if cvs:
            check(abs(float(got_cv) - np.mean(cvs)) <= 1e-3 * np.mean(cvs) + 1e-9,
                  f"{f} {pop}: ISI CV {got_cv}, numpy {np.mean(cvs):.5g}")
        else:
            check(got_cv == "none", f"{f} {pop}: ISI CV {got_cv} where no unit has 3 spikes")
        check(got_silent == sizes[pop] - len(np.unique(u)), f"{f} {pop}: silent {got_silent}")

# A report as BMTK writes it (no attributes of ours), duration from the config one folder up.
try:
    import h5py
    bmtk = work / "bmtk_like"
    (bmtk / "output").mkdir(parents=True)
    (bmtk / "simulation_config.json").write_text('{"run": {"tstop": 500.0, "dt": 0.1}}')
    with h5py.File(bmtk / "output" / "spikes.h5", "w") as f:
        g = f.create_group("spikes/cortex")
        g.create_dataset("timestamps", data=np.array([10.0, 20.0, 40.0, 15.0]))
        g.create_dataset("node_ids", data=np.array([0, 0, 0, 7], dtype=np.uint64))
    p = nw("inspect", bmtk / "output" / "spikes.h5")
    check(p.returncode == 0 and "500 ms" in p.stdout and "4 spikes from 2 units" in p.stdout and
          "silent     unknown" in p.stdout and "rate       unknown" in p.stdout, f"BMTK-like report:\n{p.stdout}{p.stderr}")
    check(abs(float(p.stdout.split("ISI CV")[1].split()[0]) - 1.0 / 3.0) < 1e-3, f"ISI CV of 10, 20 ms:\n{p.stdout}")
except ImportError:
    print("h5py missing: the BMTK-like spike report is not checked")

print(f"check_inspect: {len(failures)} failures")
sys.exit(1 if failures else 0)
