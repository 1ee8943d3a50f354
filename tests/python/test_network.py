"""nw.Network and nw.LegacyCircuit: building from numpy and dicts, introspection, runs."""
import re

import numpy as np
import pytest
import scipy.sparse
import yaml

import neurowire as nw

WC = "neural_mass_models.wilsoncowan.exc_pop"


def small_spec_in_python():
    """tests/cli/specs/run_small.yaml, built call by call."""
    net = nw.Network(dt=0.01, seed=7, duration=100.0)
    net.add_population("lif", "spiking_neurons.lif.lif", n=4, params={"eta": np.array([15.0, 20.0, 30.0, 50.0])})
    net.add_population("e", WC, n=1)
    net.add_population("i", "neural_mass_models.wilsoncowan.inh_pop", n=1)
    sheet = {"kind": "uniform", "extent": [[0, 1], [0, 1]], "periodic": [True, True]}
    v0 = {"v": {"kind": "uniform", "low": -60.0, "high": -50.0}}
    net.add_population("E", "spiking_neurons.lif_coba.lif", n=400, positions=sheet, init=v0)
    net.add_population("I", "spiking_neurons.lif_coba.lif", n=100, positions=sheet, init=v0)
    net.add_projection("e/r", "i/r_in", weights=10.0)
    net.add_projection("i/r", "e/r_in", weights=-6.0)
    delay = {"kind": "distance", "velocity": 0.5, "offset": 0.5}
    net.add_projection("E", "E/g_e", rule={"kind": "fixed_indegree", "k": 16}, kernel={"kind": "gaussian", "sigma": 0.2},
                       weight=0.6, delay=delay, name="E2E")
    net.add_projection("E", "I/g_e", rule={"kind": "fixed_indegree", "k": 16}, weight=0.6, delay=1.0, name="E2I")
    net.add_projection("I", "E/g_i", rule={"kind": "pairwise_bernoulli", "p": 0.1}, kernel={"kind": "gaussian", "sigma": 0.3},
                       weight={"kind": "uniform", "low": 4.0, "high": 8.0}, delay=delay, name="I2E")
    net.add_input("e/r_ext", value=1.0)
    net.add_input("E/I_ext", value=20.0)
    net.add_input("I/I_ext", value=20.0)
    return net


RECORD = ["lif/v", {"var": "e/r", "every": 10}, {"var": "i/r", "every": 10}, {"var": "E/v", "units": [0, 5, 9]}]


def test_network_from_python_equals_the_cli(source_dir, cli, tmp_path):
    spec = source_dir / "tests" / "cli" / "specs" / "run_small.yaml"
    cli("run", spec, "-o", tmp_path / "cli")
    net = small_spec_in_python()
    assert net.n_units == 506 and net.populations == ["lif", "e", "i", "E", "I"]
    rec = net.run(record=RECORD, spikes=["lif", "E", "I"])
    rec.save(tmp_path / "py")
    assert (tmp_path / "py" / "recording.npz").read_bytes() == (tmp_path / "cli" / "recording.npz").read_bytes()
    # The same from the file and from the file's dict.
    a = nw.Network.from_yaml(spec).run()
    b = nw.Network.from_dict(yaml.safe_load(spec.read_text())).run()
    assert list(a.keys()) == list(rec.keys())
    for k in a.keys():
        assert np.array_equal(a[k], b[k]) and np.array_equal(a[k], rec[k]), k
    # The CLI wrote the rule-drawn connectomes: the network's positions are the same.
    assert np.array_equal(np.load(tmp_path / "cli" / "E.positions.npy"), net.positions("E"))


