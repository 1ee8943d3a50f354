#!/usr/bin/env bash
# Two `neurowire connect --format sonata` runs of one spec, one with 1 thread and one with 2 (a
# second apart, so stored object times would differ), give byte-identical SONATA folders.
# usage: check_sonata_bytes.sh NEUROWIRE SPEC WORK_DIR
set -u
exe=$1 spec=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
failures=0
"$exe" connect "$spec" -o "$work/t1" --format sonata --threads 1 --quiet || { echo "FAIL: connect --threads 1"; exit 1; }
sleep 1.1
"$exe" connect "$spec" -o "$work/t2" --format sonata --threads 2 --quiet || { echo "FAIL: connect --threads 2"; exit 1; }
count=0
for f in nodes.h5 edges.h5 node_types.csv edge_types.csv circuit_config.json simulation_config.json; do
    [ -s "$work/t1/sonata/$f" ] || { echo "FAIL: sonata/$f not written"; failures=$((failures + 1)); continue; }
    if cmp -s "$work/t1/sonata/$f" "$work/t2/sonata/$f"; then count=$((count + 1)); else
        echo "FAIL: sonata/$f differs between the two runs"; failures=$((failures + 1)); fi
done
echo "sonata bytes: $count files identical, $failures differ"
[ "$failures" -eq 0 ]
