"""Errors as Python exceptions: one validation for YAML and dicts, and the mapping of each kind."""
import pathlib

import numpy as np
import pytest
import yaml

import neurowire as nw

BAD = pathlib.Path(__file__).resolve().parents[1] / "cli" / "bad_specs"

# Bad specs whose badness does not survive PyYAML's reading into a dict, so there is no dict
# version to compare: YAML syntax errors, duplicate keys (a dict cannot hold them), and files
# next to the spec (relative paths then resolve against base_dir, tested separately).
NOT_A_DICT = {"yaml_syntax", "yaml_tab_indent", "duplicate_population"}


def spec_error(spec, **kw):
    with pytest.raises(nw.SpecError) as info:
        nw.connect_spec(spec, **kw)
    return info.value


@pytest.mark.parametrize("path", sorted(BAD.glob("*.yaml")), ids=lambda p: p.stem)
def test_dict_and_yaml_fail_alike(path):
    """A bad spec given as a dict fails with the key path, expectation and finding of the file."""
    if path.stem in NOT_A_DICT:
        pytest.skip("not expressible as a dict")
    from_file = spec_error(path)
    as_dict = yaml.safe_load(path.read_text())
    from_dict = spec_error(as_dict, base_dir=path.parent)
    assert from_file.file == str(path) and from_file.line > 0
    assert from_dict.file == "<dict>" and from_dict.line == 0
    assert (from_dict.key_path, from_dict.expected, from_dict.found) == \
           (from_file.key_path, from_file.expected, from_file.found)
    assert str(from_dict) == "<dict>: " + str(from_file).split(": ", 1)[1]


def test_spec_error_is_value_error_with_key_path():
    pre = np.zeros((5, 2))
    with pytest.raises(ValueError) as info:
        nw.connect(pre, pre, rule={"kind": "fixed_outdegree", "k": 3, "multapses": "often"})
    e = info.value
    assert isinstance(e, nw.SpecError) and isinstance(e, nw.Error)
    assert e.key_path == "rule.multapses" and e.expected == "true or false" and e.found == "'often'"
    assert str(e) == "rule.multapses: expected true or false, found 'often'"
    with pytest.raises(ValueError, match=r"^kernel.kind: expected one of gaussian, exponential, step or linear"):
        nw.connect(pre, pre, kernel={"kind": "cauchy"})
    with pytest.raises(ValueError, match=r"^rule.k: expected k <= 4: without multapses"):
        nw.connect(pre, pre, rule={"kind": "fixed_outdegree", "k": 5})
    with pytest.raises(ValueError, match=r"kernel: expected positions on both populations"):
        nw.connect(None, None, n_source=3, n_target=3, kernel={"kind": "gaussian", "sigma": 1.0})
    with pytest.raises(ValueError, match=r"^weight.sigma: expected a number >= 0, found '-0.5'"):
        nw.connect(3, 3, weight={"kind": "lognormal", "mu": 0.0, "sigma": -0.5})
    with pytest.raises(ValueError, match=r"^source_positions: expected an array of shape \(N, dims\)"):
        nw.connect(np.zeros((4, 5)), pre)
    with pytest.raises(ValueError, match=r"^rule.kind: expected a number, string, bool, None, list or dict"):
        nw.connect(3, 3, rule={"kind": object()})
    with pytest.raises(ValueError, match=r"^extent\[0\]: expected \[low, high\] with low < high"):
        nw.positions.uniform(10, extent=[[1, 0], [0, 1]])
    with pytest.raises(ValueError, match=r"^seed: expected a whole number >= 0"):
        nw.connect(3, 3, seed=-1)


def test_missing_files():
    with pytest.raises(FileNotFoundError) as info:
        nw.connect_spec("/nonexistent/spec.yaml")
    assert info.value.filename == "/nonexistent/spec.yaml"
    with pytest.raises(FileNotFoundError):
        nw.Network.from_yaml("/nonexistent/net.yaml")
    with pytest.raises(FileNotFoundError):
        nw.load_connectome("/nonexistent/c.npz")


def test_malformed_file_is_os_error(tmp_path):
    bad = tmp_path / "broken.npz"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(OSError) as info:
        nw.load_connectome(bad)
    assert isinstance(info.value, nw.FileError) and str(bad) in str(info.value)


def test_memory_refusal_is_memory_error():
    with pytest.raises(MemoryError) as info:
        nw.connect(40000, 40000, rule={"kind": "fixed_outdegree", "k": 10**9, "multapses": True})
    e = info.value
    assert isinstance(e, nw.MemoryLimitError) and e.estimate_bytes > e.available_bytes > 0


def test_memory_limit_is_the_budget_of_every_call():
    spec = {"seed": 1, "populations": {"a": {"size": 20000}},
            "projections": [{"name": "p", "source": "a", "target": "a", "rule": {"kind": "fixed_outdegree", "k": 1000}}]}
    try:
        nw.set_memory_limit("64M")
        assert nw.memory_limit() == 64 * 2**20
        with pytest.raises(nw.MemoryLimitError) as info:
            nw.connect_spec(spec)   # 2·10^7 synapses, about 305 MiB
        assert "connectome of 20000000 synapses" in str(info.value) and "memory limit" in str(info.value)
        with pytest.raises(ValueError):
            nw.set_memory_limit("64Q")
        with pytest.raises(ValueError):
            nw.set_memory_limit(0)
    finally:
        nw.set_memory_limit(None)
    assert nw.memory_limit() == 0.0
    spec["projections"][0]["rule"]["k"] = 10
    assert len(nw.connect_spec(spec)["connectomes"]["p"]) == 200000


def test_simulation_error_keeps_the_recording(source_dir):
    net = nw.Network.from_yaml(source_dir / "tests" / "cli" / "specs" / "run_blowup.yaml")
    with pytest.raises(RuntimeError) as info:
        net.run()
    e = info.value
    assert isinstance(e, nw.SimulationError) and "runaway" in str(e)
    rec = e.recording
    assert 0 < rec.steps_done < 10000 and rec["runaway.v"].shape[0] == rec.steps_done
    assert np.all(np.isfinite(rec["runaway.v"]))