def test_introspection():
    net = small_spec_in_python()
    assert net.sizes == {"lif": 4, "e": 1, "i": 1, "E": 400, "I": 100}
    assert [p["name"] for p in net.projections] == ["e_to_i", "i_to_e", "E2E", "E2I", "I2E"]
    e2e = net.projections[2]
    assert e2e["kind"] == "event" and e2e["synapses"] == 400 * 16 and not e2e["dense"]
    assert np.array_equal(net.params("lif")["eta"], [15.0, 20.0, 30.0, 50.0])
    assert np.all(net.params("lif")["tau"] == 10.0)
    v = net.state("E")["v"]
    assert v.shape == (400,) and np.all((v >= -60) & (v <= -50)) and np.unique(v).size == 400
    assert np.array_equal(v, net.state("E")["v"])              # drawn from keyed streams: stable
    info = net.template("E")
    assert info["spiking"] and "g_e" in info["state"] and info["output"] == "v"
    assert "population E: 400" in net.summary()
    assert net.positions("lif") is None and net.positions("E").shape == (400, 2)
    assert (net.dt, net.duration, net.solver, net.seed) == (0.01, 100.0, "euler", 7)


def seed000(W, **projection):
    net = nw.Network(dt=1e-3, seed=42)
    net.add_population("e", WC, n=W.shape[0])
    net.add_projection("e/r", "e/r_in", weights=W, **projection)
    net.add_input("e/r_ext", value=1.0)
    return net


def test_dense_sparse_connectome_and_legacy_agree(examples_dir):
    W = np.load(examples_dir / "data" / "seed000_W.npy")
    dense = seed000(W).run(2.0, record=["e/r"])["e.r"]
    from_yaml = nw.Network.from_yaml(examples_dir / "seed000_wilson_cowan.yaml").run()["e.r"]
    assert np.array_equal(dense, from_yaml)
    assert np.array_equal(seed000(np.asfortranarray(W)).run(2.0, record=["e/r"])["e.r"], dense)
    sparse = seed000(scipy.sparse.csr_matrix(W)).run(2.0, record=["e/r"])["e.r"]
    assert np.allclose(sparse, dense, rtol=1e-12, atol=1e-14)
    src, tgt = np.nonzero(W.T)
    c = nw.Connectome.from_arrays(10, 10, src, tgt, weight=W.T[src, tgt])
    via = seed000(c).run(2.0, record=["e/r"])["e.r"]
    assert np.allclose(via, dense, atol=1e-6)                  # a Connectome stores float32 weights
    legacy = nw.LegacyCircuit(dt=1e-3)
    nodes = [f"e{k}" for k in range(10)]
    for n in nodes:
        legacy.add_node(n, WC)
        legacy.add_input(n + "/r_ext", value=1.0)
    legacy.add_edges_from_matrix("r", "r_in", nodes, W, min_weight=0.0)
    legacy.record("r")
    assert legacy.n_nodes == 10 and legacy.n_edges == 100 and legacy.locate("e3") == ("exc_pop", 3)
    assert legacy.to_network().n_synapses == 100
    assert np.allclose(legacy.run(2.0)["exc_pop.r"], dense, rtol=1e-12, atol=1e-14)


def test_delays_and_heterogeneous_params(examples_dir):
    W = np.load(examples_dir / "data" / "seed000_W.npy")
    tau = np.load(examples_dir / "data" / "seed000_tau.npy")
    for spec, build in [("seed000_wilson_cowan_delay.yaml", lambda: seed000(W, delay=0.5)),
                        ("seed000_wilson_cowan_gamma.yaml", lambda: seed000(W, delay=0.5, spread=0.1))]:
        assert np.array_equal(build().run(2.0, record=["e/r"])["e.r"],
                              nw.Network.from_yaml(examples_dir / spec).run()["e.r"]), spec
    het = nw.Network(dt=1e-3, seed=42)
    het.add_population("e", WC, n=10, params={"tau": tau})
    het.add_projection("e/r", "e/r_in", weights=W)
    het.add_input("e/r_ext", value=1.0)
    assert np.array_equal(het.run(2.0, record=["e/r"])["e.r"],
                          nw.Network.from_yaml(examples_dir / "seed000_wilson_cowan_het.yaml").run()["e.r"])
    drawn = nw.Network(seed=5)
    drawn.add_population("e", WC, n=1000, params={"tau": {"kind": "uniform", "low": 8, "high": 12}})
    t = drawn.params("e")["tau"]
    assert 8 <= t.min() and t.max() <= 12 and abs(t.mean() - 10) < 0.2   # mean of 1000 U(8,12): sd 0.037


