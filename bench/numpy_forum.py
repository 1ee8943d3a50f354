"""The forum's numpy reference for seed 004 (Brian2 forum: spatial connectivity with exactly k
synapses per neuron), timed for `bench_runner connect`.

usage: numpy_forum.py broadcast|blockwise N_PRE N_POST K SIGMA [SEED]
Prints the seconds spent choosing the connections (positions excluded) and the synapse count.

broadcast: the thread's method — the full N_pre × N_post distance matrix, then a weighted choice
           with replacement per row.
blockwise: blocks of sources; per block the kernel rows, their cumulative sums, and one
           searchsorted for all draws of the block (memory O(block · N_post)).
"""
import sys
import time

import numpy as np


def broadcast(xy_pre, xy_post, k, sigma, rng):
    diffs = xy_post[None, :, :] - xy_pre[:, None, :]
    d2 = np.einsum("ijk,ijk->ij", diffs, diffs)
    probs = np.exp(-d2 / (2.0 * sigma * sigma))
    targets = np.empty((len(xy_pre), k), dtype=np.int64)
    n_post = len(xy_post)
    for i, row in enumerate(probs):
        targets[i] = rng.choice(n_post, size=k, replace=True, p=row / row.sum())
    return targets.size


def blockwise(xy_pre, xy_post, k, sigma, rng, block=256):
    n_post = len(xy_post)
    count = 0
    for start in range(0, len(xy_pre), block):
        pre = xy_pre[start:start + block]
        d2 = ((pre[:, None, :] - xy_post[None, :, :]) ** 2).sum(axis=2)
        cum = np.cumsum(np.exp(-d2 / (2.0 * sigma * sigma)), axis=1)
        # One searchsorted for the whole block: row r's normalised sums live in [r, r + 1].
        rows = np.arange(len(pre))[:, None]
        flat = (cum / cum[:, -1:] + rows).ravel()
        u = rng.random((len(pre), k)) + rows
        idx = np.searchsorted(flat, u.ravel()).reshape(len(pre), k) - rows * n_post
        count += np.minimum(idx, n_post - 1).size
    return count


def main():
    method, n_pre, n_post, k, sigma = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
    seed = int(sys.argv[6]) if len(sys.argv) > 6 else 0
    rng = np.random.default_rng(seed)
    xy_pre = rng.normal(0.0, 1.0, (n_pre, 2))
    xy_post = rng.normal(0.0, 1.0, (n_post, 2))
    start = time.perf_counter()
    synapses = (broadcast if method == "broadcast" else blockwise)(xy_pre, xy_post, k, sigma, rng)
    print(f"{time.perf_counter() - start:.6f} {synapses}")


if __name__ == "__main__":
    main()
