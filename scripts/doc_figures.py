#!/usr/bin/python3
"""The figures docs/examples.md quotes, computed from runs of its specs so they cannot drift.

    /usr/bin/python3 scripts/doc_figures.py NEUROWIRE [--write] [--work DIR]

Runs every example spec with NEUROWIRE, computes what the page says about it (rates, spike
counts, ISI CVs, synapse counts, the values the specs set), and compares them with the text
between the page's markers: `<!--fig:NAME-->value<!--/fig-->` inline and the table between
`<!--fig-table-->` and `<!--/fig-table-->`. Exit status 1 lists every difference; --write puts the
computed values into the page instead. The test `doc_figures` runs the check.
"""
import argparse
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "examples.md"
EXAMPLES = ROOT / "examples"


def run(exe, spec, work):
    out = work / spec.replace(".yaml", "")
    done = subprocess.run([exe, "run", str(EXAMPLES / spec), "-o", str(out), "--no-plots", "--quiet"],
                          capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"doc_figures: {spec} failed: {done.stderr}")
    return np.load(out / "recording.npz"), out


def commas(n):
    return f"{n:,}"


def mean_rate_hz(rec, pop, size, duration_ms):
    return rec[f"{pop}.spike_times"].size / size / (duration_ms * 1e-3)


def isi_cv(rec, pop):
    """Mean over units with at least 3 spikes of std(ISI) / mean(ISI)."""
    times, units = rec[f"{pop}.spike_times"], rec[f"{pop}.spike_units"]
    cvs = []
    for u in np.unique(units):
        isi = np.diff(np.sort(times[units == u]))
        if isi.size >= 2 and isi.mean() > 0:
            cvs.append(isi.std() / isi.mean())
    return float(np.mean(cvs))


def spec_of(name):
    return yaml.safe_load((EXAMPLES / name).read_text())


def figures(exe, work):
    f, rows = {}, []

    rec, _ = run(exe, "seed000_wilson_cowan.yaml", work)
    r = rec["e.r"][-1]
    rows.append(("seed000_wilson_cowan.yaml", "2,000",
                 f"r after 2,000 steps: {r.min():.4f}–{r.max():.4f} across units (r₀ = {r[0]:.6f})"))
    rec, _ = run(exe, "seed000_wilson_cowan_het.yaml", work)
    r = rec["e.r"][-1]
    rows.append(("seed000_wilson_cowan_het.yaml", "2,000", f"r spread {r.min():.3f}–{r.max():.3f} (faster units with smaller τ)"))
    for name, note in (("delay", " (the delayed feedback starts at t = 0.5)"), ("gamma", "")):
        rec, _ = run(exe, f"seed000_wilson_cowan_{name}.yaml", work)
        rows.append((f"seed000_wilson_cowan_{name}.yaml", "2,000", f"r₀ = {rec['e.r'][-1][0]:.4f} at T{note}"))

    rec, _ = run(exe, "seed001_leaky_integrator_tanh.yaml", work)
    r = np.tanh(rec["tanh.v"][-1]) if "tanh.v" in rec.files else rec["tanh.r"][-1]
    rows.append(("seed001_leaky_integrator_tanh.yaml", commas(rec["t"].size),
                 f"|r| at T: {np.abs(r).min():.3f}–{np.abs(r).max():.3f} across units (saturation near ±1)"))

    lif = spec_of("seed001_lif.yaml")
    drive = [i for i in lif["inputs"] if i["target"] == "lif/I_ext"][0]["value"]
    f["seed001_lif_drive"] = f"{drive:g}"
    rec, _ = run(exe, "seed001_lif.yaml", work)
    n = rec["lif.spike_times"].size
    steps = round(lif["duration"] / lif["dt"])
    rows.append(("seed001_lif.yaml", commas(steps), f"{commas(n)} spikes ({n / 5:.1f} per unit), ISI CV {isi_cv(rec, 'lif'):.2f}"))

    qif = spec_of("seed002_qif.yaml")
    rec, _ = run(exe, "seed002_qif.yaml", work)
    n = rec["qif.spike_times"].size
    rows.append(("seed002_qif.yaml", commas(round(qif["duration"] / qif["dt"])),
                 f"{commas(n)} spikes, {n / 5 / qif['duration']:.1f} per unit per time unit, ISI CV {isi_cv(rec, 'qif'):.2f}"))

    coba = spec_of("seed003_coba.yaml")
    rec, _ = run(exe, "seed003_coba.yaml", work)
    e, i = mean_rate_hz(rec, "E", 3200, coba["duration"]), mean_rate_hz(rec, "I", 800, coba["duration"])
    f["seed003_seed"] = str(coba["seed"])
    f["seed003_rates"] = f"E {e:.1f} Hz, I {i:.1f} Hz"
    rows.append(("seed003_coba.yaml", commas(round(coba["duration"] / coba["dt"])),
                 f"E {e:.1f} Hz, I {i:.1f} Hz, ISI CV {isi_cv(rec, 'E'):.1f} (seed {coba['seed']})"))

    spatial = spec_of("seed004_spatial.yaml")
    rec, out = run(exe, "seed004_spatial.yaml", work)
    synapses = np.load(out / "pre_to_post.npz")["source"].size
    post_counts = np.bincount(rec["post.spike_units"], minlength=40000)
    firing = int((post_counts >= 3).sum())
    f["seed004_firing"] = commas(firing)
    rows.append(("seed004_spatial.yaml", commas(round(spatial["duration"] / spatial["dt"])),
                 f"{commas(synapses)} synapses; pre {mean_rate_hz(rec, 'pre', 10000, spatial['duration']):.0f} Hz, "
                 f"post {mean_rate_hz(rec, 'post', 40000, spatial['duration']):.0f} Hz on average; "
                 f"{commas(firing)} of 40,000 post neurons fire 3 spikes or more"))

    demo = spec_of("demo_ei_sheet.yaml")
    rec, _ = run(exe, "demo_ei_sheet.yaml", work)
    e, i = mean_rate_hz(rec, "E", 32000, demo["duration"]), mean_rate_hz(rec, "I", 8000, demo["duration"])
    f["demo_seed"] = str(demo["seed"])
    f["demo_rates"] = f"E {e:.1f} Hz and I {i:.1f} Hz"
    f["demo_cv"] = f"{isi_cv(rec, 'E'):.1f}"
    rows.append(("demo_ei_sheet.yaml", commas(round(demo["duration"] / demo["dt"])),
                 f"E {e:.1f} Hz, I {i:.1f} Hz, ISI CV {isi_cv(rec, 'E'):.1f}"))

    table = "| spec | steps | result |\n|---|---|---|\n" + "".join(f"| `{a}` | {b} | {c} |\n" for a, b, c in rows)
    return f, table


