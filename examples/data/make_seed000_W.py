#!/usr/bin/python3
"""Regenerates the data files of the seed-000 examples (PyRates' PopulationTemplate tutorial).

The tutorial draws its coupling matrix and then its heterogeneous time constants from one
numpy Generator seeded with 42, in that order; reproducing the same draw order gives the same
numbers, so neurowire's runs can be compared with the tutorial's figures value for value.

Run with /usr/bin/python3 (needs numpy only):  /usr/bin/python3 examples/data/make_seed000_W.py
Writes next to this script:
  seed000_W.npy       10 x 10, W[target, source]: Sections 1-3 of the tutorial (default_rng(42))
  seed000_tau.npy     10 time constants ~ U(8, 12): Section 2, drawn after W from the same generator
  seed000_W_rng0.npy  10 x 10: Section 4's W_bench for N = 10 (default_rng(0)); the sanity values
                      in docs/models.md §1 (r_0 = 0.036765 after 1999 steps) were
                      computed with this matrix, so it is the one to check a runner against.
"""
import pathlib

import numpy as np

N = 10
here = pathlib.Path(__file__).resolve().parent

rng = np.random.default_rng(42)
W = rng.normal(0.0, 1.0 / np.sqrt(N), (N, N))
# Strong self-excitation is what lifts the units off the r = 0 fixed point in the tutorial.
np.fill_diagonal(W, 15.0)
# Drawn after W from the same generator, exactly as the tutorial's Section 2 does.
tau = rng.uniform(8.0, 12.0, size=N)

W_rng0 = np.random.default_rng(0).normal(0.0, 1.0 / np.sqrt(N), (N, N))
np.fill_diagonal(W_rng0, 15.0)

for name, array in (("seed000_W.npy", W), ("seed000_tau.npy", tau), ("seed000_W_rng0.npy", W_rng0)):
    np.save(here / name, array.astype(np.float64))
    print(f"wrote {here / name} {array.shape}")
