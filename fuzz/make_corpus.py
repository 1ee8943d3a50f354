"""Writes the seed corpora of fuzz/corpus/<harness>/: small valid files in every layout the readers
accept (numpy's own writers for .npy/.npz, our text formats by hand), plus the example data.
Run with Debian's /usr/bin/python3 (numpy):  /usr/bin/python3 fuzz/make_corpus.py
Seeds are kept small (< 4 KB) so that libFuzzer mutates them quickly. The SONATA seeds
(corpus/sonata/*.h5) are not written here: they are `neurowire connect --format sonata` and
`neurowire run` outputs of six-neuron specs, committed as they are."""
import io
import os
import shutil
import sys

import numpy as np

root = os.path.dirname(os.path.abspath(__file__))
repo = os.path.dirname(root)
corpus = os.path.join(root, "corpus")


def put(harness, name, data):
    d = os.path.join(corpus, harness)
    os.makedirs(d, exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(os.path.join(d, name), mode) as f:
        f.write(data)


def npy(array, version=None):
    b = io.BytesIO()
    np.lib.format.write_array(b, array, version=version)
    return b.getvalue()


def npz(compressed=False, **arrays):
    b = io.BytesIO()
    (np.savez_compressed if compressed else np.savez)(b, **arrays)
    return b.getvalue()


# .npy: every dtype, both byte orders, both memory orders, 0-d, empty, header versions 1-3.
arrays = {
    "f8_1d": np.array([0.5, -1.25, 3.0]),
    "f4_2d": np.arange(6, dtype=np.float32).reshape(3, 2),
    "u4": np.array([0, 1, 4294967295], dtype=np.uint32),
    "i8_be": np.array([-5, 7], dtype=">i8"),
    "f8_fortran": np.asfortranarray(np.arange(6, dtype=np.float64).reshape(2, 3)),
    "i2_fortran3d": np.asfortranarray(np.arange(24, dtype=np.int16).reshape(2, 3, 4)),
    "u1": np.array([1, 2, 255], dtype=np.uint8),
    "scalar_u8": np.array(42, dtype=np.uint64),
    "empty": np.zeros((0, 3)),
    "f4_nan": np.array([1.0, np.nan, np.inf], dtype=np.float32),
}
for name, a in arrays.items():
    put("npy", name + ".npy", npy(a))
put("npy", "v2.npy", npy(np.array([1.0, 2.0]), version=(2, 0)))
put("npy", "v3.npy", npy(np.array([1, 2], dtype=np.int32), version=(3, 0)))
for example in ("seed000_tau.npy", "seed000_W.npy"):
    shutil.copy(os.path.join(repo, "examples", "data", example), os.path.join(corpus, "npy", example))

# .npz: a connectome stored and deflated, user dtypes, a recording-like archive.
connectome = dict(source=np.array([0, 0, 1, 1, 2], dtype=np.uint32), target=np.array([1, 2, 1, 2, 1], dtype=np.uint32),
                  weight=np.array([0.5, -1.25, 0.1, 2.0, 1e-7], dtype=np.float32),
                  delay=np.array([1.0, 1.5, 0.1, 2.0, 3.25], dtype=np.float32),
                  n_source=np.uint64(4), n_target=np.uint64(3))
put("npz", "connectome_stored.npz", npz(**connectome))
put("npz", "connectome_deflated.npz", npz(True, **connectome))
put("npz", "user_dtypes.npz", npz(True, source=np.array([0, 0, 2]), target=np.array([1, 2, 0]),
                                   weight=np.array([0.5, 1.5, -1.0]), delay=np.array([1.0, 1.0, 2.0]),
                                   n_source=np.int64(3), n_target=3))
put("npz", "recording.npz", npz(t=np.arange(4) * 0.1, **{"exc.v": np.zeros((4, 2)), "exc.spike_times": np.array([0.1]),
                                                       "exc.spike_units": np.array([1], dtype=np.uint32)}))

# Text connectomes, as our writers write them and as users do.
edges = [(0, 1, 0.5, 1.0), (0, 2, -1.25, 1.5), (1, 1, 0.1, 0.1), (1, 2, 2.0, 2.0), (1, 2, 0.3, 2.0), (2, 1, 1e-07, 3.25)]
put("csv", "connectome.csv", "source,target,weight,delay\n" + "".join(f"{s},{t},{w},{d}\n" for s, t, w, d in edges))
put("csv", "crlf_blank.csv", "source,target,weight,delay\r\n0,0,1,0\r\n\r\n3,1,-2.5e-3,0.25\r\n")
put("mtx", "connectome.mtx", "%%MatrixMarket matrix coordinate real general\n% neurowire connectome\n3 4 5\n"
    "2 1 0.5\n3 1 -1.25\n2 2 0.1\n3 2 2.3\n2 3 1e-07\n")
put("mtx", "integer_unsorted.mtx", "%%MatrixMarket matrix coordinate integer general\n3 2 3\n2 2 5\n1 1 -2\n3 1 7\n")
put("mtx", "pattern.mtx", "%%MatrixMarket Matrix Coordinate Pattern General\n%\n2 2 2\n1 2\n2 1\n")
put("pynn", "connectome.conn", '# columns = ["i", "j", "weight", "delay"]\n' +
    "".join(f"{s}\t{t}\t{w}\t{d}\n" for s, t, w, d in edges))
put("pynn", "reordered.conn", "# columns = ['weight', 'j', 'i']\n# other = 3\n0.5 2.0 1.0\n0.25 0 1\n-1 1 0.000000e+00\n")
put("pynn", "no_header.conn", "0 1 0.5 1.5\n2 0 -1 0.1\n")

# Positions.
put("positions_csv", "header_2d.csv", "x,y\n0,1\n2.5,-1\n1,0\n")
put("positions_csv", "comments_3d.csv", "# made by hand\n0,0,0\n1e-3,2,3\n\n-4,5.5,6\n")
put("positions_csv", "line_1d.csv", "0\n0.5\n1\n")
put("positions_npy", "f8_3d.npy", npy(np.arange(12, dtype=np.float64).reshape(4, 3)))
put("positions_npy", "f4_fortran_2d.npy", npy(np.asfortranarray(np.array([[0.0, 1.0], [2.0, 3.0], [4.0, 5.5]], dtype=np.float32))))
put("positions_npy", "f8_1d.npy", npy(np.array([0.0, 0.25, 1.0])))
put("positions_npy", "be_f8_2d.npy", npy(np.array([[1.0, 2.0], [3.0, 4.0]], dtype=">f8")))

# Specs: the examples and test specs, connectome and network apart, with every number above
# 1000 (sizes, k, extents) brought down to 20 so that the harnesses do not skip them.
import glob
import re


def small(text):
    return re.sub(r"(?<![\w.])\d{4,}(?![\w.])", "20", text)


def is_network(text):
    return re.search(r"^\s*(model|function|dt|duration|inputs|record):", text, re.M) is not None


spec_files = sorted(glob.glob(os.path.join(repo, "examples", "*.yaml")) +
                    glob.glob(os.path.join(repo, "tests", "cli", "specs", "*.yaml")) +
                    glob.glob(os.path.join(repo, "tests", "cli", "bad_specs", "*.yaml"))[:24])
for path in spec_files:
    with open(path) as f:
        text = small(f.read())
    harness = "network_spec" if is_network(text) else "connectome_spec"
    put(harness, os.path.basename(os.path.dirname(path)) + "_" + os.path.basename(path), text)
for path in sorted(glob.glob(os.path.join(repo, "templates", "*", "*.yaml"))):
    with open(path) as f:
        text = f.read()
    put("template", os.path.basename(os.path.dirname(path)) + "_" + os.path.basename(path), text)
    # Each template's equations, one per line, for the equation harness.
    eqs = re.findall(r'^\s*-\s*"?(d/dt [^"\n]*|[a-zA-Z_]\w* = [^"\n]*)"?\s*$', text, re.M)
    if eqs:
        put("equations", os.path.basename(path).replace(".yaml", ".txt"), "\n".join(eqs) + "\n")
put("equations", "functions.txt", "d/dt x = (-x + tanh(a * v) + sigmoid(I) - clip(x, -1, 1)) / tau\n"
    "y = where(x > 0, exp(-x), log(1 + abs(x))) ^ 2\nd/dt v = min(max(v, -a), a) * heaviside(x) + pow(x, 2)\n")

for h in sorted(os.listdir(corpus)):
    files = os.listdir(os.path.join(corpus, h))
    print(f"{h}: {len(files)} seeds, {sum(os.path.getsize(os.path.join(corpus, h, f)) for f in files)} bytes")