INLINE = re.compile(r"<!--fig:(\w+)-->(.*?)<!--/fig-->")
TABLE = re.compile(r"(<!--fig-table-->\n)(.*?)(<!--/fig-table-->)", re.S)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("neurowire")
    parser.add_argument("--write", action="store_true", help="put the computed figures into the page")
    parser.add_argument("--work", default="", help="folder for the runs (default: a temporary one, removed)")
    args = parser.parse_args()
    work = pathlib.Path(args.work or tempfile.mkdtemp(prefix="doc_figures_"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        values, table = figures(args.neurowire, work)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)

    text = PAGE.read_text()
    problems = []
    quoted = {m.group(1): m.group(2) for m in INLINE.finditer(text)}
    for name in sorted(set(values) | set(quoted)):
        if name not in quoted:
            problems.append(f"{name}: computed {values[name]!r}, not quoted on the page")
        elif name not in values:
            problems.append(f"{name}: quoted {quoted[name]!r}, not computed by this script")
        elif quoted[name] != values[name]:
            problems.append(f"{name}: the page says {quoted[name]!r}, the run gives {values[name]!r}")
    m = TABLE.search(text)
    if not m:
        problems.append("the page has no <!--fig-table--> … <!--/fig-table--> block")
    elif m.group(2) != table:
        problems.append("the results table differs from the runs:\n" + table)

    if args.write:
        text = INLINE.sub(lambda m: f"<!--fig:{m.group(1)}-->{values.get(m.group(1), m.group(2))}<!--/fig-->", text)
        text = TABLE.sub(lambda m: m.group(1) + table + m.group(3), text)
        PAGE.write_text(text)
        print(f"wrote {len(values)} figures and the table into {PAGE.relative_to(ROOT)}")
        return 0
    for p in problems:
        print("DIFFERS:", p)
    print(f"{len(problems)} differences between docs/examples.md and the runs")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
