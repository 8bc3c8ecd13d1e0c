"""How much the sentence restructurings help on real long sentences: prints figures, asserts nothing.

    python bench/restructure_eval.py [--n 200] [--seed 13] [--show 50] [--out bench/out/restructure.txt]

Draws N random sentences of more than 20 words from ../shared/corpus/formal-english and N from the
copy of the email templates in ../shared/corpus/email-templates (segmented as the pipeline does),
runs `restructure` on each (lists off) and reports: how many get a candidate, the median grade drop
of the best candidate (Flesch-Kincaid, `plainspeak.readability.sentence_grade`), the share per
transform, and the time per sentence. `--out` writes every input with its candidates, so a person
can read them; `--show` also prints that many of them (chosen at random among those with a candidate).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from plainspeak.readability import sentence_grade, word_count  # noqa: E402
from plainspeak.restructure import restructure  # noqa: E402
from plainspeak.restructure.parse import get_nlp  # noqa: E402
from plainspeak.segment import segment  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"
MIN_WORDS = 21


def formal(n: int, rng: random.Random) -> list[str]:
    with gzip.open(CORPUS / "formal-english" / "sentences.jsonl.gz", "rt", encoding="utf-8") as f:
        texts = [t for t in (json.loads(line)["text"] for line in f) if word_count(t) >= MIN_WORDS]
    return rng.sample(texts, min(n, len(texts)))


def templates(n: int, rng: random.Random) -> list[str]:
    found: set[str] = set()
    for path in sorted((CORPUS / "email-templates").rglob("*")):
        if path.suffix not in (".html", ".htm", ".txt", ".md") or not path.is_file():
            continue
        doc = segment(path.read_text(encoding="utf-8", errors="replace"))
        for s in doc.sentences:
            text = " ".join(s.text.split())
            if word_count(text) >= MIN_WORDS and "\n" not in s.text.strip():
                found.add(text)
    pool = sorted(found)
    return rng.sample(pool, min(n, len(pool)))


def run(name: str, texts: list[str], out, show: int, rng: random.Random) -> None:
    times, cpu, drops, per = [], [], [], Counter()
    hit = []
    for text in texts:
        t0, c0 = time.perf_counter(), time.process_time()
        cands = restructure(text)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        if not cands:
            continue
        before = sentence_grade(text)
        best = min(cands, key=lambda c: sentence_grade(c.text))
        drops.append(before - sentence_grade(best.text))
        per.update({c.name for c in cands})
        hit.append((text, cands))
    n = len(texts)
    print(f"\n== {name}: {n} sentences of > 20 words")
    print(f"with a candidate: {len(hit)} ({100 * len(hit) / max(n, 1):.1f}%)")
    if drops:
        print(
            f"grade drop of the best candidate: median {statistics.median(drops):.2f}, "
            f"mean {statistics.mean(drops):.2f} (over the {len(drops)} with a candidate)"
        )
    print(
        f"time per sentence: median {statistics.median(times):.1f} ms, "
        f"p95 {sorted(times)[int(0.95 * (n - 1))]:.1f} ms, mean {statistics.mean(times):.1f} ms; CPU time median "
        f"{statistics.median(cpu):.1f} ms (wall time suffers when other processes share the cores)"
    )
    print("transforms:", ", ".join(f"{k} {v}" for k, v in per.most_common()))
    for text, cands in hit:
        out.write(f"\n[{name}] {text}  (grade {sentence_grade(text)})\n")
        for c in cands:
            out.write(f"  {c.code} {c.name} (grade {sentence_grade(c.text)}): {c.text}\n")
    for text, cands in rng.sample(hit, min(show, len(hit))):
        print(f"\n- {text}")
        for c in cands:
            print(f"  -> [{c.name}] {c.text}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "restructure.txt")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    get_nlp()
    print(f"parser loaded and checked in {time.perf_counter() - t0:.2f} s")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        run("formal-english", formal(args.n, rng), out, args.show, rng)
        run("email templates", templates(args.n, rng), out, args.show, rng)
    print(f"\nall candidates: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
