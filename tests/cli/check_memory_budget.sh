#!/usr/bin/env bash
# One memory budget (core/platform/memory_budget.hpp), end to end: requests larger than the budget
# are refused before anything is allocated, with a message naming what was asked, the estimate and
# the budget — never a bare "out of memory" — and DIR is left as it was:
#  - --memory-limit on connect (edge table, positions, kernel pairwise growing past the budget,
#    fixed_total_number) and on run (recordings, dense weights);
#  - without --memory-limit under `ulimit -v` (the address space left is the budget);
#  - a run within the budget writes the same bytes as one without a limit;
#  - malformed sizes are refused naming --memory-limit.
# usage: check_memory_budget.sh NEUROWIRE SPECS_DIR WORK_DIR
set -u
exe=$1 specs=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
# OpenBLAS's threads retry their buffers forever when the address space is short: one thread.
export OPENBLAS_NUM_THREADS=1

# refused NAME EXPECTED... -- ARGS: exit 1 within 60 s, stderr holds every EXPECTED text, the
# estimate and the budget, no "out of memory", and no output folder appeared.
refused() {
    local name=$1; shift
    local expect=()
    while [ "$1" != "--" ]; do expect+=("$1"); shift; done
    shift
    local out="$work/$name.out"
    timeout 60 "$@" >"$work/$name.stdout" 2>"$work/$name.stderr"
    local rc=$?
    [ $rc -eq 1 ] || fail "$name: exit $rc, expected 1: $(cat "$work/$name.stderr")"
    for e in "${expect[@]}" "needs an estimated" "MiB are available"; do
        grep -qF -- "$e" "$work/$name.stderr" || fail "$name: message lacks '$e': $(cat "$work/$name.stderr")"
    done
    grep -q "out of memory\|internal error\|bad_alloc" "$work/$name.stderr" && fail "$name: bare failure: $(cat "$work/$name.stderr")"
    return 0
}

cat >"$work/narrow.yaml" <<'YAML'
seed: 1
populations:
  cells: {size: 200000, positions: {kind: uniform, extent: [[0, 1], [0, 1]]}}
projections:
  - {name: rec, source: cells, target: cells, rule: {kind: fixed_indegree, k: 100}, kernel: {kind: gaussian, sigma: 0.02}}
YAML
cat >"$work/many_points.yaml" <<'YAML'
seed: 1
populations:
  cells: {size: 2000000000, positions: {kind: uniform, extent: [[0, 1], [0, 1], [0, 1]]}}
projections: []
YAML
cat >"$work/pairwise.yaml" <<'YAML'
seed: 1
populations:
  cells: {size: 20000, positions: {kind: uniform, extent: [[0, 1], [0, 1]]}}
projections:
  - {name: rec, source: cells, target: cells, rule: {kind: pairwise_bernoulli, p: 1.0}, kernel: {kind: gaussian, sigma: 0.5}}
YAML
cat >"$work/total.yaml" <<'YAML'
seed: 1
populations:
  a: {size: 1000}
projections:
  - {name: rec, source: a, target: a, rule: {kind: fixed_total_number, n: 1000000000000, multapses: true}}
YAML
cat >"$work/dense.yaml" <<'YAML'
seed: 1
dt: 0.1
duration: 1.0
populations:
  e: {model: neural_mass_models.wilsoncowan.exc_pop, size: 60000}
projections:
  - {source: e/r, target: e/r_in, weights: 0.001}
YAML

# 1. --memory-limit on connect: the 2·10^7-synapse fixed_indegree table (which does not stream) in 100 MiB.
refused edges "connectome of 20000000 synapses" "memory limit 100.0 MiB" -- \
    "$exe" connect "$work/narrow.yaml" -o "$work/edges.out" --memory-limit 100M -q
