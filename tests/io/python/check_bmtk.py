"""BMTK 1.0.6 loads the SONATA folder two ways and sees the network of the NPZ files:
- its file reader, bmtk.utils.sonata.File (nodes, edges, types, and the index tables through
  get_target/get_source);
- its simulators' loader, SimNetwork.from_config(simulation_config.json), the path pointnet takes
  before it hands the network to NEST (NEST itself is not needed for it);
- and the output folder it would create (and, in pointnet, wipe) lies inside the SONATA folder,
  whatever the working directory."""
import os
import shutil
import tempfile

import numpy as np

from common import Checker, expected, folder, skip_without

skip_without("bmtk")
from bmtk.simulator.core.io_tools import io as bmtk_io  # noqa: E402
from bmtk.simulator.core.simulation_config import SimulationConfig  # noqa: E402
from bmtk.simulator.core.simulator_network import SimNetwork  # noqa: E402
from bmtk.utils.sonata import File  # noqa: E402

d = os.path.abspath(folder())
s = os.path.join(d, "sonata")
want = expected(d)
c = Checker("check_bmtk")

# Everything runs from an unrelated working directory, which must stay as it was.
cwd = tempfile.mkdtemp(prefix="neurowire-bmtk-cwd-")
with open(os.path.join(cwd, "keep.txt"), "w") as f:
    f.write("user data\n")
os.chdir(cwd)

npz = {}
for name in want["projections"]:
    with np.load(os.path.join(d, name + ".npz")) as z:
        npz[name] = {k: z[k] for k in z.files}


def same(got, ref, what):
    c.equal(np.asarray(got), np.asarray(ref), what)


# 1. bmtk.utils.sonata.File
f = File(data_files=[os.path.join(s, "nodes.h5"), os.path.join(s, "edges.h5")],
         data_type_files=[os.path.join(s, "node_types.csv"), os.path.join(s, "edge_types.csv")])
node_pops = {p.name: p for p in f.nodes.populations}
c.check(sorted(node_pops) == sorted(want["populations"]), f"File: node populations {sorted(node_pops)}")
for name, info in want["populations"].items():
    pop = node_pops[name]
    c.check(len(pop) == info["size"], f"File: {name} has {len(pop)} nodes, want {info['size']}")
    df = pop.to_dataframe()
    same(df.index.values.astype(np.int64), np.arange(info["size"]), f"File: {name} node ids")
    c.check(set(df["model_template"]) == {"nest:iaf_psc_alpha"}, f"File: {name} model_template {set(df['model_template'])}")
    pos = np.load(os.path.join(d, name + ".positions.npy"))
    for axis, col in enumerate("xyz"[: pos.shape[1]]):
        same(df[col].values, pos[:, axis].astype(np.float32), f"File: {name} {col}")

edge_pops = {p.name: p for p in f.edges.populations}
c.check(sorted(edge_pops) == sorted(want["projections"]), f"File: edge populations {sorted(edge_pops)}")
for name, proj in want["projections"].items():
    pop = edge_pops[name]
    ref = npz[name]
    c.check(pop.source_population == proj["source_population"] and pop.target_population == proj["target_population"],
            f"File: {name} joins {pop.source_population} -> {pop.target_population}")
    rows = [(e.source_node_id, e.target_node_id, e["syn_weight"], e["delay"]) for e in pop]
    got = np.array(rows, dtype=np.float64).reshape(-1, 4)
    same(got[:, 0].astype(np.int64), ref["source"].astype(np.int64), f"File: {name} source ids")
    same(got[:, 1].astype(np.int64), ref["target"].astype(np.int64), f"File: {name} target ids")
    same(got[:, 2], ref["weight"].astype(np.float64), f"File: {name} syn_weight")
    same(got[:, 3], ref["delay"].astype(np.float64), f"File: {name} delay")
    # The index tables, as BMTK walks them (node_id_to_range, range_to_edge_id).
    for node in range(int(ref["n_target"])):
        got_sources = sorted(int(e.source_node_id) for e in pop.get_target(node))
        c.check(got_sources == sorted(ref["source"][ref["target"] == node].tolist()),
                f"File: {name} get_target({node}) finds other edges")
    for node in range(int(ref["n_source"])):
        got_targets = sorted(int(e.target_node_id) for e in pop.get_source(node))
        c.check(got_targets == sorted(ref["target"][ref["source"] == node].tolist()),
                f"File: {name} get_source({node}) finds other edges")

