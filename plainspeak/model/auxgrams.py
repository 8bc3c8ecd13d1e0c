"""Which words follow an auxiliary or a small word in real English: "is X", "may X", "to X", "before the".

A shipped table of every (auxiliary, verb form) and (small word, small word) pair in the training
part of the shared corpora, so the licence check can refuse a model rewrite that writes "is
finish", "may be gave" or "before to making": pairs that never occur in 5 million words of real prose. Rebuild it after the corpora change:

    python -m plainspeak.model.auxgrams --write
"""

from __future__ import annotations

import argparse
import functools
import gzip
import re
import sys
from collections import Counter
from pathlib import Path

from lemminflect import getAllLemmas

TABLE = Path(__file__).with_name("auxgrams.txt.gz")
AFTER = frozenset(
    "am is are was were be been being has have had do does did will would shall should can could "
    "may might must to".split()
)
# articles, prepositions, conjunctions: "before to", "an the", "of of" are never English
SMALL = frozenset(
    "a an the to of in on at by for with from into onto upon about as than before after until since "
    "because if unless while when whether or and but nor so under over between among through during "
    "against without within toward towards across along around behind beyond per via".split()
)
MIN_COUNT = 2
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")


@functools.cache
def _can_be_verb(word: str) -> bool:
    return "VERB" in getAllLemmas(word)


def _checked(first: str, second: str) -> bool:
    return (first in AFTER and _can_be_verb(second)) or (first in SMALL and second in SMALL)


def words(text: str) -> list[str]:
    """Lower-case words with straight apostrophes: how the table is built and how the licence reads a rewrite."""
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


_BREAK = re.compile(r"[^\w\s'’-]+")  # punctuation between two words: they are not a pair ("may be. Get")


def adjacent(text: str) -> list[tuple[str, str]]:
    """Neighbouring words with only spaces (or a hyphen, an apostrophe) between them, in order; and
    an auxiliary with the word after an -ly adverb that follows it ("be continuously investigate"
    gives ("be", "investigate") as well as the neighbours)."""
    out: list[tuple[str, str]] = []
    for chunk in _BREAK.split(text):
        ws = words(chunk)
        for i, (a, b) in enumerate(zip(ws, ws[1:])):
            out.append((a, b))
            if a in AFTER and b.endswith("ly") and i + 2 < len(ws):
                out.append((a, ws[i + 2]))
    return out


def pairs(text: str) -> set[tuple[str, str]]:
    return {(a, b) for a, b in adjacent(text) if _checked(a, b)}


@functools.cache
def _table() -> frozenset[str]:
    with gzip.open(TABLE, "rt", encoding="utf-8") as f:
        return frozenset(line.rstrip("\n") for line in f)


def attested(first: str, second: str) -> bool:
    """True unless the pair is checked (an auxiliary and a possible verb, or two small words) and the
    corpora never show it."""
    if not _checked(first, second):
        return True
    return f"{first} {second}" in _table()


def build(corpus: Path, seed: int = 13) -> list[str]:
    """Every pair in the corpora's training documents (the model's held-out documents stay out)."""
    from .data import FORMAL, PLAIN, BuildConfig, held_out, read, split_formal

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
