"""Why a sentence stays above the target grade after every stage: a note a writer can act on."""

from __future__ import annotations

import re

from .readability import syllables, word_count
from .settings import Settings
from .text import words

_LEGAL = re.compile(
    r"\b(?:shall|pursuant|herein|hereby|hereunder|thereof|therein|notwithstanding|provided that|in accordance with|"
    r"aforementioned|subject to)\b",
    re.I,
)
_ITEM = r"(?!(?:and|or)\b)[\w'’-]+(?: (?!(?:and|or)\b)[\w'’-]+){0,3}"  # up to four words, none of them "and" / "or"
# "A, B and C" / "A, B, or C" / "A, B, C": three or more items in a row
_SERIES = re.compile(rf"\b(?:{_ITEM}, ){{1,}}{_ITEM}(?P<tail>,? (?:and|or) {_ITEM})?", re.I)


def series_items(text: str) -> int:
    """The number of items in the longest inline series ("fees, charges and penalties" -> 3), or 0."""
    best = 0
    for m in _SERIES.finditer(text):
        core = m.group(0)[: m.start("tail") - m.start()] if m.group("tail") else m.group(0)
        parts = [*core.split(", "), *([m.group("tail")] if m.group("tail") else [])]
        if len(parts) == 3 and core.count(",") == 1 and any(len(p.split()) > 3 for p in parts):
            continue  # "If you pay late, we charge a fee and interest": a clause, not a series
        best = max(best, len(parts))
    return best if best >= 3 else 0


def why_above(text: str, grade: float, settings: Settings) -> str:
    """One line on why `text` (the sentence as rewritten) still reads above the target grade."""
    head = f"still above the target grade {settings.target_grade:g} (grade {grade:g})"
    items = series_items(text)
    legal = bool(_LEGAL.search(text))
    if items:
        kind = "legal condition" if legal else "series"
        return f"{head}: a {items}-item {kind} in one sentence; consider a list"
    n = word_count(text)
    if n > settings.long_sentence_words:
        return f"{head}: {n} words and no clause that splits off safely; consider two sentences"
    hard = [w for w in words(text) if syllables(w) >= 3]
    if len(hard) >= 3:
        shown = ", ".join(dict.fromkeys(hard[:3]))
        return f"{head}: {len(hard)} long words ({shown}); plainer words would help"
    if legal:
        return f"{head}: legal wording that plainspeak keeps as it is; check it with your legal team"
    return f"{head}: dense for its length; read it aloud and shorten it by hand"
