#!/usr/bin/env bash
# Runs `neurowire connect` on every tests/cli/bad_specs/*.yaml and checks, from the comment lines
# at the top of each spec, that it fails properly:
#   # expect-key: KEY        stderr names the key path (followed by ':' or '.')
#   # expect-line: N         stderr names the line: "<spec file name>:N:"
#   # expect-text: TEXT      stderr contains TEXT (any number of these)
# and that exit status is 1 and the output folder is left as it was: not created when it did not
# exist, holding only its earlier contents when it did.
# usage: check_bad_specs.sh NEUROWIRE BAD_SPECS_DIR WORK_DIR
set -u
exe=$1 specs=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
failures=0 count=0

fail() { echo "FAIL $name: $*"; failures=$((failures + 1)); }

for spec in "$specs"/*.yaml; do
    name=$(basename "$spec" .yaml)
    count=$((count + 1))
    key=$(sed -n 's/^# expect-key: //p' "$spec")
    line=$(sed -n 's/^# expect-line: //p' "$spec")
    [ -n "$line" ] || { fail "no '# expect-line:' comment"; continue; }

    # 1. DIR does not exist before: it must not exist after.
    out="$work/$name/new_dir"
    "$exe" connect "$spec" -o "$out" --format npz,sonata,csv,mtx,pynn >"$work/$name.stdout" 2>"$work/$name.stderr"
    status=$?
    err=$(cat "$work/$name.stderr")
    [ "$status" -eq 1 ] || fail "exit status $status, expected 1"
    [ -e "$out" ] && fail "left $out behind"
    [ -e "$work/$name" ] && [ -n "$(ls -A "$work/$name")" ] && fail "left files in $work/$name"
    if [ -n "$key" ]; then
        grep -qF -- "$key:" <<<"$err" || grep -qF -- "$key." <<<"$err" || fail "stderr does not name '$key': $err"
    fi
    grep -qF -- "$(basename "$spec"):$line:" <<<"$err" || fail "stderr does not name line $line: $err"
    while IFS= read -r text; do
        grep -qF -- "$text" <<<"$err" || fail "stderr lacks '$text': $err"
    done < <(sed -n 's/^# expect-text: //p' "$spec")

    # 2. DIR exists with a file of its own: afterwards it holds exactly that file.
    keep="$work/$name/existing"
    mkdir -p "$keep" && echo "mine" >"$keep/mine.txt"
    "$exe" connect "$spec" -o "$keep" --format npz,sonata >/dev/null 2>&1
    status=$?
    [ "$status" -eq 1 ] || fail "exit status $status into an existing folder"
    [ "$(ls -A "$keep")" = "mine.txt" ] && [ "$(cat "$keep/mine.txt")" = "mine" ] ||
        fail "changed the existing folder: $(ls -A "$keep" | tr '\n' ' ')"
    rm -rf "$work/$name"
done

echo "$count bad specs checked, $failures failures"
[ "$count" -ge 30 ] || { echo "FAIL: fewer than 30 bad specs"; exit 1; }
[ "$failures" -eq 0 ]
