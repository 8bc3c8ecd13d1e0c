"""The longest piece of literal text every match of a regex must contain: a cheap test before the regex.

About 90 rules have no first-word prefilter (a regex that can open with several words, a phrase with
alternatives); trying each on every sentence costs more than all the other rules together. Most of
them still need some fixed text ("apologi", "hesitate", "policy"), so `RuleIndex` tries such a rule only
on sentences that hold it (`fold(sentence)` contains it). The regex decides as before; this only skips
sentences it could not match. tests/test_rules.py checks that no hit changes.
"""

from __future__ import annotations

import re
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]

MIN_LENGTH = 3  # shorter text ("of", "to") is in nearly every sentence: no gain
# characters that re.IGNORECASE matches to an ASCII letter but str.lower() does not turn into it
_FOLD = str.maketrans({"ı": "i", "ſ": "s"})
_REPEATS = {c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT}


def fold(text: str) -> str:
    """The form of a sentence that `required_literal`'s text is looked for in."""
    return text.lower().translate(_FOLD)


def _runs(items: object) -> list[str]:
    """The literal runs that every match of this parsed sequence must contain."""
    runs: list[str] = []
    cur: list[str] = []

    def flush() -> None:
        if cur:
            runs.append("".join(cur))
            cur.clear()

    for op, av in items:  # type: ignore[attr-defined]
        if op is c.LITERAL:
            cur.append(chr(av))
            continue
        flush()
        if op is c.SUBPATTERN:
            runs.extend(_runs(av[-1]))
        elif op is c.ATOMIC_GROUP:
            runs.extend(_runs(av))
        elif op in _REPEATS and av[0] >= 1:
            runs.extend(_runs(av[2]))
        elif op is c.BRANCH and av[1]:
            runs.extend(sorted(set.intersection(*(set(_runs(alt)) for alt in av[1]))))
        # anything else (a class, a lookaround, an anchor, a repeat that may be empty) promises no text
    flush()
    return runs


def required_literal(source: str, flags: int = re.IGNORECASE) -> str | None:
    """The longest text (folded, at least MIN_LENGTH characters) in every match of `source`, or None."""
    try:
        parsed = _parser.parse(source, flags)
    except re.error:
        return None
    runs = [fold(r) for r in _runs(parsed) if len(r) >= MIN_LENGTH]  # folding never shortens a run
    return max(runs, key=len) if runs else None
