#!/usr/bin/python3
"""Loads a SONATA folder written by `neurowire export --target pynn` with PyNN's own SONATA reader
(pyNN.serialization: load_sonata_simulation_plan, import_from_sonata), applies the per-unit
initial membrane potentials the export stores as node attributes, runs it on a PyNN backend and
prints one JSON line: {"backend", "tstop", "populations": {name: {"size", "spikes", "rate_hz"}}}.

usage: run_sonata_pynn.py SONATA_DIR BACKEND [TSTOP_MS] [MECHANISMS_OVERLAY]
BACKEND is neuron or mock. With neuron, MECHANISMS_OVERLAY is a folder holding
neuron/nmodl/<arch>/.libs/libnrnmech.so compiled from PyNN's NMODL files (pyNN.neuron loads its
mechanisms from <first entry of pyNN.__path__>/neuron/nmodl, so the overlay goes first).
"""
import json
import os
import sys
import time

sonata, backend = sys.argv[1], sys.argv[2]
tstop = float(sys.argv[3]) if len(sys.argv) > 3 else None
overlay = sys.argv[4] if len(sys.argv) > 4 else None

import pyNN  # noqa: E402

if overlay:
    pyNN.__path__.insert(0, overlay)
if backend == "neuron":
    import pyNN.neuron as sim  # noqa: E402
else:
    import pyNN.mock as sim  # noqa: E402
from pyNN.serialization import import_from_sonata, load_sonata_simulation_plan  # noqa: E402

# PyNN substitutes the manifest literally: "." is the working directory.
os.chdir(sonata)
start = time.monotonic()
plan = load_sonata_simulation_plan("simulation_config.json")
if tstop is not None:
    plan.run_config["tstop"] = tstop
plan.setup(sim)
net = import_from_sonata("circuit_config.json", sim)
built = time.monotonic() - start

# Initial values are not parameters in PyNN: the reader keeps them as annotations.
for assembly in net.assemblies:
    for pop in assembly.populations:
        if "v" in pop.annotations:
            pop.initialize(v=pop.annotations["v"])

if backend == "mock":
    # pyNN.mock simulates nothing: report what was imported instead.
    out = {"backend": "mock", "populations": {}, "projections": {}}
    for a in net.assemblies:
        pop = a.populations[0]
        out["populations"][a.label] = {"size": a.size, "celltype": type(pop.celltype).__name__,
                                       "parameters": {k: float(v) for k, v in pop.celltype.parameter_space.items()
                                                      if isinstance(v, (int, float))}}
    for p in net.projections:
        w = p.get("weight", format="array", gather=True)
        out["projections"][p.label] = {"size": p.size(), "receptor_type": p.receptor_type,
                                       "weight_sum": float(w[~(w != w)].sum())}
    print(json.dumps(out))
    sys.exit(0)

net.record("spikes", include_spike_source=False)
start = time.monotonic()
sim.run(plan.run_config["tstop"])
ran = time.monotonic() - start
out = {"backend": backend, "tstop": plan.run_config["tstop"], "build_s": built, "run_s": ran, "populations": {},
       "projections": {p.label: {"size": p.size(), "receptor_type": p.receptor_type} for p in net.projections}}
for a in net.assemblies:
    spikes = sum(len(st) for st in a.get_data().segments[0].spiketrains)
    out["populations"][a.label] = {"size": a.size, "spikes": spikes,
                                   "rate_hz": spikes / (a.size * plan.run_config["tstop"] * 1e-3)}
print(json.dumps(out))