[ -e "$work/edges.out" ] && fail "edges: refused connect left $(ls -A "$work/edges.out")"
# An existing DIR keeps its contents.
mkdir -p "$work/keep" && echo old >"$work/keep/rec.npz"
refused keep "connectome of 20000000 synapses" -- "$exe" connect "$work/narrow.yaml" -o "$work/keep" --memory-limit 64M -q
[ "$(cat "$work/keep/rec.npz")" = old ] && [ "$(ls -A "$work/keep")" = rec.npz ] || fail "keep: DIR changed: $(ls -A "$work/keep")"
refused points "positions of 2000000000 points in 3 dimensions" -- \
    "$exe" connect "$work/many_points.yaml" -o "$work/points.out" --memory-limit 1G -q
refused pairwise "connectome of more than" "pairwise_bernoulli" -- \
    "$exe" connect "$work/pairwise.yaml" -o "$work/pairwise.out" --memory-limit 200M -q --threads 2
refused total "connectome rec of 1000000000000 synapses" -- "$exe" connect "$work/total.yaml" -o "$work/total.out" -q --format npz,csv

# 2. The same without --memory-limit under ulimit -v: the address space left is the budget.
refused ulimit_edges "connectome of 20000000 synapses" "what this process can still get" -- \
    sh -c 'ulimit -v 400000; exec "$@"' sh "$exe" connect "$work/narrow.yaml" -o "$work/ulimit_edges.out" -q --threads 2
refused ulimit_points "positions of 2000000000 points" -- \
    sh -c 'ulimit -v 500000; exec "$@"' sh "$exe" connect "$work/many_points.yaml" -o "$work/ulimit_points.out" -q

# 3. run: a long recording and dense weights, with --memory-limit and under ulimit -v.
refused recording "recording of E.v (100000000 samples × 3 units)" "simulation of 100000000 steps" -- \
    "$exe" run "$specs/run_small.yaml" -o "$work/recording.out" --duration 1000000 --memory-limit 1G -q --no-plots
refused ulimit_recording "recording of E.v" -- \
    sh -c 'ulimit -v 800000; exec "$@"' sh "$exe" run "$specs/run_small.yaml" -o "$work/ulimit_recording.out" --duration 1000000 -q --no-plots
refused dense "dense weights of 60000 × 60000" -- "$exe" run "$work/dense.yaml" -o "$work/dense.out" --memory-limit 2G -q --no-plots
refused ulimit_dense "dense weights of 60000 × 60000" -- \
    sh -c 'ulimit -v 1500000; exec "$@"' sh "$exe" run "$work/dense.yaml" -o "$work/ulimit_dense.out" -q --no-plots

# 4. Within the budget: the same bytes as without a limit.
"$exe" connect "$specs/forum_small.yaml" -o "$work/free" --format npz,sonata -q || fail "connect without a limit"
"$exe" connect "$specs/forum_small.yaml" -o "$work/limited" --format npz,sonata -q --memory-limit 256M ||
    fail "connect with --memory-limit 256M"
for f in pre_to_post.npz sonata/edges.h5 sonata/nodes.h5; do
    cmp -s "$work/free/$f" "$work/limited/$f" || fail "$f differs with --memory-limit"
done
sh -c 'ulimit -v 1500000; exec "$@"' sh "$exe" run "$specs/run_small.yaml" -o "$work/run_ulimit" -q --no-plots --duration 10 ||
    fail "a small run under ulimit -v 1.5 GB"

# 5. Malformed sizes (as --memory-limit=VALUE: "--memory-limit -5M" reads -5M as an option and is
# refused as one).
for bad in 12Q -5M 0 1e30G 5MM; do
    "$exe" connect "$specs/forum_small.yaml" -o "$work/bad" --memory-limit="$bad" -q 2>"$work/bad.stderr"
    rc=$?
    [ $rc -ne 0 ] && grep -q -- "--memory-limit" "$work/bad.stderr" || fail "--memory-limit '$bad': exit $rc, $(cat "$work/bad.stderr")"
done

[ $failures -eq 0 ] && echo "memory budget: all checks passed"
exit $((failures > 0))
