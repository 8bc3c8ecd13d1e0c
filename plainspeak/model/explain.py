"""Explain a model rewrite in words a marketer understands, by comparing input and output."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..readability import sentence_grade, syllables, word_count
from ..rules.style import passive

_STOP = r"[.!?][\"'’”)\]]*\s+"
FULL_STOP = re.compile(_STOP)  # where a sentence may end
SENTENCE_END = re.compile(_STOP + r"(?=[\"'“‘(\[]?[A-Z0-9])")  # ... and a new one starts


def sentence_count(text: str) -> int:
    return len(SENTENCE_END.findall(text.strip())) + 1 if text.strip() else 0


def describe(before: str, after: str, swaps: Sequence[tuple[str, str]] = ()) -> tuple[str, str]:
    """(message, reason): what the rewrite did, and why that helps the reader. `swaps` are the rule
    replacements the rewrite used (jargon, plain; plain "" for filler it dropped)."""
    parts: list[str] = []
    wb, wa = word_count(before), word_count(after)
    sb, sa = sentence_count(before), sentence_count(after)
    if sa > sb:
        parts.append(f"split a {wb}-word sentence into {sa}" if sb == 1 else f"split {sb} sentences into {sa}")
    pb, pa = len(passive(before, [])), len(passive(after, []))
    if pb > pa:
        parts.append("active voice")
    if wa <= 0.85 * wb:
        parts.append(f"shorter wording ({wb} -> {wa} words)")
    plain = [f"'{j}' -> '{p}'" for j, p in swaps if p]
    dropped = [f"'{j}'" for j, p in swaps if not p]
    if plain:
        parts.append("plain words (" + ", ".join(plain[:3]) + (", ..." if len(plain) > 3 else "") + ")")
    elif wb and wa and syllables(after) / wa < syllables(before) / wb - 0.05:
        parts.append("simpler words")
    if dropped:
        parts.append("dropped " + ", ".join(dropped[:2]) + (", ..." if len(dropped) > 2 else ""))
    if not parts:
        parts.append("plainer wording")
    gb, ga = sentence_grade(before), sentence_grade(after)
    message = "rewrote the sentence: " + ", ".join(parts)
    reason = f"Shorter, active sentences with everyday words are easier to read (grade {gb:g} -> {ga:g})."
    return message, reason
