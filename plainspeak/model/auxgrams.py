"""Which words follow an auxiliary in real English: the corpora's "is X", "may X", "has X", "to X".

A shipped table of every (auxiliary, verb-form) pair in the training part of the shared corpora, so
the licence check can refuse a model rewrite that writes "is finish" or "may be gave": pairs that
never occur in 5 million words of real prose. Rebuild it after the corpora change:

    python -m plainspeak.model.auxgrams --write
"""
from __future__ import annotations

import argparse
import functools
import gzip
import re
import sys
from pathlib import Path

from lemminflect import getAllLemmas

TABLE = Path(__file__).with_name("auxgrams.txt.gz")
AFTER = frozenset("am is are was were be been being has have had do does did will would shall should can could "
                  "may might must to".split())
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")


@functools.cache
def _can_be_verb(word: str) -> bool:
    return "VERB" in getAllLemmas(word)


def pairs(text: str) -> set[tuple[str, str]]:
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
    return {(a, b) for a, b in zip(words, words[1:]) if a in AFTER and _can_be_verb(b)}


@functools.cache
def _table() -> frozenset[str]:
    with gzip.open(TABLE, "rt", encoding="utf-8") as f:
        return frozenset(line.rstrip("\n") for line in f)


def attested(first: str, second: str) -> bool:
    """True unless `first` is an auxiliary, `second` can be a verb, and the corpora never show the pair."""
    if first not in AFTER or not _can_be_verb(second):
        return True
    return f"{first} {second}" in _table()


def build(corpus: Path, seed: int = 13) -> list[str]:
    """Every pair in the corpora's training documents (the model's held-out documents stay out)."""
    from .data import FORMAL, PLAIN, BuildConfig, held_out, read, split_formal

    cfg = BuildConfig()
    plain = [r for r in read(corpus / PLAIN) if not held_out(r["source"], seed, cfg.dev_share)]
    formal = read(corpus / FORMAL)
    dev = split_formal(formal, seed, cfg.dev_formal_sources)
    found: set[tuple[str, str]] = set()
    for r in plain + [r for r in formal if r["source"] not in dev]:
        found |= pairs(r["text"])
    return sorted(f"{a} {b}" for a, b in found)


def main(argv: list[str] | None = None) -> int:
    from .data import CORPUS

    ap = argparse.ArgumentParser(prog="python -m plainspeak.model.auxgrams", description=__doc__.split("\n")[0])
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
