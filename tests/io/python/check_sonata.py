"""h5py checks the SONATA folder's layout: names, dtypes, attributes, node_id, the index tables under
both names (every edge covered exactly once, every range on the right node), the type tables,
circuit_config.json (with a populations block per entry) and simulation_config.json (run, output
inside the folder, target_simulator)."""
import json
import os
import shlex

import numpy as np

from common import Checker, expected, folder, skip_without

h5py = skip_without("h5py")

d = folder()
s = os.path.join(d, "sonata")
want = expected(d)
c = Checker("check_sonata")


def dtype_is(ds, dtype, what):
    c.check(ds.dtype == np.dtype(dtype), f"{what} dtype {ds.dtype}, want {np.dtype(dtype)}")


def root_attributes(f, what):
    c.check("magic" in f.attrs and f.attrs["magic"] == 0x0A7A and f.attrs["magic"].dtype == np.uint32,
            f"{what} magic attribute")
    v = f.attrs.get("version")
    c.check(v is not None and list(v) == [0, 1] and v.dtype == np.uint32, f"{what} version attribute {v}")


def check_index(group, node_ids, n_nodes, what):
    """node_id_to_ranges -> range_to_edge_id must cover every edge once, each on its own node;
    node_id_to_range (BMTK's name) must be the same table."""
    c.check("node_id_to_range" in group, f"{what}/node_id_to_range missing (BMTK reads that name)")
    if "node_id_to_range" in group:
        c.equal(group["node_id_to_range"][()], group["node_id_to_ranges"][()], f"{what}: node_id_to_range vs node_id_to_ranges")
    n2r, r2e = group["node_id_to_ranges"], group["range_to_edge_id"]
    dtype_is(n2r, np.uint64, what + "/node_id_to_ranges")
    dtype_is(r2e, np.uint64, what + "/range_to_edge_id")
    n2r, r2e = n2r[()], r2e[()]
    c.check(n2r.shape == (n_nodes, 2), f"{what}/node_id_to_ranges shape {n2r.shape}, want ({n_nodes}, 2)")
    c.check(r2e.ndim == 2 and r2e.shape[1] == 2, f"{what}/range_to_edge_id shape {r2e.shape}")
    if n2r.shape != (n_nodes, 2) or r2e.ndim != 2:
        return
    covered = np.zeros(len(node_ids), dtype=np.int64)
    for node in range(n_nodes):
        first, last = n2r[node]
        if not (first <= last <= len(r2e)):
            c.check(False, f"{what}: node {node} has bad range rows [{first}, {last})")
            continue
        for begin, end in r2e[first:last]:
            if not (begin < end <= len(node_ids)):
                c.check(False, f"{what}: node {node} has bad edge range [{begin}, {end})")
                continue
            covered[begin:end] += 1
            c.check(np.all(node_ids[begin:end] == node), f"{what}: a range of node {node} holds other nodes' edges")
        if not np.any(node_ids == node):
            c.check(first == last, f"{what}: node {node} has no edges but a non-empty range")
    c.check(np.all(covered == 1), f"{what}: {np.sum(covered != 1)} edges not covered exactly once")


with h5py.File(os.path.join(s, "nodes.h5"), "r") as f:
    root_attributes(f, "nodes.h5")
    c.check(sorted(f["nodes"].keys()) == sorted(want["populations"]), f"node populations {list(f['nodes'].keys())}")
    type_ids = {}
    for pop, info in want["populations"].items():
        g = f["nodes"][pop]
        n = info["size"]
        for name, dtype in [("node_type_id", np.uint64), ("node_group_id", np.uint32), ("node_group_index", np.uint64),
                            ("node_id", np.uint64)]:
            dtype_is(g[name], dtype, f"nodes/{pop}/{name}")
            c.check(g[name].shape == (n,), f"nodes/{pop}/{name} shape {g[name].shape}")
        c.equal(g["node_group_id"][()], np.zeros(n, dtype=np.uint32), f"nodes/{pop}/node_group_id")
        c.equal(g["node_group_index"][()], np.arange(n, dtype=np.uint64), f"nodes/{pop}/node_group_index")
        c.equal(g["node_id"][()], np.arange(n, dtype=np.uint64), f"nodes/{pop}/node_id")
        c.check(sorted(k for k in g.keys() if k.isdigit()) == ["0"], f"nodes/{pop}: node groups {list(g.keys())}")
        type_ids[pop] = set(g["node_type_id"][()].tolist())
        pos = info["positions"]
        for axis, name in enumerate("xyz"[: pos.shape[1]]):
            dtype_is(g["0"][name], np.float32, f"nodes/{pop}/0/{name}")
            c.equal(g["0"][name][()], pos[:, axis].astype(np.float32), f"nodes/{pop}/0/{name}")

