"""The package itself: what it exports, its docstrings, its templates, and what it includes."""
import pathlib
import re
import subprocess
import sys

import neurowire as nw

ROOT = pathlib.Path(__file__).resolve().parents[2]

PUBLIC = ["connect", "connect_spec", "load_connectome", "to_brian2", "Connectome", "Network", "Recording",
          "LegacyCircuit", "positions", "Error", "SpecError", "FileError", "MemoryLimitError", "SimulationError",
          "KernelError"]


def test_exports_and_docstrings():
    assert sorted(nw.__all__) == sorted(PUBLIC)
    assert nw.__version__ == "0.1.0"
    for name in PUBLIC:
        assert getattr(nw, name).__doc__, name
    for cls in (nw.Connectome, nw.Network, nw.Recording, nw.LegacyCircuit):
        for attr, value in vars(cls).items():
            if not attr.startswith("_") and callable(value) or isinstance(value, property):
                assert (value.__doc__ or "").strip(), f"{cls.__name__}.{attr}"
    for fn in (nw.positions.grid, nw.positions.uniform, nw.positions.gaussian, nw.positions.ball):
        assert fn.__doc__
    text = subprocess.run([sys.executable, "-c", "import neurowire; help(neurowire.connect)"], capture_output=True,
                          text=True, check=True).stdout
    assert "source_positions" in text and "ValueError" in text


def test_templates_travel_with_the_package():
    package = pathlib.Path(nw.__file__).parent
    assert (package / "templates" / "spiking_neurons" / "lif.yaml").exists()
    # A fresh interpreter that does not know the source tree's NEUROWIRE_TEMPLATES finds them.
    code = ("import os; os.environ.pop('NEUROWIRE_TEMPLATES', None); import neurowire as nw; "
            "print(os.environ['NEUROWIRE_TEMPLATES']); n = nw.Network(); "
            "n.add_population('q', 'spiking_neurons.qif.qif', n=2); print(n.template('q')['model'])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == [str(package / "templates"), "spiking_neurons.qif.qif"]


def included_files(source, seen):
    for name in re.findall(r'#include\s+[<"]([^>"]+)[>"]', source.read_text()):
        path = ROOT / name
        if path.exists() and path not in seen:
            seen.add(path)
            included_files(path, seen)
        else:
            seen.add(pathlib.Path(name))
    return seen


def test_the_binding_never_sees_yaml():
    seen = set()
    for source in (ROOT / "python" / "src").glob("*.[ch]pp"):
        included_files(source, seen)
    assert not [p for p in seen if "yaml" in p.name], "python/ reaches yaml-cpp through its includes"
    assert ROOT / "spec" / "from_tree.hpp" in seen
