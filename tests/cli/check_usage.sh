#!/usr/bin/env bash
# Command-line usage: bad usage exits 2, --help on every command and --version exit 0,
# bad input (a spec that is not there) exits 1.
# usage: check_usage.sh NEUROWIRE GOOD_SPEC WORK_DIR
set -u
exe=$1 spec=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
failures=0

expect() {   # expect STATUS ARGS...
    local want=$1
    shift
    "$exe" "$@" >"$work/stdout" 2>"$work/stderr"
    local got=$?
    if [ "$got" -ne "$want" ]; then
        echo "FAIL: neurowire $* exited $got, expected $want; stderr: $(cat "$work/stderr")"
        failures=$((failures + 1))
    fi
}

expect 2
expect 2 frobnicate
expect 2 --no-such-flag
expect 2 connect
expect 2 connect "$spec"
expect 2 connect "$spec" -o "$work/out" --format xml
expect 2 connect "$spec" -o "$work/out" --format npz,xml
expect 2 connect "$spec" -o "$work/out" --threads 0
expect 2 connect "$spec" -o "$work/out" --threads many
expect 2 connect "$spec" -o "$work/out" --seed -3
expect 2 connect "$spec" -o "$work/out" extra_argument
expect 2 inspect
expect 2 run
expect 2 run "$spec"
expect 2 run "$spec" -o "$work/out" --kernels fast
expect 2 bench
expect 2 bench nothing
expect 2 bench connect --threads 0
expect 2 bench connect --repeat 0
expect 2 export
expect 2 export "$spec"
expect 2 export "$spec" -o "$work/out" --target brian2
expect 2 export "$spec" -o "$work/out" --format npz
expect 2 export "$spec" -o "$work/out" --leak-conductance 0
expect 2 check
expect 2 check "$work" --for neuron
expect 2 inspect "$spec" --duration -1
# The message names what was wrong (not CLI11's range up to DBL_MAX, nor a consequence of the typo).
expect_text() {   # expect_text TEXT ARGS...
    local text=$1
    shift
    expect 2 "$@"
    grep -qF -- "$text" "$work/stderr" || { echo "FAIL: neurowire $*: stderr lacks '$text': $(cat "$work/stderr")"; failures=$((failures + 1)); }
    if grep -q "17976931348623157" "$work/stderr"; then echo "FAIL: neurowire $*: prints DBL_MAX"; failures=$((failures + 1)); fi
}
expect_text "--threads: expected a thread count from 1 to 1024, found 0" connect "$spec" -o "$work/out" --threads 0
expect_text "--duration: expected a number > 0, found '0'" run "$spec" -o "$work/out" --duration 0
expect_text "unknown command 'runn' (did you mean 'run'?)" runn "$spec"
expect_text "unknown option '--formt' for 'connect' (did you mean '--format'?)" connect --formt npz "$spec"
expect_text "unknown option '--thread' for 'run' (did you mean '--threads'?)" run "$spec" -o "$work/out" --thread=2
[ -e "$work/out" ] && { echo "FAIL: a usage error created the output folder"; failures=$((failures + 1)); }

for command in "" connect inspect run demo bench export check plot "plot traces" "plot inputs" "plot connectome"; do
    expect 0 $command --help
    grep -q -i "usage" "$work/stdout" || { echo "FAIL: '$command --help' printed no usage"; failures=$((failures + 1)); }
done
expect 0 --version
grep -q "^neurowire [0-9]" "$work/stdout" || { echo "FAIL: --version printed '$(cat "$work/stdout")'"; failures=$((failures + 1)); }

expect 1 connect "$work/no_such_spec.yaml" -o "$work/out"
grep -q "no_such_spec.yaml" "$work/stderr" || { echo "FAIL: missing spec not named"; failures=$((failures + 1)); }
expect 1 inspect "$work/no_such_file.npz"
# A connectome spec is not a network: export refuses it as bad input (1), naming the file.
expect 1 export "$spec" -o "$work/out"
grep -q "$(basename "$spec")" "$work/stderr" || { echo "FAIL: export of a connectome spec: $(cat "$work/stderr")"; failures=$((failures + 1)); }
[ -e "$work/out" ] && { echo "FAIL: a failed run created the output folder"; failures=$((failures + 1)); }

echo "$failures failures"
[ "$failures" -eq 0 ]
