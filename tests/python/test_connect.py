"""nw.connect and the Connectome: rules, defaults, sizes, the peers' views (scipy, PyNN, Brian2)."""
import numpy as np
import pytest
import scipy.sparse

import neurowire as nw

GAUSS = {"kind": "gaussian", "sigma": 1.0}


def forum(n_pre=300, n_post=2000, k=10, seed=1, **kw):
    pre = nw.positions.gaussian(n_pre, mean=[0, 0], std=[1, 1], seed=seed)
    post = nw.positions.gaussian(n_post, mean=[0, 0], std=[1, 1], seed=seed, stream=1)
    return nw.connect(pre, post, rule={"kind": "fixed_outdegree", "k": k, "multapses": True}, kernel=GAUSS,
                      seed=seed, **kw)


def test_fixed_outdegree_gives_exactly_k_per_source_sorted():
    c = forum()
    assert len(c) == 300 * 10 and c.n_source == 300 and c.n_target == 2000
    assert c.source.dtype == np.uint32 and c.target.dtype == np.uint32
    assert c.weight.dtype == np.float32 and c.delay.dtype == np.float32
    assert np.all(np.bincount(c.source, minlength=300) == 10)
    assert np.all(c.out_degrees() == 10) and c.in_degrees().sum() == len(c)
    order = np.lexsort((c.target, c.source))
    assert np.array_equal(order, np.arange(len(c)))           # sorted by source, then target
    assert c.target.max() < 2000


def test_defaults_are_the_specs():
    c = nw.connect(None, None, n_source=4, n_target=3)         # all_to_all, weight 1, delay 0
    assert len(c) == 12
    assert np.all(c.weight == 1.0) and np.all(c.delay == 0.0)
    c = nw.connect(5, 7, rule={"kind": "fixed_total_number", "n": 20, "multapses": True}, weight=0.5, delay=2.0)
    assert len(c) == 20 and np.all(c.weight == 0.5) and np.all(c.delay == 2.0)


def test_numpy_values_in_dicts():
    pos = nw.positions.uniform(50, seed=1)
    c = nw.connect(pos, pos, rule={"kind": "fixed_indegree", "k": np.int64(4)}, weight=np.float32(0.25),
                   kernel={"kind": "gaussian", "sigma": np.float64(0.2)}, extent=np.array([[0.0, 1.0], [0.0, 1.0]]),
                   periodic=np.array([True, False]), seed=np.uint8(3))
    assert len(c) == 200 and np.all(c.weight == 0.25) and np.all(c.in_degrees() == 4)
    with pytest.raises(ValueError, match=r"^rule.k: expected a whole number"):
        nw.connect(pos, pos, rule={"kind": "fixed_indegree", "k": 2.5})


def test_weight_and_delay_forms():
    pos = nw.positions.uniform(500, seed=3)
    c = nw.connect(pos, pos, rule={"kind": "pairwise_bernoulli", "p": 0.1},
                   weight={"kind": "uniform", "low": 1.0, "high": 2.0},
                   delay={"kind": "distance", "velocity": 2.0, "offset": 0.5}, seed=3)
    assert c.recurrent                                          # the same array object: one population
    assert np.all(c.source != c.target)                         # autapses off by default
    assert np.all((c.weight >= 1.0) & (c.weight <= 2.0))
    d = np.linalg.norm(pos[c.target] - pos[c.source], axis=1)
    assert np.allclose(c.delay, 0.5 + d / 2.0, rtol=1e-6)


def test_seed_changes_and_threads_do_not():
    a, b = forum(threads=1), forum(threads=2)
    for name in ("source", "target", "weight", "delay"):
        assert np.array_equal(getattr(a, name), getattr(b, name))
    other = forum(seed=2)
    assert not np.array_equal(a.target, other.target)


def test_periodic_extent_wraps_distances():
    pos = nw.positions.uniform(400, extent=[[0, 1], [0, 1]], seed=5)
    box = [[0, 1], [0, 1]]
    c = nw.connect(pos, pos, rule={"kind": "pairwise_bernoulli", "p": 1.0}, mask={"kind": "ball", "radius": 0.1},
                   extent=box, periodic=True)
    diff = np.abs(pos[c.target] - pos[c.source])
    wrapped = np.minimum(diff, 1.0 - diff)
    assert np.all(np.linalg.norm(wrapped, axis=1) <= 0.1 + 1e-12)
    # Brute force: every pair within 0.1 on the torus is there.
    dx = np.abs(pos[:, None, :] - pos[None, :, :])
    dx = np.minimum(dx, 1.0 - dx)
    within = (np.linalg.norm(dx, axis=2) <= 0.1) & ~np.eye(400, dtype=bool)
    assert len(c) == within.sum()
    plain = nw.connect(pos, pos, rule={"kind": "pairwise_bernoulli", "p": 1.0}, mask={"kind": "ball", "radius": 0.1})
    assert len(plain) < len(c)                                  # without wrapping, edge neurons lose partners


def test_to_scipy_sums_repeated_pairs():
    c = nw.connect(3, 4, rule={"kind": "fixed_total_number", "n": 200, "multapses": True},
                   weight={"kind": "uniform", "low": 0.0, "high": 1.0}, seed=7)
    w = c.to_scipy()
    assert isinstance(w, scipy.sparse.csr_matrix) and w.shape == (4, 3)
    dense = np.zeros((4, 3))
    np.add.at(dense, (c.target, c.source), c.weight.astype(float))
    assert np.allclose(w.toarray(), dense)
    assert w.nnz == len(set(zip(c.source.tolist(), c.target.tolist()))) < len(c)
    w.check_format(full_check=True)


