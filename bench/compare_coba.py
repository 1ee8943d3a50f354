#!/usr/bin/python3
"""neurowire against Brian2 C++ standalone on the COBA E/I network (docs/models.md §6).

    /usr/bin/python3 bench/compare_coba.py [--bench-runner out/bin/bench_runner] [--seeds 1 2 3 4 5]
                                           [--method euler|exponential_euler]

--method picks the integrator of both sides (default euler): exponential_euler is Brian2's
`method="exponential_euler"` and neurowire's `solver: exponential_euler`; its target is the rates
only (within 10 %), the 3x speed target is Euler's.

Runs `bench_runner run` restricted to the COBA workload (NEUROWIRE_BENCH_RUN=coba; one row per
seed, one thread, 1 s at dt 0.1 ms) and bench/brian2_coba.py on the same seeds, then prints the
main-loop times and E/I rates side by side, the speed ratio Brian2 / neurowire, and whether the
targets hold (neurowire at least 3x faster; mean rates within 10 %).

The seeds do not make the two networks identical — each simulator draws its own connectivity
and initial voltages — so rates are compared as means over the seeds, not seed by seed.
Both timings cover the simulation loop only: network construction, code generation and
compilation (Brian2's project; neurowire's native kernels, compiled or loaded from the kernel cache
when the Simulator is built) and file output are excluded on both sides. The ratio uses process CPU time on both
sides: Brian2's standalone loop (built without OpenMP) measures itself with std::clock(), and on a
shared machine wall time mostly measures the other jobs. neurowire's wall time is shown beside it.
"""
import argparse
import csv
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent


def find_bench_runner(given):
    if given:
        return given
    for candidate in ("out/bin/bench_runner", "out-bench/bin/bench_runner"):
        path = ROOT / candidate
        if path.exists():
            return str(path)
    sys.exit("compare_coba: no bench_runner found; build it (cmake --build out --target bench_runner) "
             "or pass --bench-runner")


def run_neurowire(bench_runner, seeds, workdir, method):
    csv_path = os.path.join(workdir, "neurowire_coba.csv")
    # One thread, as Brian2's standalone loop: OpenBLAS reads OPENBLAS_NUM_THREADS when it loads
    # and then starts no worker threads, which otherwise spin for a while after start-up and add
    # their CPU time to the first seed's (COBA makes no BLAS call).
    env = dict(os.environ, NEUROWIRE_BENCH_RUN="coba",
               NEUROWIRE_BENCH_SEEDS=",".join(str(s) for s in seeds),
               OPENBLAS_NUM_THREADS="1", NEUROWIRE_BENCH_METHOD=method)
    done = subprocess.run([bench_runner, "run", "--csv", csv_path, "--threads", "1"], env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        sys.exit("compare_coba: bench_runner run failed")
    with open(csv_path) as f:
        rows = [r for r in csv.DictReader(f) if r["workload"].startswith("coba")]
    return [{"seed": int(r["seed"]), "seconds": float(r["cpu_seconds"]), "wall": float(r["seconds"]),
             "rate_e": float(r["rate_e_hz"]), "rate_i": float(r["rate_i_hz"])} for r in rows]


def run_brian2(seeds, workdir, method):
    csv_path = os.path.join(workdir, "brian2_coba.csv")
    command = [sys.executable, str(HERE / "brian2_coba.py"), "--csv", csv_path, "--method", method,
               "--directory", os.path.join(workdir, "brian2_project"), "--seeds"] + [str(s) for s in seeds]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        sys.exit("compare_coba: brian2_coba.py failed")
    with open(csv_path) as f:
        return [{"seed": int(r["seed"]), "seconds": float(r["main_loop_s"]),
                 "rate_e": float(r["rate_e_hz"]), "rate_i": float(r["rate_i_hz"])}
                for r in csv.DictReader(f)]


def summary(rows, key):
    values = [r[key] for r in rows]
    mean = statistics.mean(values)
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return mean, sd


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bench-runner", default="")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--workdir", default="", help="keep intermediate CSVs here")
    parser.add_argument("--method", choices=["euler", "exponential_euler"], default="euler",
                        help="integration method of both simulators")
    args = parser.parse_args()

    workdir = args.workdir or tempfile.mkdtemp(prefix="compare_coba_")
    os.makedirs(workdir, exist_ok=True)
    bench_runner = find_bench_runner(args.bench_runner)

    print(f"COBA 3,200 E / 800 I, p = 0.02, 1 s at dt 0.1 ms, one thread, {args.method}, seeds {args.seeds}")
    # Seed by seed, the two sides back to back: this shared machine's speed drifts from minute
    # to minute, and interleaving keeps each pair within the same minute.
    nw, b2 = [], []
    for seed in args.seeds:
        nw += run_neurowire(bench_runner, [seed], workdir, args.method)
        b2 += run_brian2([seed], workdir, args.method)

    print()
    print(f"{'seed':>4}  {'neurowire cpu s':>15} {'(wall)':>8} {'E Hz':>6} {'I Hz':>6}   {'brian2 cpu s':>12} "
          f"{'E Hz':>6} {'I Hz':>6}   {'ratio':>5}")
    by_seed = {r["seed"]: r for r in b2}
    for r in nw:
        o = by_seed.get(r["seed"])
        if o is None:
            continue
        print(f"{r['seed']:>4}  {r['seconds']:>15.4f} {r['wall']:>8.3f} {r['rate_e']:>6.2f} {r['rate_i']:>6.2f}   "
              f"{o['seconds']:>12.4f} {o['rate_e']:>6.2f} {o['rate_i']:>6.2f}   {o['seconds'] / r['seconds']:>5.2f}")

    nw_t, nw_t_sd = summary(nw, "seconds")
    b2_t, b2_t_sd = summary(b2, "seconds")
    ratio = b2_t / nw_t
    print()
    # The 3x target is Euler's; with exponential_euler only the rates are a target.
    speed_target = args.method == "euler"
    verdict = f"({'meets' if ratio >= 3.0 else 'misses'} the 3x target)" if speed_target else "(no speed target for this method)"
    print(f"main loop (CPU time)  neurowire {nw_t * 1e3:7.1f} ± {nw_t_sd * 1e3:5.1f} ms   "
          f"brian2 {b2_t * 1e3:7.1f} ± {b2_t_sd * 1e3:5.1f} ms   speed ratio {ratio:.2f}x {verdict}")
    all_within = True
    for key, label in (("rate_e", "E rate"), ("rate_i", "I rate")):
        m_nw, sd_nw = summary(nw, key)
        m_b2, sd_b2 = summary(b2, key)
        rel = (m_nw - m_b2) / m_b2 if m_b2 else float("inf")
        within = abs(rel) <= 0.10
        all_within = all_within and within
        print(f"{label:<9}  neurowire {m_nw:7.2f} ± {sd_nw:5.2f} Hz   brian2 {m_b2:7.2f} ± {sd_b2:5.2f} Hz   "
              f"difference {rel * 100:+.1f} % ({'within' if within else 'outside'} 10 %)")
    print(f"\nintermediate files: {workdir}")
    return 0 if (ratio >= 3.0 or not speed_target) and all_within else 1


if __name__ == "__main__":
    sys.exit(main())
