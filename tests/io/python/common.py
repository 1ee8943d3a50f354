"""Shared by the consumer checks: the expected network (expected.json, written by
io_write_fixture) and a failure helper. Exit 1 on any mismatch, 77 when a package is missing."""
import importlib
import json
import os
import sys

import numpy as np


def skip_without(module):
    try:
        return importlib.import_module(module)
    except ImportError as err:
        print(f"SKIP: cannot import {module}: {err}")
        sys.exit(77)


class Checker:
    def __init__(self, name):
        self.name = name
        self.failures = []

    def check(self, ok, message):
        if not ok:
            self.failures.append(message)
            print(f"FAIL: {message}")

    def equal(self, got, want, message):
        got, want = np.asarray(got), np.asarray(want)
        ok = got.shape == want.shape and np.array_equal(got, want)
        self.check(ok, f"{message}: got {got.shape} {got.dtype} {got.ravel()[:5]}, want {want.shape} {want.dtype} {want.ravel()[:5]}")

    def finish(self):
        if self.failures:
            print(f"{self.name}: {len(self.failures)} check(s) failed")
            sys.exit(1)
        print(f"{self.name}: all checks passed")
        sys.exit(0)


def folder():
    if len(sys.argv) != 2:
        print("usage: check_*.py FIXTURE_DIR")
        sys.exit(2)
    return sys.argv[1]


def expected(directory):
    with open(os.path.join(directory, "expected.json")) as f:
        data = json.load(f)
    for proj in data["projections"].values():
        proj["source"] = np.array(proj["source"], dtype=np.uint32)
        proj["target"] = np.array(proj["target"], dtype=np.uint32)
        proj["weight"] = np.array(proj["weight"], dtype=np.float64).astype(np.float32)
        proj["delay"] = np.array(proj["delay"], dtype=np.float64).astype(np.float32)
    for pop in data["populations"].values():
        pop["positions"] = np.array(pop["positions"], dtype=np.float64)
    return data


def dense(proj):
    """The n_target x n_source weight matrix, repeated pairs summed in float64 in edge order."""
    w = np.zeros((proj["n_target"], proj["n_source"]))
    np.add.at(w, (proj["target"].astype(np.int64), proj["source"].astype(np.int64)), proj["weight"].astype(np.float64))
    return w
