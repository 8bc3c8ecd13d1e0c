"""Build the shipped word-pair table (`plainspeak/model/word_pairs.txt.gz`) from the corpora's training documents.

python -m plainspeak.model.training.word_pairs --write
"""

from __future__ import annotations

import argparse
import gzip
import sys
from collections import Counter
from pathlib import Path

from ..word_pairs import SMALL, TABLE, pairs
from .data import CORPUS, FORMAL, PLAIN, BuildConfig, held_out, read, split_formal

MIN_COUNT = 2  # two small words must occur together at least twice


def build(corpus: Path, seed: int = 13) -> list[str]:
    """Every pair in the corpora's training documents (the model's held-out documents stay out)."""
    cfg = BuildConfig()
    plain = [r for r in read(corpus / PLAIN) if not held_out(r["source"], seed, cfg.dev_share)]
    formal = read(corpus / FORMAL)
    dev = split_formal(formal, seed, cfg.dev_formal_sources)
    found: Counter[tuple[str, str]] = Counter()
    for r in plain + [r for r in formal if r["source"] not in dev]:
        found.update(pairs(r["text"]))
    # two small words must occur together at least twice ("under to" once, in a heading, is noise)
    return sorted(f"{a} {b}" for (a, b), n in found.items() if n >= MIN_COUNT or not (a in SMALL and b in SMALL))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m plainspeak.model.training.word_pairs", description=__doc__.split("\n")[0]
    )
    ap.add_argument("--corpus", default=str(CORPUS), help="folder holding plain-english/ and formal-english/")
    ap.add_argument("--write", action="store_true", help=f"write {TABLE.name} (default: print how many pairs)")
    args = ap.parse_args(argv)
    rows = build(Path(args.corpus))
    if args.write:
        with gzip.GzipFile(TABLE, "wb", mtime=0) as f:
            f.write("".join(r + "\n" for r in rows).encode())
    print(f"{len(rows)} pairs" + (f" written to {TABLE}" if args.write else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
