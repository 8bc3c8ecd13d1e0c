"""Quality and speed of the sentence-rewrite model, side by side with the copy baseline and the rules.

    python bench/quality.py [--data build/model-data] [--model default] [--n 300] [--formal 150]
                            [--save]   # also write bench/results/quality.json and regenerate the model card
    python bench/quality.py --sample 100 [--seed 79]   # 100 changed sentences of held-out real text, to read

Dev sets (built by `plainspeak train` / plainspeak.model.training.data from documents held out of training):
  dev_plain     real plain sentences, jargonized (references: the real sentences)
  dev_identity  real plain sentences as they are (a rewriter should leave them alone)
  dev_formal    real formal/legal sentences (no references: grade, meaning, safety only)
Systems: copy (the input), rules (plainspeak with model 'none'), model (its greedy constrained output,
unverified), rules+model (plainspeak with the model, verified and licensed; "model rewrites %" is the
share of sentences where a model rewrite was accepted). Every number comes from this one run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "quality.json"
sys.path.insert(0, str(ROOT))

from plainspeak.embeddings import get_embedder  # noqa: E402
from plainspeak.model import stage as model_stage  # noqa: E402
from plainspeak.model.rewriter import get_rewriter  # noqa: E402
from plainspeak.model.training.evaluate import read_dev  # noqa: E402
from plainspeak.model.training.metrics import corpus_chrf, corpus_sari, invented, protected_survival  # noqa: E402
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
        cands = rewriter.generate(src, n=1, beams=1, batch_size=32)
        return [c[0] if c else s for c, s in zip(cands, src)]

    def rules_and_model(src: list[str]) -> list[str]:
        results = [rewrite(s, "text", with_model) for s in src]
        MODEL_ACCEPTED[:] = [any(c.origin == "model" and c.accepted for c in r.changes) for r in results]
        return [r.output for r in results]

    return {
        "copy": lambda src: list(src),
        "rules": lambda src: [rewrite(s, "text", rules_only).output for s in src],
        "model": model_alone,
        "rules+model": rules_and_model,
    }


MODEL_ACCEPTED: list[bool] = []  # per sentence of the last rules+model run: was a model rewrite accepted?
SPEED: dict[str, dict[str, float]] = {}


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


def speed(model: str, sentences: list[str], label: str) -> str:
    import importlib

    import torch

    t = time.perf_counter()
    infer = importlib.reload(importlib.import_module("plainspeak.model.rewriter"))
    rewriter = infer.get_rewriter(model)
    load_s = time.perf_counter() - t
    rewriter.generate(sentences[:2], n=1, beams=1)  # warm-up
    few = sentences[:40]

    def per_sentence(fn: Callable[[str], object]) -> list[float]:
        times = []
        for s in few:
            t = time.perf_counter()
            fn(s)
            times.append(time.perf_counter() - t)
        return sorted(times)

    def rate(fn: Callable[[list[str]], object], batch: list[str], runs: int = 3) -> float:
        """Sentences per second: the median of `runs` passes (the first pass also meets new batch shapes)."""
        rates = []
        for _ in range(runs):
            t = time.perf_counter()
            fn(batch)
            rates.append(len(batch) / (time.perf_counter() - t))
        return statistics.median(rates)

    greedy = per_sentence(lambda s: rewriter.generate([s], n=1, beams=1))
    tasks = per_sentence(lambda s: rewriter.propose([s], model_stage.TASKS))
    beam = per_sentence(lambda s: rewriter.generate([s], n=3))
    many = sentences[:128]
    fast = "on" if rewriter.fast is not None else "off (not an mBART checkpoint)"
    p50 = lambda xs: 1000 * statistics.median(xs)
    p95 = lambda xs: 1000 * xs[int(0.95 * len(xs)) - 1]
    batched = rate(lambda b: rewriter.generate(b, n=1, beams=1, batch_size=32), many)
    SPEED[label] = {"load_s": load_s, "greedy_p50_ms": p50(greedy), "batched_per_s": batched}
    return (
        f"\n## Speed ({torch.get_num_threads()} torch threads; fast greedy path {fast}; "
        f"{len(few)} single sentences, {len(many)} batched, from {label})\n\n"
        f"- model load after import: {load_s:.2f} s\n"
        f"- one sentence, greedy: p50 {p50(greedy):.0f} ms, p95 {p95(greedy):.0f} ms\n"
        f"- one sentence, the pipeline's candidates ({len(model_stage.TASKS)} prefixes, greedy): "
        f"p50 {p50(tasks):.0f} ms, "
        f"p95 {p95(tasks):.0f} ms\n"
        f"- one sentence, 3 candidates by beam search (4 beams): p50 {p50(beam):.0f} ms\n"
        f"- batched greedy (32 per batch, median of 3 passes): {batched:.0f} sentences/s; "
        f"64 per batch: {rate(lambda b: rewriter.generate(b, n=1, beams=1, batch_size=64), many):.0f} sentences/s\n"
        f"- batched pipeline candidates (32 per batch): "
        f"{rate(lambda b: rewriter.propose(b, model_stage.TASKS, batch_size=32), many):.0f} sentences/s\n"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--data",
        default=str(ROOT / "build" / "model-data"),
        help="folder with the dev sets that `plainspeak train` builds (default build/model-data)",
    )
    ap.add_argument("--model", default="default", help="'default' (the shipped model) or a seq2seq directory")
    ap.add_argument("--n", type=int, default=300, help="dev_plain pairs")
    ap.add_argument("--formal", type=int, default=150, help="dev_formal sentences")
    ap.add_argument("--identity", type=int, default=100, help="dev_identity sentences")
    ap.add_argument("--no-speed", action="store_true", help="skip the speed measurements")
    ap.add_argument(
        "--save",
        nargs="?",
        const=str(RESULTS),
        metavar="JSON",
        help="write every table of this run to JSON (default bench/results/quality.json, from which "
        "`python -m plainspeak.generate`, run here too, writes the model card's Benchmark section)",
    )
    ap.add_argument(
        "--sample",
        type=int,
        metavar="N",
        help="instead: print N randomly drawn changed sentences (before/after) from the held-out formal "
        "paragraphs and e-mail templates, for reading (bench/plainer.py's sets and sample; --seed picks the draw)",
    )
    ap.add_argument("--seed", type=int, help="with --sample: the seed of the draw (default plainer.py's)")
    args = ap.parse_args()
    if args.sample:
        import plainer  # bench/plainer.py: the held-out real-text sets

        extra = ["--seed", str(args.seed)] if args.seed is not None else []
        return plainer.main(
            ["--n-formal", "60", "--n-templates", "60", "--n-ose", "0", "--systems", plainer.FULL]
            + ["--model", args.model, "--sample", str(args.sample), *extra]
        )
    data = Path(args.data)
    sets = [
        ("dev_plain: held-out real plain sentences, jargonized (refs = the originals)", "dev_plain", args.n, True),
        ("dev_formal: held-out real formal/legal sentences (no refs)", "dev_formal", args.formal, False),
        ("dev_identity: held-out real plain sentences, unchanged (refs = inputs)", "dev_identity", args.identity, True),
    ]
    syst = systems(args.model)
    print(f"# plainspeak quality: model {args.model}")
    tables: dict[str, list[dict[str, object]]] = {}
    sizes: dict[str, int] = {}
    for title, name, n, has_refs in sets:
        rows = read_dev(data / f"{name}.jsonl.gz", n)
        if not rows:
            print(f"\n## {title}\n\nno sentences in {data / f'{name}.jsonl.gz'}: skipped", flush=True)
            continue
        src = [r["src"] for r in rows]
        refs = [r["ref"] for r in rows] if has_refs else None
        out_rows = []
        for sname, fn in syst.items():
            t = time.perf_counter()
            out = fn(src)
            r = row(sname, src, out, refs)
            r["s/sent"] = round((time.perf_counter() - t) / len(src), 3)
            r["model rewrites %"] = round(100 * sum(MODEL_ACCEPTED) / len(src), 1) if sname == "rules+model" else None
            out_rows.append(r)
        print(table(f"{title}, n={len(src)}", out_rows), flush=True)
        tables[name] = out_rows
        sizes[name] = len(src)
    if not args.no_speed:
        for name in ("dev_plain", "dev_formal"):
            rows = read_dev(data / f"{name}.jsonl.gz", 200)
            words = statistics.mean(len(r["src"].split()) for r in rows[:128])
            print(speed(args.model, [r["src"] for r in rows], f"{name}, {words:.0f} words on average"))
    if args.save and not {"dev_plain", "dev_formal"} <= set(tables):
        print("\nthe saved figures need dev_plain and dev_formal: not written", file=sys.stderr)
        return 1
    if args.save:
        saved = Path(args.save).resolve()
        saved.parent.mkdir(parents=True, exist_ok=True)
        saved.write_text(
            json.dumps({"model": args.model, "tables": tables, "sizes": sizes, "speed": SPEED}, indent=1) + "\n",
            encoding="utf-8",
        )
        print(f"\nwrote {saved}")
        if saved == RESULTS:
            from plainspeak import generate

            generate.main([])
    return 0


if __name__ == "__main__":
    sys.exit(main())
