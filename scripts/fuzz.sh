#!/usr/bin/env bash
# Builds the libFuzzer harnesses of fuzz/ (clang, ASan + UBSan) into out-fuzz/ and runs each one
# for FUZZ_SECONDS, then prints one line per harness: executions, coverage, corpus, crashes.
#
#   scripts/fuzz.sh [harness ...]        # names of fuzz/fuzz_<name>.cpp; all when none given
#   FUZZ_SECONDS=300 scripts/fuzz.sh npy npz
#
# Environment: FUZZ_SECONDS (60 per harness), FUZZ_OUT (out-fuzz), FUZZ_JOBS (build jobs, nproc),
# FUZZ_RSS_MB (2048: an input whose run needs more memory, or one malloc above it, is a crash),
# FUZZ_TIMEOUT (10 s: an input that runs longer is a hang, reported like a crash), FUZZ_SKIP_BUILD.
# The growing corpus lives in $FUZZ_OUT/corpus/<name> (the committed seeds in fuzz/corpus/<name>
# stay untouched); crashing inputs in $FUZZ_OUT/artifacts/<name>/. Once a crash is fixed, copy
# its input into fuzz/regressions/<name>/: the ordinary build replays it as the test fuzz_<name>.
# Clang and libFuzzer come from `scripts/install-deps.sh --fuzz` (which `make fuzz` runs).
set -euo pipefail

cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
out=${FUZZ_OUT:-out-fuzz}
jobs=${FUZZ_JOBS:-$(nproc)}
rss=${FUZZ_RSS_MB:-2048}
timeout=${FUZZ_TIMEOUT:-10}

if [ $# -gt 0 ]; then
  harnesses=("$@")
else
  harnesses=()
  for f in fuzz/fuzz_*.cpp; do
    n=$(basename "$f" .cpp)
    harnesses+=("${n#fuzz_}")
  done
fi

mkdir -p "$out"
# FUZZ_SKIP_BUILD=1: the harnesses are built already (several runs of this script side by side).
if [ -z "${FUZZ_SKIP_BUILD:-}" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$out" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNEUROWIRE_FUZZ=ON \
    -DNEUROWIRE_TESTS=OFF >"$out/configure.log" 2>&1 || { cat "$out/configure.log"; exit 1; }
  targets=()
  for h in "${harnesses[@]}"; do targets+=("fuzz_$h"); done
  cmake --build "$out" -j "$jobs" --target "${targets[@]}"
fi

summary=()
failed=0
for h in "${harnesses[@]}"; do
  corpus="$out/corpus/$h"
  artifacts="$out/artifacts/$h"
  log="$out/logs/$h.log"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  dict=()
  [ -f "fuzz/dict/$h.dict" ] && dict=(-dict="fuzz/dict/$h.dict")
  echo "fuzz: $h for ${seconds}s (log $log)"
  status=0
  "$out/fuzz/fuzz_$h" -max_total_time="$seconds" -rss_limit_mb="$rss" -timeout="$timeout" -print_final_stats=1 \
    "${dict[@]}" -artifact_prefix="$artifacts/" "$corpus" "fuzz/corpus/$h" >"$log" 2>&1 || status=$?
  stat() { grep -o "stat::$1: *[0-9]*" "$log" | grep -o '[0-9]*$' || echo "?"; }
  execs=$(stat number_of_executed_units)
  rate=$(stat average_exec_per_sec)
  peak=$(stat peak_rss_mb)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' <<<"$last" | grep -o '[0-9]*' || echo "?")
  ft=$(grep -o 'ft: [0-9]*' <<<"$last" | grep -o '[0-9]*' || echo "?")
  corp=$(grep -o 'corp: [0-9]*/[0-9]*[a-zA-Z]*' <<<"$last" | cut -d' ' -f2 || echo "?")
  crashes=$(find "$artifacts" -type f | wc -l)
  [ "$status" -ne 0 ] || [ "$crashes" -gt 0 ] && failed=1
  summary+=("$(printf '%-14s execs %-10s exec/s %-6s cov %-5s ft %-6s corpus %-12s rss %-5s MB crashes %s (exit %s)' \
    "$h" "$execs" "$rate" "$cov" "$ft" "$corp" "$peak" "$crashes" "$status")")
done
printf '%s\n' "${summary[@]}"
if [ "$failed" -ne 0 ]; then
  echo "fuzz: crashes or errors above; inputs in $out/artifacts/, logs in $out/logs/" >&2
  exit 1
fi
