"""Every examples/python script runs (in its --quick mode) and writes its figures."""
import os
import pathlib
import subprocess
import sys

import pytest

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples" / "python"

FIGURES = {
    "seed000_pyrates_populations": ["section1_basic.png", "section2_heterogeneous.png", "section3_delays.png",
                                    "section4_build_time.png"],
    "seed001_rectipy_network": ["seed001_networks.png"],
    "seed002_rectipy_qif": ["seed002_inputs.png", "seed002_outputs.png"],
    "seed003_brainpy_coba": ["seed003_rasters.png"],
    "seed004_brian2_forum": ["seed004_forum.png"],
}


def test_every_example_is_listed():
    assert sorted(p.stem for p in EXAMPLES.glob("*.py")) == sorted(FIGURES)


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_example_runs(name, tmp_path):
    done = subprocess.run([sys.executable, str(EXAMPLES / f"{name}.py"), "--quick", "--out", str(tmp_path)],
                          capture_output=True, text=True, env=dict(os.environ, MPLBACKEND="Agg"), timeout=120)
    assert done.returncode == 0, done.stderr
    for figure in FIGURES[name]:
        png = tmp_path / figure
        assert png.exists() and png.stat().st_size > 10_000, figure
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
