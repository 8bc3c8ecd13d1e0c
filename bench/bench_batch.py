"""Benchmark `plainspeak batch` on the 211-file email-template corpus.

    python bench/bench_batch.py                      # workers 1 and 2, local engine, meaning check on
    python bench/bench_batch.py --workers 1 2 --engine dask --no-meaning-check

Each configuration runs `python -m plainspeak batch CORPUS --out TMP` in a fresh process
(so model loading and process start are counted, as a user sees them) and reports wall
time, templates/s (files rewritten or checked, not counting copied non-templates), the
run's own elapsed time from report.json, and peak memory: the largest resident set of
the whole process tree (parent + workers, sampled every 50 ms with psutil) and of its
largest single process. Results go to bench/out/bench_batch.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "email-templates"


def tree_rss(proc) -> tuple[int, int]:
    """(sum of RSS over the process and its descendants, largest single RSS), in bytes."""
    import psutil

    total = biggest = 0
    try:
        procs = [proc] + proc.children(recursive=True)
    except psutil.Error:
        return 0, 0
    for p in procs:
        try:
            rss = p.memory_info().rss
        except psutil.Error:
            continue
        total += rss
        biggest = max(biggest, rss)
    return total, biggest


def run_once(corpus: Path, workers: int, engine: str, meaning: bool) -> dict:
    out = Path(tempfile.mkdtemp(prefix="plainspeak-bench-"))
    cmd = [
        sys.executable,
        "-m",
        "plainspeak",
        "batch",
        str(corpus),
        "--out",
        str(out / "out"),
        "--no-progress",
        "--workers",
        str(workers),
        "--engine",
        engine,
    ]
    if not meaning:
        cmd.append("--no-meaning-check")
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak_tree = peak_one = 0
    try:
        import psutil

        ps = psutil.Process(proc.pid)
        while proc.poll() is None:
            t, b = tree_rss(ps)
            peak_tree, peak_one = max(peak_tree, t), max(peak_one, b)
            time.sleep(0.05)
    except ImportError:
        pass
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)  # the whole tree, workers included
    if proc.returncode not in (0, 4):
        raise SystemExit(f"batch failed ({proc.returncode}): {err.decode()[-2000:]}")
    report = json.loads((out / "out" / "plainspeak-report" / "report.json").read_text(encoding="utf-8"))
    shutil.rmtree(out, ignore_errors=True)
    t = report["totals"]
    return {
        "workers": workers,
        "engine": engine,
        "meaning_check": meaning,
        "files": t["files"],
        "templates": t["templates"],
        "rewritten": t["rewritten"],
        "failed": t["failed"],
        "changes_applied": t["changes_applied"],
        "wall_s": round(wall, 2),
        "run_s": report["elapsed_s"],
        "templates_per_s_wall": round(t["templates"] / wall, 2),
        "templates_per_s_run": round(t["templates"] / report["elapsed_s"], 2),
        "cpu_s": round(cpu, 2),
        "templates_per_cpu_s": round(t["templates"] / cpu, 2) if cpu else None,
        "peak_rss_tree_mb": round(peak_tree / 2**20, 1) or None,
        "peak_rss_process_mb": round(peak_one / 2**20, 1) or None,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--engine", choices=["local", "dask"], default="local")
    ap.add_argument("--no-meaning-check", action="store_true")
    ap.add_argument(
        "--repeat", type=int, default=1, help="runs per configuration, taking turns (the median is reported)"
    )
    ap.add_argument(
        "--scale",
        type=int,
        default=1,
        metavar="K",
        help="batch K copies of the corpus (to see throughput once start-up costs are amortised)",
    )
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "bench_batch.json")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus not found at {args.corpus}", file=sys.stderr)
        return 2
    corpus = args.corpus
    scaled = None
    if args.scale > 1:
        scaled = Path(tempfile.mkdtemp(prefix="plainspeak-bench-corpus-"))
        for k in range(args.scale):
            shutil.copytree(args.corpus, scaled / f"copy{k}")
        corpus = scaled
    # the configurations take turns (1, 2, 1, 2, ...): a slow spell of a shared machine hits both alike, and
    # each round's ratio compares runs made minutes apart; the median run and the median ratio are reported
    by_workers: dict[int, list[dict]] = {w: [] for w in args.workers}
    for _ in range(args.repeat):
        for w in args.workers:
            by_workers[w].append(run_once(corpus, w, args.engine, not args.no_meaning_check))
    results = []
    for w, runs in by_workers.items():
        speeds = [r["templates_per_s_wall"] for r in runs]
        median = dict(sorted(runs, key=lambda r: r["templates_per_s_wall"])[len(runs) // 2])
        median["runs_templates_per_s_wall"] = speeds
        median["median_templates_per_s_wall"] = round(statistics.median(speeds), 2)
        median["fastest_templates_per_s_wall"] = max(speeds)
        results.append(median)
        print(
            f"workers {w} ({args.engine}): {median['templates']} templates in {median['wall_s']} s wall "
            f"({median['templates_per_s_wall']} templates/s; {median['templates_per_s_run']}/s after start-up, "
            f"run {median['run_s']} s; {median['cpu_s']} CPU-s in all), "
            f"peak RSS {median['peak_rss_tree_mb']} MB for the process tree, "
            f"{median['peak_rss_process_mb']} MB for the largest process"
            + (f"; median of {len(runs)} runs (templates/s: {speeds})" if len(runs) > 1 else ""),
            flush=True,
        )
    ratios: list[float] = []
    if 1 in by_workers and 2 in by_workers:
        ratios = [
            round(b["templates_per_s_wall"] / a["templates_per_s_wall"], 3)
            for a, b in zip(by_workers[1], by_workers[2])
        ]
        print(f"2 workers against 1, round by round: {ratios}; median {statistics.median(ratios):.2f}x", flush=True)
    if scaled is not None:
        shutil.rmtree(scaled, ignore_errors=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    meta = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "corpus": str(args.corpus),
        "scale": args.scale,
        "repeat": args.repeat,
        "load_average_at_end": os.getloadavg(),
    }
    out = {"meta": meta, "results": results}
    if ratios:
        out["ratio_2_to_1"] = {"rounds": ratios, "median": round(statistics.median(ratios), 3)}
    args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
