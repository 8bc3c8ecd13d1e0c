"""Which words follow an auxiliary or a small word in real English: "is X", "may X", "to X", "before the".

A shipped table of every (auxiliary, verb form) and (small word, small word) pair in the training
part of the shared corpora, so the licence check can refuse a model rewrite that writes "is
finish", "may be gave" or "before to making": pairs that never occur in 5 million words of real
prose. Rebuild it after the corpora change:

    python -m plainspeak.model.training.word_pairs --write
"""

from __future__ import annotations

import functools
import gzip
import re
from pathlib import Path

from ..inflect import lemminflect
from ..text import word_keys

TABLE = Path(__file__).with_name("word_pairs.txt.gz")
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


@functools.cache
def _can_be_verb(word: str) -> bool:
    return "VERB" in lemminflect().getAllLemmas(word)


def _checked(first: str, second: str) -> bool:
    return (first in AFTER and _can_be_verb(second)) or (first in SMALL and second in SMALL)


def words(text: str) -> list[str]:
    """Lower-case words with straight apostrophes: how the table is built and how the edit check reads a rewrite."""
    return word_keys(text)


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
