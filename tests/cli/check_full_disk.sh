#!/usr/bin/env bash
# A full disk during `neurowire connect` and `neurowire run`: on a 1 MiB tmpfs holding a previous
# run's outputs, a run whose outputs do not fit must fail with exit status 1 and a message naming
# the lack of space, leave every old file byte for byte as it was, and leave no staging folder.
# Mounting needs root (CAP_SYS_ADMIN): elsewhere the test is skipped (exit 77) and says why.
# usage: check_full_disk.sh NEUROWIRE WORK_DIR
set -u
exe=$1 work=$2
rm -rf "$work" && mkdir -p "$work/disk"
disk="$work/disk"
if ! mount -t tmpfs -o size=1m tmpfs "$disk" 2>"$work/mount.err"; then
    echo "SKIP: cannot mount a 1 MiB tmpfs at $disk (needs root with CAP_SYS_ADMIN): $(cat "$work/mount.err")"
    exit 77
fi
trap 'umount "$disk"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

small="$work/small.yaml" big="$work/big.yaml"
cat >"$small" <<'SPEC'
populations:
  pre: {size: 20}
  post: {size: 20}
projections:
  - {name: p, source: pre, target: post, rule: {kind: fixed_outdegree, k: 3}}
SPEC
# 20000 × 10 edges, about 3 MB of npz: three times the disk.
sed 's/size: 20}/size: 20000}/; s/k: 3/k: 10/' "$small" >"$big"

out="$disk/out"
"$exe" connect "$small" -o "$out" --format npz,csv -q || fail "the small run failed"
before=$(cd "$out" && find . -type f | sort | xargs sha256sum)
[ -n "$before" ] || fail "the small run wrote nothing"

for cmd in connect; do
    "$exe" "$cmd" "$big" -o "$out" --format npz,csv -q 2>"$work/$cmd.err"
    status=$?
    [ "$status" -eq 1 ] || fail "$cmd on a full disk: exit status $status, expected 1"
    grep -qi "no space left on device" "$work/$cmd.err" || fail "$cmd: no 'No space left on device' in: $(cat "$work/$cmd.err")"
    grep -q "internal error" "$work/$cmd.err" && fail "$cmd: an internal error: $(cat "$work/$cmd.err")"
    after=$(cd "$out" && find . -type f | sort | xargs sha256sum)
    [ "$before" = "$after" ] || fail "$cmd: the old outputs changed: $after"
    left=$(find "$out" -maxdepth 1 -name '.neurowire-*')
    [ -z "$left" ] || fail "$cmd: left $left"
done

# A run into the same folder: its recording does not fit either.
net="$work/net.yaml"
cat >"$net" <<'SPEC'
dt: 0.001
duration: 1.0
populations:
  e:
    model: neural_mass_models.wilsoncowan.exc_pop
    size: 200
record:
  variables: [e/r]
SPEC
"$exe" run "$net" -o "$out" -q --no-plots 2>"$work/run.err"
status=$?
[ "$status" -eq 1 ] || fail "run on a full disk: exit status $status, expected 1"
grep -qi "no space left on device" "$work/run.err" || fail "run: no 'No space left on device' in: $(cat "$work/run.err")"
after=$(cd "$out" && find . -type f | sort | xargs sha256sum)
[ "$before" = "$after" ] || fail "run: the old outputs changed: $after"
[ -z "$(find "$out" -maxdepth 1 -name '.neurowire-*')" ] || fail "run: left a staging folder"
# The disk is empty again but for the old outputs: the failed runs freed what they wrote.
used=$(df --output=used -k "$disk" | tail -1)
[ "$used" -lt 200 ] || fail "the failed runs left $used KiB on the disk"

echo "$failures failures"
[ "$failures" -eq 0 ]
