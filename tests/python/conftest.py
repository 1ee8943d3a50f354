"""Shared fixtures: the source tree, the CLI, and a helper to run it.

Run by CTest (`ctest -R python`) with PYTHONPATH=out/python; by hand:
    PYTHONPATH=out/python NEUROWIRE_KERNEL_CACHE=out/kernel-cache /usr/bin/python3 -m pytest tests/python
"""
import os
import pathlib
import subprocess

import pytest

SOURCE = pathlib.Path(os.environ.get("NEUROWIRE_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
EXE = pathlib.Path(os.environ.get("NEUROWIRE_EXE", SOURCE / "out" / "bin" / "neurowire"))
EXAMPLES = SOURCE / "examples"


@pytest.fixture(scope="session")
def source_dir():
    return SOURCE


@pytest.fixture(scope="session")
def examples_dir():
    return EXAMPLES


@pytest.fixture(scope="session")
def cli():
    """Runs `neurowire ARGS...`; returns the CompletedProcess (check=True)."""
    if not EXE.exists():
        pytest.skip(f"no neurowire executable at {EXE}")

    def run(*args):
        return subprocess.run([str(EXE), *map(str, args), "--quiet"], check=True, capture_output=True, text=True)

    return run
