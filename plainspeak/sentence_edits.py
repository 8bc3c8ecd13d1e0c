"""A whole-sentence rewrite as edits: the spans of the sentence it changes, trimmed to whole words and
never touching a protected item, so a model or restructuring rewrite becomes ordinary `Change`s."""

from __future__ import annotations

from dataclasses import replace

from .changes import Change
from .render import apply_changes
from .segment import Sentence


def _boundary(t: str, i: int) -> bool:
    """Is position i of t between words (or at an end), so an edit never starts or ends inside a word?"""
    return i <= 0 or i >= len(t) or not (t[i - 1].isalnum() and t[i].isalnum())


def _trim(before: str, after: str) -> tuple[int, int]:
    """Lengths of the common prefix and suffix, cut back to word boundaries."""
    p = 0
    while p < min(len(before), len(after)) and before[p] == after[p]:
        p += 1
    while p > 0 and not (_boundary(before, p) and _boundary(after, p)):
        p -= 1
    q = 0
    while q < min(len(before), len(after)) - p and before[-1 - q] == after[-1 - q]:
        q += 1
    while q > 0 and not (_boundary(before, len(before) - q) and _boundary(after, len(after) - q)):
        q -= 1
    return p, q


def pieces(sentence: Sentence, cand: str) -> list[tuple[int, int, str]] | None:
    """The rewrite as edits between the sentence's protected items: (start, end, replacement) in
    document offsets, each trimmed to whole words, none touching an item. None when the rewrite
    moves an item (then it cannot be applied without rewriting around a placeholder)."""
    text, base = sentence.text, sentence.start
    spans = sorted((sp.start - base, sp.end - base) for sp in sentence.protected)
    src = [0] + [x for sp in spans for x in sp] + [len(text)]
    dst, pos = [0], 0
    for a, b in spans:
        at = cand.find(text[a:b], pos)
        if at < 0:
            return None
        dst += [at, at + b - a]
        pos = at + b - a
    dst.append(len(cand))
    out = []
    for k in range(0, len(src), 2):
        before, after = text[src[k] : src[k + 1]], cand[dst[k] : dst[k + 1]]
        if before == after:
            continue
        p, q = _trim(before, after)
        out.append((base + src[k] + p, base + src[k + 1] - q, after[p : len(after) - q]))
    return out


def pieces_over(sentence: Sentence, applied: list[Change], cand: str) -> list[tuple[int, int, str]] | None:
    """A rewrite of the sentence with `applied` changes in it (the rules' result) as edits of the original
    sentence that leave each of those changes whole, so they stay the reader's own to accept or reject:
    (start, end, replacement) in document offsets, or None when an edit would cut into one of them. The
    caller checks that `applied` and the edits together give `cand` (a deletion that opens the sentence
    re-capitalizes the word after it, which no edit here accounts for)."""
    if not applied:
        return pieces(sentence, cand)
    base = sentence.start
    current, spans = apply_changes(sentence.text, applied, base=base)
    order = sorted(applied, key=lambda c: c.start)
    # each applied change: its span in `current` and how much longer it made the text
    placed = [(spans[c.id], len(c.after) - (c.end - c.start)) for c in order]

    def to_current(at: int) -> int:  # a sentence offset outside every change
        return at + sum(grow for c, (_, grow) in zip(order, placed) if c.end - base <= at)

    protected = [
        replace(sp, start=to_current(sp.start - base), end=to_current(sp.end - base)) for sp in sentence.protected
    ]
    edits = pieces(replace(sentence, start=0, end=len(current), text=current, protected=protected), cand)
    if edits is None:
        return None
    out = []
    for a, b, new in edits:
        if any(a < ce and cs < b or cs == ce == a == b for (cs, ce), _ in placed):
            return None
        shift = sum(grow for (_, ce), grow in placed if ce <= a)
        out.append((base + a - shift, base + b - shift, new))
    return out


def as_changes(
    sentence: Sentence,
    edits: list[tuple[int, int, str]],
    *,
    rule: str,
    category: str,
    message: str,
    reason: str,
    origin: str,
    negation_ok: bool = False,
) -> list[Change]:
    """The edits of one whole-sentence rewrite (from `pieces`) as unverified reframe `Change`s, one per edit."""
    return [
        Change(
            id="",
            sentence=sentence.index,
            start=a,
            end=b,
            before=sentence.text[a - sentence.start : b - sentence.start],
            after=new,
            rule=rule,
            category=category,
            kind="reframe",
            message=message,
            reason=reason,
            origin=origin,
            safe=False,
            negation_ok=negation_ok,
        )
        for a, b, new in edits
    ]
