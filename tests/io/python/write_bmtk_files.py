"""BMTK's own NetworkBuilder writes a point network the way BMTK users have theirs: every node of a
network in one population, syn_weight and delay in edge_types.csv, nsyns per edge (from the
connection rule), a second network of virtual nodes with a per-edge syn_weight, and, copied with
h5py, a file holding two edge populations. expected.json holds what BMTK's own reader
(bmtk.utils.sonata.File) sees: ids, weight = syn_weight x nsyns (as BMTK's simulators compute
it) and delay. `io_write_fixture --read-bmtk DIR` must read the same."""
import json
import os
import shutil
import sys

import numpy as np

from common import skip_without

skip_without("bmtk")
h5py = skip_without("h5py")
from bmtk.builder import NetworkBuilder  # noqa: E402
from bmtk.utils.sonata import File  # noqa: E402

d = sys.argv[1]
shutil.rmtree(d, ignore_errors=True)
net_dir = os.path.join(d, "network")


def nsyns_rule(source, target):
    # 0 means no edge: BMTK leaves it out.
    return (3 * source.node_id + 5 * target.node_id) % 4


v1 = NetworkBuilder("v1")
v1.add_nodes(N=6, pop_name="exc", model_type="point_process", model_template="nest:iaf_psc_alpha",
             dynamics_params="exc.json")
v1.add_nodes(N=4, pop_name="inh", model_type="point_process", model_template="nest:iaf_psc_alpha",
             dynamics_params="inh.json")
v1.add_edges(source={"pop_name": "exc"}, target={"pop_name": "inh"}, connection_rule=nsyns_rule,
             syn_weight=2.5, delay=1.5, model_template="static_synapse", dynamics_params="e2i.json")
v1.add_edges(source={"pop_name": "inh"}, target={"pop_name": "exc"}, connection_rule=nsyns_rule,
             syn_weight=-0.75, delay=0.5, model_template="static_synapse", dynamics_params="i2e.json")
v1.build()
v1.save(output_dir=net_dir)

lgn = NetworkBuilder("lgn")
lgn.add_nodes(N=5, model_type="virtual", pop_name="drive")
conns = lgn.add_edges(source=lgn.nodes(), target=v1.nodes(pop_name="exc"), connection_rule=nsyns_rule,
                      delay=2.0, model_template="static_synapse", dynamics_params="drive.json")
# A per-edge syn_weight, stored in the edge group rather than edge_types.csv.
conns.add_properties("syn_weight", rule=lambda s, t: 0.125 * (1 + s.node_id + 2 * t.node_id), dtypes=np.float64)
lgn.build()
lgn.save_nodes(output_dir=net_dir)
lgn.save_edges(output_dir=net_dir)

# Two edge populations in one file (BMTK writes one per file; other tools do not). BMTK numbers
# edge types from 100 in every builder, so one types table cannot serve both: lgn_to_v1's delay
# (from its table) is copied into its edge group, and the file shares v1_v1's table.
with h5py.File(os.path.join(net_dir, "both_edges.h5"), "w") as out:
    for name in ["v1_v1", "lgn_v1"]:
        with h5py.File(os.path.join(net_dir, f"{name}_edges.h5"), "r") as f:
            for key, value in f.attrs.items():
                out.attrs[key] = value
            for pop in f["edges"]:
                f.copy(f["edges"][pop], out.require_group("edges"), name=pop)
    lgn_group = out["edges/lgn_to_v1/0"]
    lgn_group.create_dataset("delay", data=np.full(len(lgn_group["syn_weight"]), 2.0))
shutil.copy(os.path.join(net_dir, "v1_v1_edge_types.csv"), os.path.join(net_dir, "both_edge_types.csv"))

expected = {"files": {}}
sizes = {}
for nodes in ["v1", "lgn"]:
    with h5py.File(os.path.join(net_dir, f"{nodes}_nodes.h5"), "r") as f:
        for pop in f["nodes"]:
            sizes[pop] = len(f["nodes"][pop]["node_type_id"])
for name in ["v1_v1", "lgn_v1"]:
    # Both builders number node types from 100: one File cannot hold both node tables.
    f = File(data_files=os.path.join(net_dir, f"{name}_edges.h5"),
             data_type_files=os.path.join(net_dir, f"{name}_edge_types.csv"))
    for pop in f.edges.populations:
        rows = sorted((int(e.source_node_id), int(e.target_node_id),
                       float(np.float32(e["syn_weight"] * (e["nsyns"] if "nsyns" in e else 1))), float(np.float32(e["delay"]))) for e in pop)
        assert rows, f"BMTK wrote no edges for {pop.name}"
        expected["files"][name] = {
            "population": pop.name, "source_population": pop.source_population,
            "target_population": pop.target_population,
            "n_source": sizes[pop.source_population], "n_target": sizes[pop.target_population],
            "source": [r[0] for r in rows], "target": [r[1] for r in rows],
            "weight": [r[2] for r in rows], "delay": [r[3] for r in rows]}
with open(os.path.join(d, "expected.json"), "w") as out:
    json.dump(expected, out)
print("BMTK wrote", {k: len(v["source"]) for k, v in expected["files"].items()}, "edges to", net_dir)
