"""The solvers, time units and spike-recording forms through Python, as YAML gets them."""
import math

import numpy as np
import pytest

import neurowire as nw

COBA = "spiking_neurons.lif_coba.lif"


def coba(solver="euler", time_unit=None, **kw):
    net = nw.Network(dt=0.1, seed=3, solver=solver, time_unit=time_unit, duration=50.0, **kw)
    net.add_population("E", COBA, n=20, init={"v": {"kind": "uniform", "low": -60.0, "high": -50.0}})
    net.add_input("E/I_ext", value=25.0)
    return net


def test_solver_names_and_time_units():
    assert coba().solver == "euler"
    assert coba("exponential_euler").solver == "exponential_euler"
    assert coba().time_unit == "ms"                       # from the template
    assert coba(time_unit="s").time_unit == "s"           # declared
    q = nw.Network(dt=1e-3)
    q.add_population("q", "spiking_neurons.qif.qif", n=2)
    assert q.time_unit == "none"
    q.time_unit = "ms"
    assert q.time_unit == "ms"
    with pytest.raises(ValueError, match="time_unit"):
        nw.Network(time_unit="hours")
    with pytest.raises(ValueError, match="solver"):
        nw.Network(solver="rk45")


def test_exponential_euler_from_python_equals_yaml(tmp_path):
    spec = tmp_path / "coba.yaml"
    spec.write_text("""
seed: 3
dt: 0.1
duration: 50.0
solver: exponential_euler
populations:
  E:
    model: spiking_neurons.lif_coba.lif
    size: 20
    init: {v: {kind: uniform, low: -60.0, high: -50.0}}
inputs:
  - {target: E/I_ext, value: 25.0}
""")
    a = coba("exponential_euler").run(record=["E/v"], spikes=["E"])
    b = nw.Network.from_yaml(spec).run(record=["E/v"], spikes=["E"])
    assert np.array_equal(a["E.v"], b["E.v"])
    assert a["E.spike_times"].size > 10
    # A different scheme than Euler, same network: not the same numbers.
    c = coba("euler").run(record=["E/v"])
    assert not np.array_equal(a["E.v"], c["E.v"])


def test_exponential_euler_refuses_a_nonlinear_model():
    net = nw.Network(dt=1e-3, solver="exponential_euler", duration=1.0)
    net.add_population("q", "spiking_neurons.qif.qif", n=2)
    with pytest.raises(ValueError, match="linear in v for solver exponential_euler"):
        net.run()


def test_rk4_decay_is_exact_to_fourth_order():
    # Leaky integrator without input: dv/dt = -v/tau, v = v0 exp(-t/tau).
    net = nw.Network(dt=0.5, solver="rk4", duration=10.0)
    net.add_population("p", "rate_neurons.leaky_integrator.tanh", n=1, init={"v": 1.0})
    v = net.run(record=["p/v"])["p.v"][-1, 0]
    z = -0.5 / 10.0
    assert v == pytest.approx((1 + z + z**2 / 2 + z**3 / 6 + z**4 / 24) ** 20, rel=1e-13)
    assert abs(v - math.exp(-1.0)) < 1e-7


def test_spikes_of_some_units():
    net = coba()
    full = net.run(spikes=["E"])
    part = net.run(spikes=[{"pop": "E", "units": [3, 11]}])
    keep = np.isin(full["E.spike_units"], [3, 11])
    assert keep.sum() > 0
    assert np.array_equal(part["E.spike_units"], full["E.spike_units"][keep])
    assert np.array_equal(part["E.spike_times"], full["E.spike_times"][keep])
    with pytest.raises(ValueError, match="units"):
        net.run(spikes=[{"pop": "E", "units": [20]}])


def test_projection_without_weights_is_refused():
    net = coba()
    with pytest.raises(ValueError, match="none of weights, rule or weight"):
        net.add_projection("E", "E/g_e")


def test_k_from_a_file(tmp_path):
    k = np.array([0, 3, 1, 5, 2])
    np.save(tmp_path / "k.npy", k)
    net = nw.Network(dt=0.1)
    net.add_population("a", COBA, n=5)
    net.add_population("b", COBA, n=8)
    net.add_projection("a", "b/g_e", rule={"kind": "fixed_outdegree", "k": {"file": str(tmp_path / "k.npy")}},
                       weight=1.0, name="ab")
    assert net.projections[0]["synapses"] == k.sum()