# 2. The simulators' loader, from simulation_config.json.
sim_config = os.path.join(s, "simulation_config.json")
net = SimNetwork.from_config(sim_config)
c.check(sorted(p.name for p in net.node_populations) == sorted(want["populations"]),
        f"SimNetwork: node populations {[p.name for p in net.node_populations]}")
for pop in net.node_populations:
    nodes = list(pop.get_nodes())
    c.check(len(nodes) == want["populations"][pop.name]["size"], f"SimNetwork: {pop.name} has {len(nodes)} nodes")
    c.check(all(n.model_type == "point_neuron" and tuple(n.model_template) == ("nest", "iaf_psc_alpha") for n in nodes),
            f"SimNetwork: {pop.name} model types/templates")
loaded = {ep.name: ep for ep in net._edge_populations}
c.check(sorted(loaded) == sorted(want["projections"]), f"SimNetwork: edge populations {sorted(loaded)}")
for name, ep in loaded.items():
    ref = npz[name]
    edges = list(ep.get_edges())
    got = np.array([(e.source_node_id, e.target_node_id, e.syn_weight(None, None) * e.nsyns, e.delay) for e in edges],
                   dtype=np.float64).reshape(-1, 4)
    same(got[:, 0].astype(np.int64), ref["source"].astype(np.int64), f"SimNetwork: {name} source ids")
    same(got[:, 1].astype(np.int64), ref["target"].astype(np.int64), f"SimNetwork: {name} target ids")
    same(got[:, 2], ref["weight"].astype(np.float64), f"SimNetwork: {name} weight (syn_weight x nsyns)")
    same(got[:, 3], ref["delay"].astype(np.float64), f"SimNetwork: {name} delay")
    c.check(all(e.model_template == "static_synapse" for e in edges), f"SimNetwork: {name} model_template")
    c.check(ep.source_nodes == want["projections"][name]["source_population"], f"SimNetwork: {name} source population")

# 3. The output folder, on a copy: what pointnet's setup does (overwrite forced) touches only it.
copy = os.path.join(tempfile.mkdtemp(prefix="neurowire-bmtk-copy-"), "sonata")
shutil.copytree(s, copy)
before = sorted(os.path.relpath(os.path.join(r, n), copy) for r, _, ns in os.walk(copy) for n in ns)
cfg = SimulationConfig.from_json(os.path.join(copy, "simulation_config.json"))
out_dir = os.path.realpath(cfg.output_dir)
c.check(out_dir == os.path.join(os.path.realpath(copy), "output"), f"output_dir resolves to {out_dir}")
c.check(cfg.run["dt"] > 0 and cfg.run["tstop"] > 0 and cfg["target_simulator"] == "NEST",
        f"run {cfg.run}, target_simulator {cfg.get('target_simulator')}")
bmtk_io.setup_output_dir(cfg.output_dir, cfg.log_file, overwrite=True)
after = sorted(os.path.relpath(os.path.join(r, n), copy) for r, _, ns in os.walk(copy) for n in ns)
c.check([p for p in after if not p.startswith("output" + os.sep)] == before, "BMTK's output setup changed the network files")
c.check(os.path.isdir(os.path.join(copy, "output")), "BMTK did not create the output folder")
c.check(sorted(os.listdir(cwd)) == ["keep.txt"], f"the working directory changed: {sorted(os.listdir(cwd))}")
shutil.rmtree(os.path.dirname(copy), ignore_errors=True)
shutil.rmtree(cwd, ignore_errors=True)
c.finish()
