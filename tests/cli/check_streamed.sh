#!/usr/bin/env bash
# Connectomes larger than the memory budget (app/connect_streamed.hpp), end to end:
#  - a budget far below the edge table streams it in blocks of sources, and the .npz has the
#    in-memory run's bytes (fixed_outdegree with a narrow kernel, fixed_total_number, periodic
#    box, per-neuron k), at 1 and 2 threads, with a peak RSS below the table's size;
#  - Python's zipfile and numpy read the streamed archive;
#  - what cannot stream is refused up front: other formats, one source larger than the budget.
# usage: check_streamed.sh NEUROWIRE WORK_DIR
set -u
exe=$1 work=$2
rm -rf "$work" && mkdir -p "$work"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

cat >"$work/streamed.yaml" <<'YAML'
seed: 11
populations:
  cells: {size: 60000, positions: {kind: uniform, extent: [[0, 1], [0, 1]], periodic: [true, true]}}
  few: {size: 3000, positions: {kind: uniform, extent: [[0, 1], [0, 1]], periodic: [true, true]}}
projections:
  - {name: narrow, source: cells, target: cells, rule: {kind: fixed_outdegree, k: 100}, kernel: {kind: gaussian, sigma: 0.02},
     weight: {kind: lognormal, mu: -1.0, sigma: 0.5}, delay: {kind: distance, velocity: 1.0, offset: 0.5}}
  - {name: total, source: few, target: cells, rule: {kind: fixed_total_number, n: 3000000, multapses: true},
     kernel: {kind: exponential, lambda: 0.1}}
  - {name: uniform, source: cells, target: few, rule: {kind: fixed_outdegree, k: 40}, weight: {kind: uniform, low: 0, high: 1}}
YAML
# The tables: 6·10^6, 3·10^6 and 2.4·10^6 rows of 16 bytes (96, 48 and 38 MB).
"$exe" connect "$work/streamed.yaml" -o "$work/memory" -q --threads 2 || fail "in-memory connect"
for threads in 1 2; do
    /usr/bin/time -f "%M" -o "$work/rss$threads" "$exe" connect "$work/streamed.yaml" -o "$work/streamed$threads" -q \
        --memory-limit 48M --threads $threads 2>"$work/stderr$threads" || fail "streamed connect ($threads threads): $(cat "$work/stderr$threads")"
    for f in narrow.npz total.npz uniform.npz cells.positions.npy connectome.json; do
        cmp -s "$work/memory/$f" "$work/streamed$threads/$f" || fail "$f differs between in-memory and streamed ($threads threads)"
    done
    rss_kb=$(cat "$work/rss$threads")
    [ "$rss_kb" -lt 60000 ] || fail "streamed run ($threads threads) peaked at $rss_kb KB with a 48 MB budget"
done
/usr/bin/python3 - "$work/streamed1/narrow.npz" <<'PY' || fail "Python cannot read the streamed archive"
import sys, zipfile, numpy as np
path = sys.argv[1]
with zipfile.ZipFile(path) as z:
    assert z.testzip() is None                      # every member's CRC-32 checks
    assert [i.compress_type for i in z.infolist()] == [zipfile.ZIP_STORED] * 6
d = np.load(path)
assert d["source"].shape == (6000000,) and int(d["n_source"]) == 60000
assert np.all(np.bincount(d["source"], minlength=60000) == 100)
assert np.all(np.diff(d["source"].astype(np.int64)) >= 0)
PY

# Refused up front: other formats cannot take a table in blocks; one source beyond the budget.
"$exe" connect "$work/streamed.yaml" -o "$work/sonata" -q --memory-limit 48M --format npz,sonata 2>"$work/sonata.err"
rc=$?
[ $rc -eq 1 ] && grep -q "only --format npz is written in blocks; sonata needs the whole table" "$work/sonata.err" ||
    fail "sonata beyond the budget: exit $rc, $(cat "$work/sonata.err")"
[ -e "$work/sonata" ] && fail "a refused run left $work/sonata"
cat >"$work/one_big.yaml" <<'YAML'
seed: 1
populations:
  hub: {size: 1}
  cells: {size: 1000}
projections:
  - {name: hub, source: hub, target: cells, rule: {kind: fixed_outdegree, k: 5000000, multapses: true}}
YAML
"$exe" connect "$work/one_big.yaml" -o "$work/one_big" -q --memory-limit 40M 2>"$work/one_big.err"
rc=$?
[ $rc -eq 1 ] && grep -q "one source has 5000000 synapses" "$work/one_big.err" && grep -q "needs an estimated" "$work/one_big.err" ||
    fail "one source beyond the budget: exit $rc, $(cat "$work/one_big.err")"

# A streamed table larger than the disk's free space is refused before drawing (10^13 rows).
sed 's/n: 3000000,/n: 10000000000000,/' "$work/streamed.yaml" >"$work/huge.yaml"
timeout 60 "$exe" connect "$work/huge.yaml" -o "$work/huge" -q --memory-limit 48M 2>"$work/huge.err"
rc=$?
[ $rc -eq 1 ] && grep -q "the streamed connectome total needs .* on disk but only .* are free" "$work/huge.err" ||
    fail "a table beyond the disk: exit $rc, $(cat "$work/huge.err")"
[ -e "$work/huge" ] && fail "a refused run left $work/huge"

[ $failures -eq 0 ] && echo "streamed connect: all checks passed"
exit $((failures > 0))