def test_to_list_i_j_and_brian2_indices():
    c = forum(n_pre=20, n_post=50, k=3)
    rows = c.to_list()
    assert len(rows) == len(c)
    assert rows[5] == (int(c.source[5]), int(c.target[5]), float(c.weight[5]), float(c.delay[5]))
    assert c.i.dtype == np.int64 and np.array_equal(c.i, c.source)
    assert c.j.dtype == np.int64 and np.array_equal(c.j, c.target)


def test_to_brian2_connects_synapses():
    b2 = pytest.importorskip("brian2")
    b2.prefs.codegen.target = "numpy"
    c = forum(n_pre=30, n_post=60, k=4, weight=0.5, delay=1.5)
    g = b2.NeuronGroup(60, "v : 1")
    s = b2.Synapses(b2.NeuronGroup(30, "v : 1", threshold="v > 1"), g, "w : 1", on_pre="v_post += w")
    c.to_brian2(s, weight="w", delay="delay", delay_unit=b2.ms)
    assert len(s) == len(c)
    assert np.array_equal(np.asarray(s.i), c.i) and np.array_equal(np.asarray(s.j), c.j)
    assert np.allclose(np.asarray(s.w), 0.5) and np.allclose(np.asarray(s.delay / b2.ms), 1.5)


def test_from_arrays_sorts_and_checks(tmp_path):
    c = nw.Connectome.from_arrays(3, 3, [2, 0, 1, 0], [0, 2, 1, 1], weight=[1, 2, 3, 4], delay=0.5, name="p")
    assert c.source.tolist() == [0, 0, 1, 2] and c.target.tolist() == [1, 2, 1, 0]
    assert c.weight.tolist() == [4, 2, 3, 1]
    with pytest.raises(ValueError):
        nw.Connectome.from_arrays(3, 3, [0, 5], [0, 1])
    path = c.save(tmp_path, formats=["npz"])
    assert str(tmp_path / "p.npz") in path
    back = nw.load_connectome(tmp_path / "p.npz")
    assert back.name == "p" and np.array_equal(back.target, c.target) and np.array_equal(back.delay, c.delay)


def test_save_writes_every_format(tmp_path):
    c = forum(n_pre=40, n_post=80, k=2, source_name="pre", target_name="post")
    written = c.save(tmp_path, formats=["npz", "sonata", "csv", "mtx", "pynn"])
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["post.positions.npy", "pre.positions.npy", "pre_to_post.conn", "pre_to_post.csv",
                     "pre_to_post.mtx", "pre_to_post.npz", "sonata"]
    assert len(written) == 7
    z = np.load(tmp_path / "pre_to_post.npz")
    assert np.array_equal(z["source"], c.source) and int(z["n_target"]) == 80
    assert np.array_equal(np.load(tmp_path / "pre.positions.npy"), c.source_positions)
    with pytest.raises(ValueError, match="formats"):
        c.save(tmp_path / "x", formats=["hdf5"])
    assert not (tmp_path / "x").exists()


def test_connect_spec_dict_equals_file(examples_dir):
    spec = examples_dir / "ei_sheet_periodic.yaml"
    import yaml
    from_file = nw.connect_spec(spec, seed=11)
    from_dict = nw.connect_spec(yaml.safe_load(spec.read_text()), seed=11)
    assert sorted(from_file["connectomes"]) == ["e_to_e", "e_to_i", "i_to_e", "i_to_i"]
    for name, c in from_file["connectomes"].items():
        d = from_dict["connectomes"][name]
        for field in ("source", "target", "weight", "delay"):
            assert np.array_equal(getattr(c, field), getattr(d, field))
    for pop, p in from_file["positions"].items():
        assert np.array_equal(p, from_dict["positions"][pop]) and p.shape[1] == 2
    assert np.all(from_file["connectomes"]["e_to_i"].in_degrees() == 80)


def test_positions_generators_match_a_spec():
    spec = {"seed": 9, "populations": {
        "a": {"size": 100, "positions": {"kind": "uniform", "extent": [[0, 2], [0, 1]]}},
        "b": {"size": 50, "positions": {"kind": "gaussian", "mean": [1, 2, 3], "std": [1, 1, 0.5]}},
        "c": {"size": 64, "positions": {"kind": "ball", "center": [0, 0], "radius": 2.0}},
        "d": {"size": 12, "positions": {"kind": "grid", "extent": [[0, 3], [0, 4]]}}}}
    out = nw.connect_spec(spec)["positions"]
    assert np.array_equal(out["a"], nw.positions.uniform(100, [[0, 2], [0, 1]], seed=9, stream=0))
    assert np.array_equal(out["b"], nw.positions.gaussian(50, [1, 2, 3], [1, 1, 0.5], seed=9, stream=1))
    assert np.array_equal(out["c"], nw.positions.ball(64, [0, 0], 2.0, seed=9, stream=2))
    assert np.array_equal(out["d"], nw.positions.grid(12, [[0, 3], [0, 4]]))
    g = nw.positions.grid(shape=[3, 2], extent=[[0, 3], [0, 2]])
    assert g.tolist() == [[0.5, 0.5], [1.5, 0.5], [2.5, 0.5], [0.5, 1.5], [1.5, 1.5], [2.5, 1.5]]
    assert np.all(np.linalg.norm(out["c"], axis=1) <= 2.0)
    assert np.array_equal(nw.positions.from_spec({"kind": "uniform", "extent": [[0, 2], [0, 1]]}, 100, seed=9),
                          out["a"])
