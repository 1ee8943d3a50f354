#!/usr/bin/env bash
# `neurowire demo -o DIR` (what `make demo` runs) writes the connectomes, the recording, rasters,
# rate histograms and the summary, stays well under a minute, and does not depend on the thread count.
# usage: check_demo.sh NEUROWIRE WORK_DIR
set -u
exe=$1 work=$2
rm -rf "$work" "$work.t1" "$work.t2"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

start=$(date +%s)
"$exe" demo -o "$work" >"$work.stdout" 2>"$work.stderr" || fail "demo exited $?: $(cat "$work.stderr")"
seconds=$(($(date +%s) - start))
cat "$work.stdout"
echo "demo wall time: ${seconds} s"
[ "$seconds" -lt 60 ] || fail "demo took ${seconds} s"
for f in E2E.npz E2I.npz I2E.npz I2I.npz E.positions.npy I.positions.npy recording.npz summary.txt \
         raster_E.png raster_I.png rates_E.png rates_I.png traces_E.v.png; do
    [ -s "$work/$f" ] || fail "$f missing"
done
for f in "$work"/*.png; do
    [ "$(head -c 8 "$f" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$f is not a PNG"
done
grep -q "^population   E (32,000 units): [0-9,]* spikes" "$work/summary.txt" || fail "summary: $(cat "$work/summary.txt")"
/usr/bin/python3 - "$work" <<'PY' || fail "recording.npz content"
import sys, numpy as np
r = np.load(sys.argv[1] + "/recording.npz")
assert r["t"].shape == (10000,) and r["E.v"].shape == (10000, 3), (r["t"].shape, r["E.v"].shape)
assert r["E.spike_units"].max() < 32000 and r["I.spike_units"].max() < 8000
rate = len(r["E.spike_times"]) / 32000.0
assert 0.5 < rate < 200, f"E fired {rate} spikes per unit in 1 s"
c = np.load(sys.argv[1] + "/E2E.npz")
assert (np.bincount(c["target"], minlength=32000) == 64).all()
PY
# Thread count: a short run of the same network with 1 and 2 threads records the same arrays.
for n in 1 2; do
    "$exe" demo -o "$work.t$n" --duration 50 --threads "$n" --quiet --no-plots || fail "demo --threads $n exited $?"
done
/usr/bin/python3 - "$work" <<'PY' || fail "1 and 2 threads differ"
import sys, numpy as np
a, b = np.load(sys.argv[1] + ".t1/recording.npz"), np.load(sys.argv[1] + ".t2/recording.npz")
assert a.files == b.files and all(np.array_equal(a[k], b[k]) for k in a.files)
PY
echo "$failures failures"
[ "$failures" -eq 0 ]
