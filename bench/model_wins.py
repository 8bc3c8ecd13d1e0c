"""Every sentence where a model rewrite was accepted, before and after, for reading.

    python bench/model_wins.py [--model DIR] [--seed 13] [--formal 60] [--ose 300] [--templates 60]

The sets are bench/plainer.py's (held-out formal paragraphs, OneStopEnglish sentences, e-mail
templates, drawn with --seed), with the pipeline's defaults and target grade 8. Counting how many of
these are wrong is how a new model is judged before it ships (docs/model.md, "Training on a GPU"):
the benchmark's "model won %" says how often the model wins, not whether it should have."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import plainer

from plainspeak.settings import Settings


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="default", help="'default' (the shipped model) or a model directory")
    ap.add_argument("--seed", type=int, default=plainer.SEED, help="the draw of the sets (plainer.py's seed)")
    ap.add_argument("--formal", type=int, default=60, help="held-out formal paragraphs")
    ap.add_argument("--ose", type=int, default=300, help="held-out OneStopEnglish sentences")
    ap.add_argument("--templates", type=int, default=60, help="e-mail templates")
    ap.add_argument("--corpus", type=Path, default=plainer.CORPUS)
    args = ap.parse_args(argv)
    docs = (
        plainer.formal_paragraphs(args.corpus, args.formal, seed=args.seed)
        + plainer.ose_sentences(args.corpus, args.ose, seed=args.seed)[0]
        + (plainer.templates(args.corpus, args.templates, seed=args.seed) if args.templates else [])
    )
    settings = Settings(target_grade=8, model=args.model)
    n = tried = 0
    for doc in docs:
        for s in plainer.run_doc(doc, settings).sents:
            tried += any(note.startswith("model") for note in s.notes)
            if "model" in s.origins:
                n += 1
                print(f"[{n}] {doc.name}\n  before: {s.src}\n  after:  {s.out}\n")
    print(f"{n} model rewrites accepted of {tried} sentences the model tried ({len(docs)} documents, seed {args.seed})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
