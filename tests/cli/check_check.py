#!/usr/bin/python3
"""`neurowire check DIR [--for ...]` end to end: our connect and export outputs pass for the readers
they are written for; folders broken in one place each (h5py and text edits of a good folder) fail
with exit status 1 and a line naming the reader, the file and the place; --for limits the readers.

usage: check_check.py NEUROWIRE SPECS_DIR EXAMPLES_DIR WORK_DIR
Exit 77 (skipped) when h5py is missing.
"""
import json
import pathlib
import shutil
import subprocess
import sys

try:
    import h5py
except ImportError as e:
    print(f"skipped: {e}")
    sys.exit(77)

exe, specs, examples, work = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3]), pathlib.Path(sys.argv[4])
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def nw(*args):
    return subprocess.run([exe, *map(str, args)], capture_output=True, text=True)


good = work / "good"
p = nw("connect", specs / "forum_small.yaml", "-o", good, "--format", "sonata", "--quiet")
check(p.returncode == 0, f"connect: {p.stderr}")

# Our connect output: NEST's names, so NEST, BMTK and libsonata pass; PyNN 0.10 cannot split
# "static_synapse" into prefix and model, and the check says where.
p = nw("check", good, "--for", "nest,bmtk,libsonata")
check(p.returncode == 0 and "(passed)" in p.stdout, f"connect output fails for nest,bmtk,libsonata:\n{p.stdout}{p.stderr}")
p = nw("check", good / "sonata")
check(p.returncode == 1 and "error [pynn] edge_types.csv line 2, column model_template" in p.stdout,
      f"check of the connect output for every reader:\n{p.stdout}")

# Exports pass for their target.
for target, readers in (("nest", "nest,bmtk,libsonata"), ("pynn", "pynn")):
    out = work / f"export_{target}"
    p = nw("export", examples / "seed003_coba.yaml", "-o", out, "--target", target, "--quiet")
    check(p.returncode == 0, f"export --target {target}: {p.stderr}")
    p = nw("check", out, "--for", readers)
    check(p.returncode == 0, f"export --target {target} fails check --for {readers}:\n{p.stdout}")


def broken(name, edit):
    d = work / name
    shutil.copytree(good / "sonata", d)
    edit(d)
    return d


def without_node_id(d):
    with h5py.File(d / "nodes.h5", "r+") as f:
        del f["nodes/pre/node_id"]


def comma_node_types(d):
    text = (d / "node_types.csv").read_text()
    (d / "node_types.csv").write_text(text.replace(" ", ","))


def no_output(d):
    cfg = json.loads((d / "simulation_config.json").read_text())
    del cfg["output"]
    (d / "simulation_config.json").write_text(json.dumps(cfg, indent=2))


def second_edge_group(d):
    with h5py.File(d / "edges.h5", "r+") as f:
        f.move("edges/pre_to_post/0", "edges/pre_to_post/1")
        f["edges/pre_to_post/edge_group_id"][...] = 1


def out_of_range_target(d):
    with h5py.File(d / "edges.h5", "r+") as f:
        ids = f["edges/pre_to_post/target_node_id"]
        ids[0] = 4000


cases = [
    ("no_node_id", without_node_id, "error [bmtk] nodes.h5 /nodes/pre/node_id"),
    ("comma_types", comma_node_types, "node_types.csv line 1"),
    ("no_output", no_output, "simulation_config.json output"),
    ("edge_group_1", second_edge_group, "edges.h5 /edges/pre_to_post"),
    ("target_out_of_range", out_of_range_target, "/edges/pre_to_post/target_node_id"),
]
# Checked for the readers the good folder passes, so that exit status 1 is the breakage's.
for name, edit, expected in cases:
    d = broken(name, edit)
    p = nw("check", d, "--for", "nest,bmtk,libsonata")
    check(p.returncode == 1, f"{name}: exit status {p.returncode}, want 1\n{p.stdout}")
    check(any(line.startswith("error") and expected in line for line in p.stdout.splitlines()),
          f"{name}: no error line with '{expected}':\n{p.stdout}")

# --for: the missing node_id bothers BMTK and PyNN, not NEST.
p = nw("check", work / "no_node_id", "--for", "nest")
check(p.returncode == 0 and not any(line.startswith("error") for line in p.stdout.splitlines()),
      f"--for nest on a folder without node_id:\n{p.stdout}")

# Not a SONATA folder; an unknown reader is bad usage (2).
p = nw("check", work / "nowhere")
check(p.returncode == 1 and "no such folder" in p.stderr, f"check of a missing folder: {p.returncode} {p.stderr}")
p = nw("check", specs)
check(p.returncode == 1 and "not a SONATA folder" in p.stderr, f"check of a folder without configs: {p.returncode} {p.stderr}")
p = nw("check", good, "--for", "neuron")
check(p.returncode == 2, f"--for neuron: exit {p.returncode}, want 2")

print(f"check_check: {len(failures)} failures")
sys.exit(1 if failures else 0)
