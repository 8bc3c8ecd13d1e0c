"""Render: apply a chosen set of changes to the source; everything else stays byte-identical."""

from __future__ import annotations

from collections.abc import Iterable

from .changes import Change
from .errors import PlainspeakError


def apply_changes(source: str, changes: Iterable[Change], base: int = 0) -> tuple[str, dict[str, tuple[int, int]]]:
    """Apply non-overlapping changes to `source` (whose first character sits at `base`).

    Returns the new text and each change's [start, end) in it. A deletion that begins a
    sentence capitalizes the letter that now starts it.
    """
    out: list[str] = []
    spans: dict[str, tuple[int, int]] = {}

    def local(at: int) -> int:  # changes may reach past a sentence
        return min(max(at - base, 0), len(source))

    pos = base
    length = 0
    capitalize_at: list[int] = []
    prev: Change | None = None
    for c in sorted(changes, key=lambda c: c.start):
        if prev is not None and c.start < prev.end:
            raise PlainspeakError(
                "E014", f"changes {prev.id} and {c.id} rewrite the same words; accept one of them", "accept"
            )
        prev = c
        gap = source[local(pos) : local(c.start)]
        out.append(gap)
        length += len(gap)
        spans[c.id] = (length, length + len(c.after))
        out.append(c.after)
        length += len(c.after)
        if c.sentence_start and (not c.after or c.after[:1].islower()) and c.before[:1].isupper():
            capitalize_at.append(length - len(c.after))
        pos = c.end
    out.append(source[local(pos) :])
    text = "".join(out)
    if capitalize_at:
        chars = list(text)
        for at in capitalize_at:
            i = at
            while i < len(chars) and chars[i].isspace():
                i += 1
            if i < len(chars) and chars[i].islower():
                chars[i] = chars[i].upper()
        text = "".join(chars)
    return text, spans
