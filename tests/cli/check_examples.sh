#!/usr/bin/env bash
# The connectome examples in examples/ run as documented, and the forum case has its 12,000
# synapses, 10 per presynaptic neuron.
# usage: check_examples.sh NEUROWIRE EXAMPLES_DIR WORK_DIR
set -u
exe=$1 examples=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
failures=0
for name in forum_1200x40000 ei_sheet_periodic ball_3d_exponential; do
    if ! "$exe" connect "$examples/$name.yaml" -o "$work/$name" --format npz,sonata --quiet 2>"$work/$name.err"; then
        echo "FAIL: $name: $(cat "$work/$name.err")"
        failures=$((failures + 1))
    fi
done
"$exe" inspect "$work/forum_1200x40000/pre_to_post.npz" >"$work/forum.txt" 2>&1
grep -q "^synapses *12000" "$work/forum.txt" && grep -q "^out-degree *min 10 " "$work/forum.txt" ||
    { echo "FAIL: forum: $(cat "$work/forum.txt")"; failures=$((failures + 1)); }
echo "$failures failures"
[ "$failures" -eq 0 ]
