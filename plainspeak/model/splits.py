"""Where the model is asked to split a long sentence: the joints between two clauses.

Greedy decoding alone seldom splits real formal sentences (the model copies them); given the
sentence up to a joint as the start of its output (`infer.ForcedLead`), it decides itself how the
rest goes on: a new sentence ("..., and this APR is" -> "... . This APR is"), or the same one.
A joint is a semicolon, or ", and" / ", but" / ", so" before a word that can begin a clause with its
subject ("the", "we", "this", ...), with at least MIN_WORDS words on each side, and no word before
it that opens a clause the second part may belong to ("situations in which X, and Y": Y is part of
the situations, so a split would change the meaning; the licence refuses such splits too).
"""

from __future__ import annotations

import re

from .auxgrams import words
from .licence import SPLIT_BLOCKERS, SUBJECT_START

MIN_WORDS = 5
MAX_JOINTS = 2  # per sentence: each is one more decoding job
_JOINT = re.compile(r"(?:;|,\s+(?:and|but|so))\s+(?=(\w+)(,?))")
_ADVERBS = frozenset("however therefore instead otherwise meanwhile also".split())  # "; however, we ..."


def split_leads(sentence: str) -> list[str]:
    """The sentence up to each joint where a split may go (at most MAX_JOINTS, longest first part last)."""
    out: list[str] = []
    for m in _JOINT.finditer(sentence):
        head, tail = sentence[: m.start()], sentence[m.end() :]
        nxt, comma = m.group(1), m.group(2)
        if nxt != nxt.lower() or not (nxt in SUBJECT_START or (nxt in _ADVERBS and comma)):
            continue
        if len(head.split()) < MIN_WORDS or len(tail.split()) < MIN_WORDS:
            continue
        if SPLIT_BLOCKERS & set(words(head)):
            break  # every later joint has the same clause before it
        out.append(head)
    return out[:MAX_JOINTS]
