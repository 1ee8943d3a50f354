#!/usr/bin/python3
"""Golden outputs: the SHA-256 of every data file a (spec, seed) produces, pinned in hashes.txt.

  golden.py check  NEUROWIRE WORK_DIR   regenerate every case under every configuration, compare
  golden.py update NEUROWIRE WORK_DIR   regenerate, require all configurations to agree, rewrite
                                        hashes.txt (see update.sh and CHANGELOG.md)

Hashed: every file the command writes except those below, which change between identical runs
or between machines for reasons other than the spec and the seed.
"""
import hashlib
import os
import pathlib
import shutil
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
HASHES = HERE / "hashes.txt"

# name, command, spec (relative to the repository), extra arguments.
CASES = [
    ("forum", "connect", "examples/forum_1200x40000.yaml", ["--format", "npz,csv,mtx,pynn,sonata"]),
    ("ei_sheet", "connect", "tests/golden/specs/ei_sheet_all_features.yaml", ["--format", "npz,csv,mtx,pynn,sonata"]),
    ("coba", "run", "examples/seed003_coba.yaml", ["--no-plots"]),
    ("wilson_cowan", "run", "examples/seed000_wilson_cowan.yaml", ["--no-plots"]),
    ("wilson_cowan_drawn", "run", "tests/golden/specs/wilson_cowan_drawn.yaml", ["--no-plots"]),
]
# Every case under each configuration must give the pinned bytes: the output depends on the spec
# and the seed only, not on the thread count nor on native kernels versus the interpreter (the
# fallback where no compiler is found). name, arguments, the commands it applies to.
CONFIGS = [
    ("--threads 1", ["--threads", "1"], {"connect", "run"}),
    ("--threads 2", ["--threads", "2"], {"connect", "run"}),
    ("--threads 2 --kernels interpreted", ["--threads", "2", "--kernels", "interpreted"], {"run"}),
]

# summary.txt holds wall-clock timings and the kernel-cache state; PNG plots depend on the
# installed gnuplot and fonts (and --no-plots skips them anyway).
def excluded(rel):
    return rel == "summary.txt" or rel.endswith(".png")


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def generate(exe, case, config_args, out):
    name, command, spec, extra = case
    args = [exe, command, str(ROOT / spec), "-o", str(out), "--quiet", *config_args, *extra]
    done = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        sys.exit(f"golden: case {name}: `{' '.join(args)}` exited {done.returncode}:\n{done.stdout}")
    hashes = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if path.is_file() and not excluded(rel):
            hashes[rel] = sha256(path)
    return hashes


def read_hashes():
    expected = {}
    for number, line in enumerate(HASHES.read_text().splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split()
        if len(fields) != 3:
            sys.exit(f"golden: {HASHES}:{number}: expected '<case> <file> <sha256>', found '{line}'")
        expected.setdefault(fields[0], {})[fields[1]] = fields[2]
    return expected


def run_all(exe, work):
    """{config: {case: {file: sha256}}}, each case generated into a fresh folder."""
    results = {}
    for c, (config, config_args, commands) in enumerate(CONFIGS):
        for case in CASES:
            if case[1] not in commands:
                continue
            out = work / f"config{c}" / case[0]
            shutil.rmtree(out, ignore_errors=True)
            start = time.monotonic()
            results.setdefault(config, {})[case[0]] = generate(exe, case, config_args, out)
            print(f"  {case[0]:<20} {config:<34} {time.monotonic() - start:5.2f} s", flush=True)
    return results


def check(exe, work):
    expected = read_hashes()
    results = run_all(exe, work)
    failures = []
    for config, cases in results.items():
        for name, found in cases.items():
            want = expected.get(name, {})
            for rel in sorted(set(want) | set(found)):
                e, f = want.get(rel, "(no such file expected)"), found.get(rel, "(not written)")
                if e != f:
                    failures.append((name, config, rel, e, f))
    for name in sorted(set(expected) - {c[0] for c in CASES}):
        failures.append((name, "-", "*", "a case in hashes.txt", "no such case in golden.py"))
    if not failures:
        print(f"golden: {sum(len(v) for v in expected.values())} files of {len(CASES)} cases match "
              f"under {len(CONFIGS)} configurations ({'; '.join(c[0] for c in CONFIGS)})")
        return 0
    for name, config, rel, e, f in failures:
        print(f"MISMATCH case {name} ({config}) file {rel}\n  expected {e}\n  found    {f}")
    changed = sorted({f[0] for f in failures})
    print(f"golden: {len(failures)} mismatches in case{'s' if len(changed) > 1 else ''} {', '.join(changed)}. "
          "The output of a (spec, seed) changed.\n"
          "If that is a bug, fix it. If the change is deliberate, run tests/golden/update.sh, commit the new\n"
          "tests/golden/hashes.txt and say in CHANGELOG.md which outputs changed and why.")
    return 1


def update(exe, work):
    results = run_all(exe, work)
    first = results[CONFIGS[0][0]]
    for config, cases in results.items():
        for name, found in cases.items():
            if found != first[name]:
                sys.exit(f"golden: case {name}: '{config}' and '{CONFIGS[0][0]}' give different files; "
                         "fix the non-determinism before pinning hashes")
    lines = ["# Golden outputs: <case> <file> <sha256>. Regenerate with tests/golden/update.sh only for a",
             "# deliberate change of output, and record it in CHANGELOG.md."]
    for name, _, _, _ in CASES:
        lines += [f"{name} {rel} {digest}" for rel, digest in sorted(first[name].items())]
    HASHES.write_text("\n".join(lines) + "\n")
    print(f"golden: wrote {HASHES} ({len(lines) - 2} files)")
    return 0


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("check", "update"):
        sys.exit(__doc__)
    exe, work = os.path.abspath(sys.argv[2]), pathlib.Path(sys.argv[3]).resolve()
    work.mkdir(parents=True, exist_ok=True)
    return check(exe, work) if sys.argv[1] == "check" else update(exe, work)


if __name__ == "__main__":
    sys.exit(main())
