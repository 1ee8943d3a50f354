"""scipy.io.mmread reads the Matrix Market files as the summed n_target x n_source weight matrix."""
import os

from common import Checker, dense, expected, folder, skip_without

scipy_io = skip_without("scipy.io")

d = folder()
want = expected(d)
c = Checker("check_mtx")
for name, proj in want["projections"].items():
    m = scipy_io.mmread(os.path.join(d, name + ".mtx"))
    c.check(m.shape == (proj["n_target"], proj["n_source"]), f"{name}.mtx shape {m.shape}")
    c.equal(m.toarray(), dense(proj), f"{name}.mtx dense matrix")
    pairs = len(set(zip(proj["source"].tolist(), proj["target"].tolist())))
    c.check(m.nnz == pairs, f"{name}.mtx has {m.nnz} entries, want one per distinct pair ({pairs})")
c.finish()
