"""The arrays are views of the C++ memory: no copy, owners kept alive, peak memory near the table."""
import gc
import os
import subprocess
import sys
import textwrap

import numpy as np

import neurowire as nw


def test_connectome_arrays_are_read_only_views():
    pre = nw.positions.uniform(200, seed=1)
    c = nw.connect(pre, pre, rule={"kind": "fixed_outdegree", "k": 5}, seed=1)
    for name in ("source", "target", "weight", "delay"):
        a = getattr(c, name)
        assert not a.flags.owndata and a.base is c and not a.flags.writeable, name
        assert a.ctypes.data == getattr(c, name).ctypes.data     # the same memory on every access
    assert c.source_positions.base is not None and not c.source_positions.flags.owndata


def test_views_keep_their_owner_alive():
    c = nw.connect(300, 400, rule={"kind": "fixed_indegree", "k": 7}, weight={"kind": "uniform", "low": 0, "high": 1},
                   seed=4)
    expected = c.to_list()
    target, weight = c.target, c.weight
    del c
    gc.collect()
    assert target.tolist() == [row[1] for row in expected]
    assert np.allclose(weight, [row[2] for row in expected])
    rec_holder = nw.Network(dt=0.1)
    rec_holder.add_population("e", "neural_mass_models.wilsoncowan.exc_pop", n=3)
    r = rec_holder.run(1.0, record=["e/r"])
    trace, t = r["e.r"], r.t
    assert trace.base is r and not trace.flags.owndata and trace.flags.f_contiguous and trace.shape == (10, 3)
    del r, rec_holder
    gc.collect()
    assert np.allclose(t, np.arange(1, 11) * 0.1) and np.all(np.isfinite(trace))


def test_positions_are_views():
    p = nw.positions.gaussian(1000, seed=2)
    assert not p.flags.owndata and p.base is not None and p.shape == (1000, 2) and p.dtype == np.float64


def test_peak_memory_is_the_edge_table():
    # In a fresh process: the peak resident memory of a 2 M-synapse connect over the one before
    # (reset through /proc/self/clear_refs) is the 32 MB table plus the k-d tree, the degree
    # offsets and the samplers' work space — a few MB — and taking the four arrays adds nothing.
    script = textwrap.dedent("""
        import neurowire as nw
        def kb(key):
            return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith(key))
        pre = nw.positions.uniform(20000, seed=1); post = nw.positions.uniform(20000, seed=1, stream=1)
        open("/proc/self/clear_refs", "w").write("5")
        base = kb("VmHWM")
        c = nw.connect(pre, post, rule={"kind": "fixed_outdegree", "k": 100, "multapses": True},
                       kernel={"kind": "gaussian", "sigma": 0.05}, seed=1)
        peak = kb("VmHWM") - base
        before = kb("VmRSS")
        arrays = [c.source, c.target, c.weight, c.delay]
        print(len(c) * 16 / 1024, peak, kb("VmRSS") - before)
    """)
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True,
                         env=dict(os.environ, OMP_NUM_THREADS="2")).stdout.split()
    table_kb, peak_kb, views_kb = map(float, out)
    assert table_kb == 2_000_000 * 16 / 1024
    assert peak_kb <= table_kb + 20 * 1024, (table_kb, peak_kb)
    assert views_kb < 1024
