"""Quality and speed of the sentence-rewrite model, side by side with the copy baseline and the rules.

    python bench/quality.py [--data build/model-data] [--model default] [--n 300] [--formal 200]

Dev sets (built by `plainspeak train` / plainspeak.model.data from documents held out of training):
  dev_plain     real plain sentences, jargonized (references: the real sentences)
  dev_identity  real plain sentences as they are (a rewriter should leave them alone)
  dev_formal    real formal/legal sentences (no references: grade, meaning, safety only)
Systems: copy (the input), rules (plainspeak with model 'none'), model (its top constrained candidate,
unverified), rules+model (plainspeak with the model, verified). Every number comes from this one run.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from plainspeak.embeddings import get_embedder  # noqa: E402
from plainspeak.model.evaluate import read_dev  # noqa: E402
from plainspeak.model.infer import get_rewriter  # noqa: E402
from plainspeak.model.metrics import corpus_chrf, corpus_sari, invented, protected_survival  # noqa: E402
from plainspeak.pipeline import rewrite  # noqa: E402
from plainspeak.readability import sentence_grade  # noqa: E402
from plainspeak.settings import Settings  # noqa: E402

System = Callable[[list[str]], list[str]]


def systems(model: str) -> dict[str, System]:
    rules_only = Settings(model="none")
    with_model = Settings(model=model)
    rewriter = get_rewriter(model)
    assert rewriter is not None, "no model to benchmark"

    def model_alone(src: list[str]) -> list[str]:
        cands = rewriter.generate(src, n=1, beams=4)
        return [c[0] if c else s for c, s in zip(cands, src)]

    return {
        "copy": lambda src: list(src),
        "rules": lambda src: [rewrite(s, "text", rules_only).output for s in src],
        "model": model_alone,
        "rules+model": lambda src: [rewrite(s, "text", with_model).output for s in src],
    }


def row(name: str, src: list[str], out: list[str], refs: list[str] | None) -> dict[str, object]:
    emb = get_embedder()
    kept = [protected_survival(s, o) for s, o in zip(src, out)]
    sims = [emb.similarity(s, o) if s != o else 1.0 for s, o in zip(src, out)]
    r: dict[str, object] = {
        "system": name,
        "SARI": round(corpus_sari(src, out, [[x] for x in refs]), 2) if refs else None,
        "chrF": round(corpus_chrf(out, refs), 2) if refs else None,
        "FKGL in": round(statistics.mean(sentence_grade(s) for s in src), 2),
        "FKGL out": round(statistics.mean(sentence_grade(o) for o in out), 2),
        "meaning": round(statistics.mean(sims), 3),
        "kept %": round(100 * sum(k for k, _ in kept) / max(1, sum(t for _, t in kept)), 2),
        "invented %": round(100 * sum(invented(s, o) for s, o in zip(src, out)) / len(src), 2),
        "changed %": round(100 * sum(s != o for s, o in zip(src, out)) / len(src), 1),
    }
    return r


def table(title: str, rows: list[dict[str, object]]) -> str:
    cols = list(rows[0])
    lines = [f"\n## {title}\n", "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        lines.append("| " + " | ".join("-" if r[c] is None else str(r[c]) for c in cols) + " |")
    return "\n".join(lines)


def speed(model: str, sentences: list[str]) -> str:
    import importlib

    t = time.perf_counter()
    infer = importlib.reload(importlib.import_module("plainspeak.model.infer"))
    rewriter = infer.get_rewriter(model)
    load_s = time.perf_counter() - t
    one = []
    for s in sentences[:40]:
        t = time.perf_counter()
        rewriter.generate([s], n=3)
        one.append(time.perf_counter() - t)
    one1 = []
    for s in sentences[:40]:
        t = time.perf_counter()
        rewriter.generate([s], n=1, beams=1)
        one1.append(time.perf_counter() - t)
    t = time.perf_counter()
    rewriter.generate(sentences[:128], n=1, beams=1, batch_size=32)
    greedy_rate = min(128, len(sentences)) / (time.perf_counter() - t)
    t = time.perf_counter()
    rewriter.generate(sentences[:128], n=3, batch_size=32)
    beam_rate = min(128, len(sentences)) / (time.perf_counter() - t)
    import torch
    return (f"\n## Speed ({torch.get_num_threads()} torch threads)\n\n"
            f"- model load after import: {load_s:.2f} s\n"
            f"- one sentence, 3 candidates (beam 4): p50 {1000 * statistics.median(one):.0f} ms, "
            f"p95 {1000 * sorted(one)[int(0.95 * len(one)) - 1]:.0f} ms\n"
            f"- one sentence, greedy: p50 {1000 * statistics.median(one1):.0f} ms\n"
            f"- batched (32), greedy: {greedy_rate:.0f} sentences/s; batched (32), 3 candidates: {beam_rate:.0f} sentences/s\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(ROOT / "build" / "model-data"))
    ap.add_argument("--model", default="default")
    ap.add_argument("--n", type=int, default=300, help="dev_plain pairs")
    ap.add_argument("--formal", type=int, default=150, help="dev_formal sentences")
    ap.add_argument("--identity", type=int, default=100, help="dev_identity sentences")
    ap.add_argument("--no-speed", action="store_true")
    args = ap.parse_args()
    data = Path(args.data)
    sets = [("dev_plain: held-out real plain sentences, jargonized (refs = the originals)", "dev_plain", args.n, True),
            ("dev_formal: held-out real formal/legal sentences (no refs)", "dev_formal", args.formal, False),
            ("dev_identity: held-out real plain sentences, unchanged (refs = inputs)", "dev_identity", args.identity, True)]
    syst = systems(args.model)
    print(f"# plainspeak quality: model {args.model}")
    for title, name, n, has_refs in sets:
        rows = read_dev(data / f"{name}.jsonl.gz", n)
        src = [r["src"] for r in rows]
        refs = [r["ref"] for r in rows] if has_refs else None
        out_rows = []
        for sname, fn in syst.items():
            t = time.perf_counter()
            out = fn(src)
            r = row(sname, src, out, refs)
            r["s/sent"] = round((time.perf_counter() - t) / len(src), 3)
            out_rows.append(r)
        print(table(f"{title}, n={len(src)}", out_rows), flush=True)
    if not args.no_speed:
        print(speed(args.model, [r["src"] for r in read_dev(data / "dev_formal.jsonl.gz", 200)]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
