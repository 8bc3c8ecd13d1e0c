"""Core engine benchmark: prints figures, asserts nothing (speed targets live here, not in tests).

    python bench/bench_core.py [--paragraphs 60] [--no-meaning-check] [--model none] [--no-restructure]
                               [--json-out bench/results/core.json]

- rewrite throughput (words/s) and p50/p95 latency per 100-word paragraph
- analysis time per document vs textstat alone on the same text
- peak resident memory of the process
Paragraphs are built from real formal prose in ../shared/corpus/formal-english (100 words each),
falling back to the examples/ folder when the corpus is absent.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import textstat  # noqa: E402

import plainspeak  # noqa: E402
from plainspeak import Settings  # noqa: E402
from plainspeak.pipeline import run_analysis  # noqa: E402

TARGET_P50_MS = 150  # per 100-word paragraph, the whole pipeline (issue 13)


def paragraphs(n: int, words: int = 100) -> list[str]:
    corpus = REPO.parent / "shared" / "corpus" / "formal-english" / "sentences.jsonl.gz"
    sentences: list[str] = []
    if corpus.exists():
        with gzip.open(corpus, "rt", encoding="utf-8") as f:
            for i, line in enumerate(f):
                if i % 37 == 0:  # spread over many documents
                    sentences.append(json.loads(line)["text"])
                if len(sentences) >= n * 8:
                    break
    else:
        sentences = [s for p in (REPO / "examples").glob("*.txt") for s in p.read_text().split(". ")]
    out, cur = [], []
    for s in sentences * 3:
        cur.append(s)
        if sum(len(x.split()) for x in cur) >= words:
            out.append(" ".join(" ".join(cur).split()[:words]))
            cur = []
        if len(out) == n:
            break
    return out


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--paragraphs", type=int, default=60)
    ap.add_argument("--no-meaning-check", action="store_true")
    ap.add_argument(
        "--model", default="default", help="the seq2seq model: 'default' or 'none' (rules and restructuring)"
    )
    ap.add_argument("--no-restructure", action="store_true", help="switch the restructure stage off")
    ap.add_argument("--json-out", metavar="PATH", help="also write the figures to this JSON file")
    args = ap.parse_args()
    settings = Settings(check_meaning=not args.no_meaning_check, model=args.model, restructure=not args.no_restructure)
    paras = paragraphs(args.paragraphs)
    t0 = time.perf_counter()
    plainspeak.rewrite(paras[0], settings=settings)  # warm-up: loads rules (and the embedding model)
    warm = time.perf_counter() - t0

    lat = []
    words = 0
    changes = 0
    for p in paras:
        t = time.perf_counter()
        r = plainspeak.rewrite(p, settings=settings)
        lat.append(time.perf_counter() - t)
        words += len(p.split())
        changes += sum(c.accepted for c in r.changes)
    total = sum(lat)

    ana, ts = [], []
    for p in paras:
        t = time.perf_counter()
        run_analysis(p, settings=settings)
        ana.append(time.perf_counter() - t)
        t = time.perf_counter()
        for fn in (
            textstat.flesch_reading_ease,
            textstat.flesch_kincaid_grade,
            textstat.gunning_fog,
            textstat.smog_index,
            textstat.coleman_liau_index,
            textstat.automated_readability_index,
            textstat.dale_chall_readability_score,
            textstat.text_standard,
        ):
            fn(p + " x")  # defeat textstat's per-text cache so both sides score from scratch
        ts.append(time.perf_counter() - t)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(
        f"plainspeak {plainspeak.__version__}  meaning check: {'on' if settings.check_meaning else 'off'}  "
        f"model: {settings.model}  restructure: {'on' if settings.restructure else 'off'}"
    )
    print(f"paragraphs: {len(paras)} x 100 words (real formal prose); first call incl. loading: {warm:.2f} s")
    print(f"rewrite throughput: {words / total:,.0f} words/s  ({changes} changes applied)")
    print(
        f"rewrite latency per paragraph: p50 {statistics.median(lat) * 1000:.1f} ms, "
        f"p95 {pct(lat, 0.95) * 1000:.1f} ms, max {max(lat) * 1000:.1f} ms"
    )
    print(
        f"analysis per document: median {statistics.median(ana) * 1000:.1f} ms; textstat alone "
        f"{statistics.median(ts) * 1000:.1f} ms; ratio {statistics.median(ana) / statistics.median(ts):.1f}x"
    )
    print(f"peak RSS: {rss_mb:,.0f} MB")
    p50 = statistics.median(lat) * 1000
    print(f"target p50 <= {TARGET_P50_MS} ms per paragraph (issue 13): {'met' if p50 <= TARGET_P50_MS else 'NOT met'}")
    if args.json_out:
        out = {
            "benchmark": "core-rewrite",
            "paragraphs": len(paras),
            "meaning_check": settings.check_meaning,
            "model": settings.model,
            "restructure": settings.restructure,
            "python": platform.python_version(),
            "cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
            "words_per_s": round(words / total),
            "changes_applied": changes,
            "p50_ms": round(p50, 1),
            "p95_ms": round(pct(lat, 0.95) * 1000, 1),
            "analysis_ms": round(statistics.median(ana) * 1000, 1),
            "peak_rss_mb": round(rss_mb),
            "target_p50_ms": TARGET_P50_MS,
        }
        path = Path(args.json_out)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
