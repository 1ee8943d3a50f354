#!/usr/bin/env bash
# Rewrites tests/golden/hashes.txt from the outputs of the given neurowire (default: out/bin/neurowire).
# Only for a deliberate change of what a (spec, seed) produces: commit the new hashes together with
# a CHANGELOG.md entry naming the cases that changed and why.
# usage: tests/golden/update.sh [NEUROWIRE]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
exe=${1:-$root/out/bin/neurowire}
[ -x "$exe" ] || { echo "update.sh: no neurowire executable at $exe (build it, or pass its path)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Native kernels compile into the scratch folder, not into $HOME, unless a cache is set.
export NEUROWIRE_KERNEL_CACHE=${NEUROWIRE_KERNEL_CACHE:-$work/kernel-cache}
/usr/bin/python3 "$here/golden.py" update "$exe" "$work"
git -C "$root" diff --stat -- tests/golden/hashes.txt