def test_array_input_equals_the_sine_input():
    N, dt, steps = 5, 1e-3, 3000
    rng = np.random.default_rng(0)
    J = rng.random((N, N)) * 20.0
    t = np.arange(steps) * dt
    inp = np.zeros((steps, N))
    inp[:, 2] = 20.0 * np.sin(2 * np.pi * 0.5 * t)
    inp[:, 4] = 10.0 * np.sin(2 * np.pi * 0.25 * t)

    def qif(add_inputs):
        net = nw.Network(dt=dt, seed=2)
        net.add_population("qif", "spiking_neurons.qif.qif", n=N)
        net.add_projection("qif/s", "qif/s_in", weights=J)
        add_inputs(net)
        return net.run(steps * dt, record=["qif/v"], spikes=["qif"])

    a = qif(lambda net: net.add_input("qif/I_ext", inp))
    b = qif(lambda net: (net.add_input("qif/I_ext", sine={"amplitude": 20.0, "frequency": 0.5}, units=[2]),
                         net.add_input("qif/I_ext", sine={"amplitude": 10.0, "frequency": 0.25}, units=[4])))
    c = qif(lambda net: net.add_input("qif/I_ext", inp[:, [2, 4]], units=[2, 4]))
    assert np.allclose(a["qif.v"], b["qif.v"], atol=1e-9) and np.array_equal(a["qif.v"], c["qif.v"])
    assert len(a.spikes("qif")[0]) > 10
    net = nw.Network()
    net.add_population("q", "spiking_neurons.qif.qif", n=5)
    with pytest.raises(ValueError, match=r"^data: expected a steps × 5 array"):
        net.add_input("q/I_ext", np.zeros((10, 3)))


def test_function_nodes_and_poisson_and_step_inputs():
    net = nw.Network(dt=0.1, seed=3)
    net.add_function_node("inp", n=2, function="identity")
    net.add_population("lif", "spiking_neurons.lif_coba.lif", n=20)
    net.add_function_node("out", n=3, function="sigmoid")
    net.add_projection("inp/out", "lif/I_ext", weights=np.full((20, 2), 15.0))
    net.add_projection("lif/v", "out/in", weights=np.full((3, 20), 0.001))
    net.add_input("inp/in", step={"times": [0.0, 50.0], "values": [1.0, 2.0]})
    net.add_input("lif/g_e", poisson={"rate": 0.5, "weight": 0.3})
    rec = net.run(100.0, record=["out/out", "inp/out"], spikes=["lif"])
    x = rec["inp.out"]
    assert np.all(x[:499] == 1.0) and np.all(x[500:] == 2.0)
    assert np.all((rec["out.out"] > 0) & (rec["out.out"] < 1))
    assert len(rec.spikes("lif")[0]) > 0


def test_runs_are_repeatable_and_recordings_replaceable():
    net = small_spec_in_python()
    net.record("lif/v")
    net.record_spikes("lif")
    first = net.run(20.0)
    assert first.traces == ["lif.v"] and first.spiking == ["lif"] and first.steps_done == 2000
    again = net.run(20.0)
    assert np.array_equal(first["lif.v"], again["lif.v"])
    other = net.run(10.0, record=[{"var": "e/r", "every": 5}], spikes=["E"])
    assert other.traces == ["e.r"] and other.spiking == ["E"] and other["e.r"].shape == (200, 1)
    assert np.allclose(other.t, np.arange(1, 201) * 0.05)
    assert "e/r" in other and "lif.v" not in other
    with pytest.raises(KeyError):
        other["lif.v"]
    for mode in ("interpreted", "native"):
        assert np.array_equal(net.run(20.0, kernels=mode)["lif.v"], first["lif.v"])
    # Any thread count gives the same bits, and the recording says how many threads ran and why.
    for threads in (1, 2, 3):
        rec = net.run(20.0, threads=threads)
        assert np.array_equal(rec["lif.v"], first["lif.v"])
        used, requested = re.match(r"(\d+) of (\d+): \S", rec.threads).groups()
        assert int(requested) == threads and 1 <= int(used) <= threads
    net.solver = "heun"
    with pytest.raises(ValueError):                             # heun admits no spiking population
        net.run(1.0)


