"""Does the meaning check's bfloat16 precision change what plainspeak writes? And how much faster is it?

    python bench/embedding_precision.py [--n-formal 120] [--n-ose 300] [--n-templates 1000] [--seed 29]
                                        [--json-out bench/results/embedding_precision.json]

The torch runtime of the meaning check (`plainspeak/minilm_torch.py`) runs its dense layers in
bfloat16 where the CPU has native bfloat16 dot products (`PLAINSPEAK_EMBEDDING_PRECISION=auto`).
This benchmark rewrites the held-out dev sets of `bench/plainer.py` (formal paragraphs,
OneStopEnglish sentences, the e-mail templates) with every stage on, once per precision, each in its
own process, and prints:
  outputs identical   documents whose rewrite is the same text with either precision
  meaning checks      the (reference, rewrite) pairs the float32 run measured, each measured again
                      in both precisions: largest and 99th-percentile gap in similarity, how many
                      of the similarities the verdicts report (3 decimals) differ, and how many
                      accept/refuse decisions flip at each threshold the pipeline uses
  ms per batch        median time to embed 12 of those sentences, per precision, and the ratio
Every number comes from this one run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

PRECISIONS = ("float32", "bfloat16")


def rewrite_all(args: argparse.Namespace, pairs_out: Path | None) -> dict[str, str]:
    """Rewrite every dev document with the full pipeline in this process (its precision comes from
    PLAINSPEAK_EMBEDDING_PRECISION); with `pairs_out`, also write the meaning checks' text pairs."""
    import plainer

    from plainspeak.embeddings import Embedder

    pairs: list[tuple[str, str]] = []
    if pairs_out is not None:
        measured = Embedder.similarity

        def similarity(self: Embedder, a: str, b: str) -> float:
            pairs.append((a, b))
            return measured(self, a, b)

        Embedder.similarity = similarity  # type: ignore[method-assign]
    settings = plainer.settings_for(plainer.FULL, args.target)
    ose, _ = plainer.ose_sentences(plainer.CORPUS, args.n_ose, args.seed)
    docs = (
        plainer.formal_paragraphs(plainer.CORPUS, args.n_formal, seed=args.seed)
        + ose
        + plainer.templates(plainer.CORPUS, args.n_templates)
    )
    out = {f"{i}:{d.name}": plainer.run_doc(d, settings).output for i, d in enumerate(docs)}
    if pairs_out is not None:
        pairs_out.write_text(json.dumps(list(dict.fromkeys(pairs))), encoding="utf-8")
    return out


def child(args: argparse.Namespace) -> int:
    out = rewrite_all(args, Path(args.pairs_out) if args.pairs_out else None)
    Path(args.child_out).write_text(json.dumps(out), encoding="utf-8")
    return 0


def run_child(args: argparse.Namespace, precision: str, work: Path, pairs: bool) -> dict[str, str]:
    out = work / f"outputs-{precision}.json"
    cmd = [sys.executable, __file__, "--child-out", str(out), *_passthrough(args)]
    if pairs:
        cmd += ["--pairs-out", str(work / "pairs.json")]
    env = dict(os.environ, PLAINSPEAK_EMBEDDING_PRECISION=precision)
    subprocess.run(cmd, check=True, env=env)
    return json.loads(out.read_text(encoding="utf-8"))


def _passthrough(args: argparse.Namespace) -> list[str]:
    return [
        *("--n-formal", str(args.n_formal), "--n-ose", str(args.n_ose), "--n-templates", str(args.n_templates)),
        *("--seed", str(args.seed), "--target", str(args.target)),
    ]


