#!/usr/bin/env bash
# End to end `neurowire connect` and `neurowire inspect`:
#  - every format is written, with positions next to the projections;
#  - --threads 1 and --threads 2 give byte-identical files (SONATA's .h5 too); --seed changes them, and the spec's own
#    seed given as --seed does not;
#  - inspect reads the NPZ and SONATA output and finds the positions;
#  - a run into an existing folder keeps what was there; a run that fails late leaves nothing.
# usage: check_connect.sh NEUROWIRE SPECS_DIR WORK_DIR
set -u
exe=$1 specs=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
run() { "$exe" "$@" >"$work/stdout" 2>"$work/stderr" || fail "neurowire $* exited $?: $(cat "$work/stderr")"; }

all=npz,sonata,csv,mtx,pynn
forum=$specs/forum_small.yaml

# 1. All formats.
run connect "$forum" -o "$work/t1" --format $all --threads 1
for f in pre_to_post.npz pre_to_post.csv pre_to_post.mtx pre_to_post.conn pre.positions.npy post.positions.npy \
         sonata/nodes.h5 sonata/edges.h5 sonata/node_types.csv sonata/edge_types.csv sonata/circuit_config.json; do
    [ -s "$work/t1/$f" ] || fail "connect did not write $f"
done
grep -q "12,000 synapses" "$work/stdout" || fail "summary line: $(cat "$work/stdout")"
[ "$(ls -A "$work/t1" | grep -c '^\.')" -eq 0 ] || fail "hidden files left in the output: $(ls -A "$work/t1")"
[ "$(head -1 "$work/t1/pre_to_post.csv")" = "source,target,weight,delay" ] || fail "CSV header"
[ "$(wc -l <"$work/t1/pre_to_post.csv")" -eq 12001 ] || fail "CSV rows"

# 2. Thread counts give the same bytes, SONATA's HDF5 files included (written without object times).
run connect "$forum" -o "$work/t2" --format $all --threads 2
for f in pre_to_post.npz pre_to_post.csv pre_to_post.mtx pre_to_post.conn pre.positions.npy post.positions.npy \
         connectome.json sonata/nodes.h5 sonata/edges.h5 sonata/node_types.csv sonata/edge_types.csv \
         sonata/circuit_config.json sonata/simulation_config.json; do
    cmp -s "$work/t1/$f" "$work/t2/$f" || fail "$f differs between --threads 1 and 2"
done
"$exe" inspect "$work/t1/sonata/edges.h5" >"$work/i1" 2>&1 || fail "inspect sonata: $(cat "$work/i1")"

# A spec with every rule, a positions file, periodic and grid positions.
run connect "$specs/mixed.yaml" -o "$work/m1" --format npz,csv --threads 1
run connect "$specs/mixed.yaml" -o "$work/m2" --format npz,csv --threads 2
for f in "$work"/m1/*; do
    cmp -s "$f" "$work/m2/$(basename "$f")" || fail "mixed: $(basename "$f") differs between --threads 1 and 2"
done
# Six projections into one edges.h5, and again with 2 threads: the same bytes.
run connect "$specs/mixed.yaml" -o "$work/ms1" --format sonata --threads 1
run connect "$specs/mixed.yaml" -o "$work/ms2" --format sonata --threads 2
for f in nodes.h5 edges.h5; do
    cmp -s "$work/ms1/sonata/$f" "$work/ms2/sonata/$f" || fail "mixed: sonata/$f differs between --threads 1 and 2"
done
[ -e "$work/m1/plain.positions.npy" ] && fail "positions written for a population without positions"

# 3. Seeds.
run connect "$forum" -o "$work/s99" --seed 99
cmp -s "$work/t1/pre_to_post.npz" "$work/s99/pre_to_post.npz" && fail "--seed 99 did not change the connectome"
cmp -s "$work/t1/post.positions.npy" "$work/s99/post.positions.npy" && fail "--seed 99 did not change the positions"
run connect "$forum" -o "$work/s2024" --seed 2024
cmp -s "$work/t1/pre_to_post.npz" "$work/s2024/pre_to_post.npz" || fail "--seed equal to the spec's seed changed the output"

# 4. Inspect.
"$exe" inspect "$work/t1/pre_to_post.npz" >"$work/inspect" 2>&1 || fail "inspect npz: $(cat "$work/inspect")"
grep -q "^synapses *12000" "$work/inspect" || fail "inspect synapses: $(cat "$work/inspect")"
grep -q "^out-degree *min 10 " "$work/inspect" || fail "inspect out-degree: $(cat "$work/inspect")"
grep -q "^distance *min" "$work/inspect" || fail "inspect found no positions: $(cat "$work/inspect")"
grep -q "^synapses *12000" "$work/i1" || fail "inspect sonata: $(cat "$work/i1")"
grep -q "^distance *min" "$work/i1" || fail "inspect sonata found no positions: $(cat "$work/i1")"
"$exe" inspect "$work/t1/pre_to_post.csv" >"$work/inspect_csv" 2>&1 || fail "inspect csv: $(cat "$work/inspect_csv")"
"$exe" inspect "$forum" >"$work/inspect_spec" 2>&1 || fail "inspect spec: $(cat "$work/inspect_spec")"
grep -q "fixed_outdegree" "$work/inspect_spec" || fail "inspect spec: $(cat "$work/inspect_spec")"

# 5. An existing folder keeps its files; a late failure leaves nothing behind.
mkdir -p "$work/existing" && echo keep >"$work/existing/notes.txt"
run connect "$forum" -o "$work/existing"
[ -e "$work/existing/notes.txt" ] && [ -e "$work/existing/pre_to_post.npz" ] || fail "existing folder: $(ls -A "$work/existing")"
"$exe" connect "$specs/late_failure.yaml" -o "$work/late/deeper" --format $all >/dev/null 2>"$work/late.err"
[ $? -eq 1 ] || fail "late failure: exit status, stderr $(cat "$work/late.err")"
[ -e "$work/late" ] && fail "late failure left $(find "$work/late")"
"$exe" connect "$specs/late_failure.yaml" -o "$work/existing" --format $all >/dev/null 2>&1
[ "$(ls -A "$work/existing" | sort | tr '\n' ' ')" = "connectome.json notes.txt post.positions.npy pre.positions.npy pre_to_post.npz " ] ||
    fail "late failure changed an existing folder: $(ls -A "$work/existing")"

echo "$failures failures"
[ "$failures" -eq 0 ]