def test_network_errors(examples_dir):
    net = nw.Network()
    with pytest.raises(ValueError, match=r"^populations.e.params.taux: expected a parameter of"):
        net.add_population("e", WC, n=3, params={"taux": 1.0})
    with pytest.raises(ValueError, match=r"^populations.e.params.tau: expected 3 values \(one per unit\), found 2"):
        net.add_population("e", WC, n=3, params={"tau": [1.0, 2.0]})
    with pytest.raises(ValueError, match=r"^populations.e.model: expected a template in the library"):
        net.add_population("e", "neural_mass_models.nosuch.pop", n=3)
    with pytest.raises(ValueError, match=r"^populations.e/x: expected a name of letters"):
        net.add_population("e/x", WC, n=3)
    net.add_population("e", WC, n=3)
    with pytest.raises(ValueError, match=r"^populations.e: expected a population name used once"):
        net.add_population("e", WC, n=3)
    with pytest.raises(ValueError, match=r"^projections\[0\].weights: expected a 3 × 3 \(n_target × n_source\) matrix"):
        net.add_projection("e/r", "e/r_in", weights=np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"^rule: expected either weights or a connection rule"):
        net.add_projection("e/r", "e/r_in", weights=1.0, rule={"kind": "all_to_all"})
    with pytest.raises(ValueError, match=r"^source: expected pop or pop/var naming a population"):
        net.add_projection("x/r", "e/r_in", rule={"kind": "all_to_all"})
    with pytest.raises(ValueError, match=r"^projections\[0\].target: expected an input variable of e"):
        net.add_projection("e/r", "e/r", weights=1.0)
    with pytest.raises(ValueError, match=r"^sine.frequency: expected a number >= 0"):
        net.add_input("e/r_ext", sine={"amplitude": 1.0, "frequency": -1.0})
    with pytest.raises(ValueError, match=r"exactly one of value, file, sine, step, poisson"):
        net.add_input("e/r_ext")
    with pytest.raises(ValueError, match=r"^solver: expected one of euler, heun, exponential_euler or rk4"):
        nw.Network(solver="rk45")
    with pytest.raises(ValueError, match=r"^dt: expected a number > 0"):
        nw.Network(dt=0.0)
    assert net.populations == ["e"] and net.projections == []   # failed calls left nothing behind


def test_remaining_methods():
    net = nw.Network(dt=0.01, seed=1, duration=1.0)
    net.add_population("e", WC, n=2, init={"r": [0.1, 0.2]})
    net.add_input("e/r_ext", value=1.0)
    net.dt = 0.02
    twin = net.copy()
    net.add_population("f", WC, n=1)
    assert twin.populations == ["e"] and net.populations == ["e", "f"] and twin.dt == 0.02
    rec = twin.run(record=["e/r"])
    assert rec.steps_done == 50 and rec.failure == "" and rec.sim_seconds >= 0 and isinstance(rec.kernels, str)
    d = rec.to_dict()
    assert list(d) == rec.keys() == list(rec) and len(rec) == 4
    assert float(d["dt"]) == 0.02 and int(d["steps_done"]) == 50 and np.array_equal(d["e.r"], rec["e/r"])
    assert np.array_equal(twin.state("e")["r"], [0.1, 0.2])

    legacy = nw.LegacyCircuit(seed=1, dt=0.01)
    legacy.add_node("a", WC, params={"tau": 5.0})
    legacy.add_node("b", WC)
    legacy.add_edge("a/r", "b/r_in", weight=2.0)
    legacy.add_input("a/r_ext", data=np.full(100, 1.0))
    legacy.record("r")
    assert legacy.nodes == ["a", "b"] and legacy.n_edges == 1
    net = legacy.to_network()
    assert np.array_equal(net.params("exc_pop")["tau"], [5.0, 10.0])
    r = legacy.run(1.0)["exc_pop.r"]
    assert r[-1, 0] > 0 and r[-1, 1] > 0                     # a driven, b through the edge
    with pytest.raises(ValueError, match=r"^nodes.c.params.taux: expected a parameter of"):
        legacy.add_node("c", WC, params={"taux": 1.0})