def compare_pairs(pairs: list[tuple[str, str]], thresholds: list[float]) -> dict[str, Any]:
    import torch

    from plainspeak.embeddings import Embedder

    torch.set_num_threads(1)
    embedders = {p: Embedder(runtime="torch", precision=p) for p in PRECISIONS}
    texts = list(dict.fromkeys(t for pair in pairs for t in pair))
    timings: dict[str, list[float]] = {p: [] for p in PRECISIONS}
    for i in range(0, len(texts), 12):
        for p, e in embedders.items():  # the two precisions take turns: the machine's noise hits both
            t0 = time.perf_counter()
            e.encode(texts[i : i + 12])
            timings[p].append((time.perf_counter() - t0) * 1000)
    gaps, reported, flips = [], 0, {t: 0 for t in thresholds}
    for a, b in pairs:
        exact, fast = (embedders[p].similarity(a, b) for p in PRECISIONS)
        gaps.append(abs(exact - fast))
        reported += round(exact, 3) != round(fast, 3)
        for t in thresholds:
            flips[t] += (round(exact, 3) >= t) != (round(fast, 3) >= t)
    gaps.sort()
    ms = {p: statistics.median(v) for p, v in timings.items()}
    return {
        "pairs": len(pairs),
        "texts": len(texts),
        "max_gap": gaps[-1] if gaps else None,
        "p99_gap": gaps[int(0.99 * (len(gaps) - 1))] if gaps else None,
        "reported_similarities_differing": reported,
        "decision_flips": {str(t): n for t, n in flips.items()},
        "ms_per_12_sentences": {p: round(v, 1) for p, v in ms.items()},
        "speedup": round(ms["float32"] / ms["bfloat16"], 2) if ms["bfloat16"] else None,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--n-formal", type=int, default=120, help="formal paragraphs (default 120)")
    p.add_argument("--n-ose", type=int, default=300, help="OneStopEnglish sentences (default 300)")
    p.add_argument("--n-templates", type=int, default=1000, help="templates, at most (default: all)")
    p.add_argument("--seed", type=int, default=29, help="seed of the formal and OneStopEnglish draws (default 29)")
    p.add_argument("--target", type=float, default=8.0, help="target grade (default 8)")
    p.add_argument("--json-out", default=str(REPO / "bench" / "out" / "embedding_precision.json"))
    p.add_argument("--child-out", help=argparse.SUPPRESS)
    p.add_argument("--pairs-out", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child_out:
        return child(args)

    from plainspeak.embeddings import cpu_has_bfloat16
    from plainspeak.model.stage import MODEL_SIMILARITY
    from plainspeak.restructure.stage import SIMILARITY
    from plainspeak.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        outputs = {pr: run_child(args, pr, work, pairs=pr == "float32") for pr in PRECISIONS}
        pairs = [tuple(x) for x in json.loads((work / "pairs.json").read_text(encoding="utf-8"))]
    thresholds = sorted({Settings().similarity_threshold, SIMILARITY, MODEL_SIMILARITY})
    same = sum(outputs["float32"][k] == outputs["bfloat16"].get(k) for k in outputs["float32"])
    figures: dict[str, Any] = {
        "machine": {"cpu_bfloat16": cpu_has_bfloat16(), "python": platform.python_version()},
        "documents": len(outputs["float32"]),
        "outputs_identical": same,
        "meaning_checks": compare_pairs(pairs, thresholds),  # type: ignore[arg-type]
    }
    m = figures["meaning_checks"]
    print(f"CPU with native bfloat16: {figures['machine']['cpu_bfloat16']}")
    print(f"documents rewritten: {figures['documents']}; outputs identical in both precisions: {same}")
    print(
        f"meaning checks: {m['pairs']} pairs; similarity gap max {m['max_gap']:.5f}, p99 {m['p99_gap']:.5f}; "
        f"reported similarities (3 decimals) differing: {m['reported_similarities_differing']}"
    )
    print("decisions flipped: " + ", ".join(f"at {t}: {n}" for t, n in m["decision_flips"].items()))
    ms = m["ms_per_12_sentences"]
    print(
        f"ms per 12 sentences (median, 1 thread): float32 {ms['float32']}, bfloat16 {ms['bfloat16']}; {m['speedup']}x"
    )
    Path(args.json_out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json_out).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json_out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
