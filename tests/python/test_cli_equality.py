"""Same spec and seed → the same bytes as the CLI: against tests/golden/hashes.txt (what
`neurowire connect` / `run` write for each golden case) and against a fresh CLI run."""
import hashlib
import pathlib

import numpy as np
import pytest
import yaml

import neurowire as nw

ROOT = pathlib.Path(__file__).resolve().parents[2]


def golden(case):
    out = {}
    for line in (ROOT / "tests" / "golden" / "hashes.txt").read_text().splitlines():
        if line.startswith(case + " "):
            _, name, digest = line.split()
            out[name] = digest
    assert out, case
    return out


def digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}


# Written by the CLI only: the sizes manifest of `connect`, SONATA (not asked for here) and the
# spike report of `run`.
CLI_ONLY = ("connectome.json", "spikes.h5")


def assert_matches(found, expected):
    """Every file Python wrote has the CLI's bytes, and Python wrote every CLI file it writes."""
    wanted = {k: v for k, v in expected.items() if k not in CLI_ONLY and not k.startswith("sonata/")}
    assert found == wanted


def forum_connectome():
    pre = nw.positions.gaussian(1200, mean=[0, 0], std=[1, 1], seed=2024, stream=0)
    post = nw.positions.gaussian(40000, mean=[0, 0], std=[1, 1], seed=2024, stream=1)
    return nw.connect(pre, post, rule={"kind": "fixed_outdegree", "k": 10, "multapses": True},
                      kernel={"kind": "gaussian", "sigma": 1.0}, weight=1.0, delay=1.0, seed=2024,
                      source_name="pre", target_name="post")


def test_forum_from_arrays_matches_golden(tmp_path):
    forum_connectome().save(tmp_path, formats=["npz", "csv", "mtx", "pynn"])
    assert_matches(digests(tmp_path), golden("forum"))


def test_every_feature_spec_as_dict_matches_golden(tmp_path):
    spec = ROOT / "tests" / "golden" / "specs" / "ei_sheet_all_features.yaml"
    out = nw.connect_spec(yaml.safe_load(spec.read_text()), base_dir=spec.parent)
    for c in out["connectomes"].values():
        c.save(tmp_path, formats=["npz", "csv", "mtx", "pynn"])
    assert_matches(digests(tmp_path), golden("ei_sheet"))
    for pop, p in out["positions"].items():             # the arrays are those of the files
        assert np.array_equal(p, np.load(tmp_path / f"{pop}.positions.npy"))


@pytest.mark.parametrize("case,spec", [("coba", "examples/seed003_coba.yaml"),
                                       ("wilson_cowan", "examples/seed000_wilson_cowan.yaml"),
                                       ("wilson_cowan_drawn", "tests/golden/specs/wilson_cowan_drawn.yaml")])
def test_runs_match_golden(case, spec, tmp_path):
    net = nw.Network.from_yaml(ROOT / spec)
    net.run().save(tmp_path)
    expected = golden(case)
    for p in net.projections:
        if not p["dense"]:
            net.connectome(p["name"]).save(tmp_path)
    assert_matches(digests(tmp_path), expected)


def test_coba_built_in_python_matches_golden(tmp_path):
    net = nw.Network(dt=0.1, seed=3, duration=1000.0)
    v0 = {"v": {"kind": "normal", "mean": -55.0, "std": 2.0}}
    net.add_population("E", "spiking_neurons.lif_coba.lif", n=3200, init=v0)
    net.add_population("I", "spiking_neurons.lif_coba.lif", n=800, init=v0)
    p = {"kind": "pairwise_bernoulli", "p": 0.02}
    net.add_projection("E", "E/g_e", rule=p, weight=0.6, delay=0.1, name="E2E")
    net.add_projection("E", "I/g_e", rule=p, weight=0.6, delay=0.1, name="E2I")
    net.add_projection("I", "E/g_i", rule=p, weight=6.7, delay=0.1, name="I2E")
    net.add_projection("I", "I/g_i", rule=p, weight=6.7, delay=0.1, name="I2I")
    net.add_input("E/I_ext", value=20.0)
    net.add_input("I/I_ext", value=20.0)
    net.run(record=[{"var": "E/v", "units": [0, 1, 2, 3], "every": 1}], spikes=["E", "I"]).save(tmp_path)
    for name in ("E2E", "E2I", "I2E", "I2I"):
        net.connectome(name).save(tmp_path)
    assert_matches(digests(tmp_path), golden("coba"))


def test_sonata_and_all_formats_equal_a_cli_run(cli, examples_dir, tmp_path):
    cli("connect", examples_dir / "forum_1200x40000.yaml", "-o", tmp_path / "cli", "--format", "npz,sonata,csv,mtx,pynn")
    forum_connectome().save(tmp_path / "py", formats=["npz", "sonata", "csv", "mtx", "pynn"])
    files = sorted(p.relative_to(tmp_path / "cli") for p in (tmp_path / "cli").rglob("*")
                   if p.is_file() and p.name not in CLI_ONLY)
    assert len(files) > 10 and files == sorted(p.relative_to(tmp_path / "py") for p in (tmp_path / "py").rglob("*") if p.is_file())
    for f in files:
        assert (tmp_path / "cli" / f).read_bytes() == (tmp_path / "py" / f).read_bytes(), f