edge_type_ids = {}
with h5py.File(os.path.join(s, "edges.h5"), "r") as f:
    root_attributes(f, "edges.h5")
    c.check(sorted(f["edges"].keys()) == sorted(want["projections"]), f"edge populations {list(f['edges'].keys())}")
    for name, proj in want["projections"].items():
        g = f["edges"][name]
        what = f"edges/{name}"
        for ds, pop in [("source_node_id", proj["source_population"]), ("target_node_id", proj["target_population"])]:
            dtype_is(g[ds], np.uint64, f"{what}/{ds}")
            attr = g[ds].attrs.get("node_population")
            attr = attr.decode() if isinstance(attr, bytes) else attr
            c.check(attr == pop, f"{what}/{ds} node_population = {attr!r}, want {pop!r}")
        c.equal(g["source_node_id"][()], proj["source"].astype(np.uint64), f"{what}/source_node_id")
        c.equal(g["target_node_id"][()], proj["target"].astype(np.uint64), f"{what}/target_node_id")
        e = len(proj["source"])
        dtype_is(g["edge_type_id"], np.uint32, f"{what}/edge_type_id")
        dtype_is(g["edge_group_id"], np.uint16, f"{what}/edge_group_id")
        dtype_is(g["edge_group_index"], np.uint64, f"{what}/edge_group_index")
        c.equal(g["edge_group_id"][()], np.zeros(e, dtype=np.uint16), f"{what}/edge_group_id")
        c.equal(g["edge_group_index"][()], np.arange(e, dtype=np.uint64), f"{what}/edge_group_index")
        edge_type_ids[name] = set(g["edge_type_id"][()].tolist())
        c.check(sorted(k for k in g.keys() if k.isdigit()) == ["0"], f"{what}: edge groups {list(g.keys())}")
        for ds, key in [("syn_weight", "weight"), ("delay", "delay")]:
            dtype_is(g["0"][ds], np.float64, f"{what}/0/{ds}")
            c.equal(g["0"][ds][()], proj[key].astype(np.float64), f"{what}/0/{ds}")
        check_index(g["indices"]["source_to_target"], proj["source"], proj["n_source"], what + "/indices/source_to_target")
        check_index(g["indices"]["target_to_source"], proj["target"], proj["n_target"], what + "/indices/target_to_source")


def read_table(path):
    with open(path) as f:
        rows = [shlex.split(line) for line in f if line.strip()]
    c.check(len(rows) > 1, f"{path} is empty")
    c.check("," not in open(path).readline(), f"{path} must be space-separated")
    return [dict(zip(rows[0], r)) for r in rows[1:]]


node_types = read_table(os.path.join(s, "node_types.csv"))
for pop, ids in type_ids.items():
    rows = [r for r in node_types if int(r["node_type_id"]) in ids]
    c.check(len(rows) == len(ids), f"node_types.csv lacks the node types of {pop}")
    for r in rows:
        c.check(r.get("population") == pop and r.get("model_type") in ("point_neuron", "point_process", "virtual")
                and r.get("model_template"), f"node_types.csv row {r}")
edge_types = read_table(os.path.join(s, "edge_types.csv"))
for name, ids in edge_type_ids.items():
    rows = [r for r in edge_types if int(r["edge_type_id"]) in ids]
    c.check(len(rows) == len(ids) and all(r.get("model_template") and ":" not in r["model_template"] for r in rows),
            f"edge_types.csv rows for {name}: {rows}")

with open(os.path.join(s, "circuit_config.json")) as f:
    config = json.load(f)
c.check(config.get("manifest", {}).get("$BASE_DIR") == ".", "circuit_config.json: $BASE_DIR must be '.' (the config's folder)")


def resolve(p):
    return p.replace("$BASE_DIR", s)


comps = config.get("components", {})
for key in ["point_neuron_models_dir", "synaptic_models_dir"]:
    c.check(key in comps and os.path.isdir(resolve(comps[key])), f"components.{key} missing or not a folder")
for r in node_types:
    c.check(os.path.isfile(os.path.join(resolve(comps["point_neuron_models_dir"]), r["dynamics_params"])),
            f"node type dynamics_params {r['dynamics_params']} not found")
for r in edge_types:
    c.check(os.path.isfile(os.path.join(resolve(comps["synaptic_models_dir"]), r["dynamics_params"])),
            f"edge type dynamics_params {r['dynamics_params']} not found")
nets = config.get("networks", {})
populations = {"nodes": {p: "point_neuron" for p in want["populations"]}, "edges": {p: "chemical" for p in want["projections"]}}
for kind, keys in [("nodes", ["nodes_file", "node_types_file"]), ("edges", ["edges_file", "edge_types_file"])]:
    entries = nets.get(kind, [])
    c.check(len(entries) == 1, f"networks.{kind} has {len(entries)} entries")
    for entry in entries:
        for key in keys:
            c.check(os.path.isfile(resolve(entry.get(key, ""))), f"networks.{kind}.{key} does not name a file")
        got = {name: p.get("type") for name, p in entry.get("populations", {}).items()}
        c.check(got == populations[kind], f"networks.{kind} populations block {got}, want {populations[kind]}")

# simulation_config.json: what BMTK starts from (and NEST takes as sim_config).
with open(os.path.join(s, "simulation_config.json")) as f:
    sim = json.load(f)
manifest = sim.get("manifest", {})
c.check(manifest.get("$BASE_DIR") == "${configdir}", f"simulation_config.json $BASE_DIR {manifest.get('$BASE_DIR')}")
c.check(sim.get("target_simulator") == "NEST", f"target_simulator {sim.get('target_simulator')}")
run = sim.get("run", {})
c.check(run.get("dt", 0) > 0 and run.get("tstop", 0) > 0 and isinstance(run.get("random_seed"), int), f"run {run}")
delays = np.concatenate([p["delay"] for p in want["projections"].values()])
c.check(run.get("dt", 1e9) <= delays[delays > 0].min(), f"run.dt {run.get('dt')} above the smallest delay")
c.check(sim.get("output", {}).get("output_dir") == "$OUTPUT_DIR" and manifest.get("$OUTPUT_DIR") == "$BASE_DIR/output",
        f"output {sim.get('output')} must point into the folder")
sim_nets = sim.get("networks", {})
for kind in ["nodes", "edges"]:
    entries = sim_nets.get(kind, [])
    c.check(len(entries) == 1 and all(v.startswith("$NETWORK_DIR/") for k, v in entries[0].items() if k.endswith("_file")),
            f"simulation_config.json networks.{kind} {entries}")

c.finish()
