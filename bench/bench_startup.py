"""Start-up benchmark: how long the `plainspeak` command takes from a cold process (issue 14).

Each command runs --runs times (default 5), each in a fresh interpreter, and the median wall time
(and median user+system CPU time) is reported with the issue-14 target:

    plainspeak --help                                        < 0.5 s
    plainspeak analyze ONE_SENTENCE                          < 1.0 s
    plainspeak rewrite --model none ONE_SENTENCE             < 1.0 s   (also with --no-meaning-check,
                                                                        and with --no-restructure)
    plainspeak rewrite ONE_SENTENCE  (seq2seq model and meaning check both run)   < 3.0 s

"Cold" is a new process; the user's cache folder (compiled rules, syllable dictionary) is as a
user has it after a first run. The first run with an empty cache folder is measured once as well.

    python bench/bench_startup.py [--runs 5] [--json-out bench/out/startup.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# rule changes, a passive long sentence for the seq2seq model, and an unsafe rule change for the meaning check
SENTENCE = (
    "Please be advised that your application has been received and will be reviewed by our team prior to "
    "the commencement of the next billing period, so we will endeavour to respond in due course."
)
COMMANDS: list[tuple[str, list[str], float]] = [
    ("--help", ["--help"], 0.5),
    ("analyze", ["analyze", "{file}"], 1.0),
    ("rewrite --model none --no-meaning-check", ["rewrite", "--model", "none", "--no-meaning-check", "{file}"], 1.0),
    ("rewrite --model none", ["rewrite", "--model", "none", "{file}"], 1.0),
    # the rules alone: no parser (spaCy imports torch through thinc), no seq2seq model
    (
        "rewrite --model none --no-restructure",
        ["rewrite", "--model", "none", "--no-restructure", "{file}"],
        1.0,
    ),
    ("rewrite (every model)", ["rewrite", "{file}"], 3.0),
]


def run_once(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, user+system CPU seconds of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(
        [sys.executable, "-m", "plainspeak", *args], capture_output=True, text=True, env=env, cwd=REPO, timeout=600
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        raise RuntimeError(f"plainspeak {' '.join(args)} exited {p.returncode}: {p.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=5, help="runs per command (default 5); medians are reported")
    p.add_argument("--json-out", default=str(REPO / "bench" / "out" / "startup.json"))
    args = p.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="plainspeak-startup-"))
    text = work / "one.txt"
    text.write_text(SENTENCE + "\n", encoding="utf-8")
    env = dict(os.environ)
    env.setdefault("PLAINSPEAK_THREADS", "1")

    fresh_env = {**env, "PLAINSPEAK_CACHE_DIR": str(work / "empty-cache")}
    first_wall, first_cpu = run_once(["analyze", str(text)], fresh_env)
    print(f"first run with an empty cache folder: analyze {first_wall:.2f} s (builds the caches)", flush=True)
    run_once(["analyze", str(text)], env)  # the user's cache folder is current from here on

    rows, met = [], True
    for name, cmd, target in COMMANDS:
        cmd = [c.format(file=text) for c in cmd]
        walls, cpus = zip(*(run_once(cmd, env) for _ in range(args.runs)))
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        ok = wall < target
        met &= ok
        rows.append(
            {
                "command": f"plainspeak {name}",
                "median_wall_s": round(wall, 3),
                "median_cpu_s": round(cpu, 3),
                "runs_wall_s": [round(w, 3) for w in walls],
                "target_s": target,
                "met": ok,
            }
        )
        print(
            f"plainspeak {name:<42} median {wall:6.2f} s wall, {cpu:6.2f} s CPU  target < {target} s: "
            f"{'met' if ok else 'NOT met'}",
            flush=True,
        )
    out = {
        "benchmark": "cli-startup",
        "runs": args.runs,
        "sentence_words": len(SENTENCE.split()),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "first_run_empty_cache_s": round(first_wall, 3),
        "commands": rows,
    }
    path = Path(args.json_out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
