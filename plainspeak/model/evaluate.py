"""A quick held-out check at the end of training: the model alone against copying the input."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from .metrics import corpus_chrf, corpus_sari, invented, protected_survival


def read_dev(path: Path, n: int = 0) -> list[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    return rows[:n] if n else rows


def quick_eval(model_dir: Path, data_dir: Path, n: int = 200, **_: object) -> dict[str, object]:
    """chrF and SARI of the model's greedy output and of the copy baseline on n dev_plain pairs."""
    from .infer import Rewriter

    rows = read_dev(Path(data_dir) / "dev_plain.jsonl.gz", n)
    rewriter = Rewriter(Path(model_dir))
    src = [r["src"] for r in rows]
    refs = [r["ref"] for r in rows]
    cands = rewriter.generate(src, n=1, beams=1)  # greedy, as bench/quality.py scores "model alone"
    out = [c[0] if c else s for c, s in zip(cands, src)]
    kept = [protected_survival(s, o) for s, o in zip(src, out)]
    return {
        "dev_pairs": len(rows),
        "chrf_model": round(corpus_chrf(out, refs), 2),
        "chrf_copy": round(corpus_chrf(src, refs), 2),
        "sari_model": round(corpus_sari(src, out, [[r] for r in refs]), 2),
        "sari_copy": round(corpus_sari(src, src, [[r] for r in refs]), 2),
        "protected_survival": round(sum(k for k, _ in kept) / max(1, sum(t for _, t in kept)), 4),
        "invented_rate": round(sum(invented(s, o) for s, o in zip(src, out)) / max(1, len(rows)), 4),
        "no_candidate": sum(1 for c in cands if not c),
    }
