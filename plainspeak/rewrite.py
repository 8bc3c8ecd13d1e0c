"""Stage 3, rewrite: turn rule hits into concrete, non-overlapping changes per sentence."""

from __future__ import annotations

import re

from .analyze import Analysis, SentenceAnalysis
from .render import Change, Flag
from .rules import Match
from .settings import Settings

_KIND_PRIORITY = {"reframe": 0, "delete": 1, "substitute": 2}


def accepted_by_default(m: Match, settings: Settings) -> bool:
    """light applies only safe rules; the others are still proposed, for a human to accept."""
    return settings.strength != "light" or m.rule.safe or m.rule.category == "glossary"


def _span_for_deletion(text: str, s: int, e: int, at_start: bool) -> tuple[int, int]:
    """Widen a deletion so that no stray comma or double space is left behind."""
    before, after = text[:s], text[e:]
    if at_start:  # starts the sentence: take ", " after it
        m = re.match(r"\s*[,;:]?\s*", after)
        return s, e + (m.end() if m else 0)
    lead = re.search(r",\s*$", before)
    trail = re.match(r"\s*,", after)
    if lead and trail:  # ", as per X, we" -> " we"
        return lead.start(), e + trail.end()
    if re.match(r"\s*[.!?]*\s*$", after):  # ends the sentence: take " ," before it
        m = re.search(r"[\s,;:]*$", before)
        return (m.start() if m else s), e
    m = re.match(r"\s+", after)
    return s, e + (m.end() if m else 0)


def sentence_changes(sa: SentenceAnalysis, settings: Settings) -> tuple[list[Match], list[Match]]:
    """(fixes, flags): the fixes chosen greedily, longest and strongest first, never overlapping."""
    fixes = [m for m in sa.hits if m.replacement is not None]
    flags = [m for m in sa.hits if m not in fixes]
    fixes.sort(
        key=lambda m: (m.rule.category != "glossary", -(m.end - m.start), _KIND_PRIORITY.get(m.rule.kind, 3), m.start)
    )
    chosen: list[Match] = []
    for m in fixes:
        if all(m.end <= c.start or c.end <= m.start for c in chosen):
            chosen.append(m)  # a losing overlap is not proposed
    return sorted(chosen, key=lambda m: m.start), flags


def _whole_sentence_gap(source: str, start: int, end: int) -> tuple[int, int]:
    """A deleted sentence takes the space after it (or, last in its line, the space before it)."""
    after = re.match(r"[ \t]+", source[end:])
    if after and end + after.end() < len(source) and source[end + after.end()] not in "\r\n<":
        return start, end + after.end()
    before = re.search(r"[ \t]+$", source[:start])
    return (before.start() if before else start), end


def propose(analysis: Analysis, settings: Settings) -> tuple[list[Change], list[Flag]]:
    changes: list[Change] = []
    flags: list[Flag] = []
    for sa in analysis.sentences:
        s = sa.sentence
        fixes, hits = sentence_changes(sa, settings)
        prot = sa.protected_local
        taken = 0  # end of the previous change in this sentence
        start_gone = 0  # the sentence's opening text up to here is all being deleted
        for m in fixes:
            a, b = (m.start, m.end)
            at_start = not s.text[start_gone:a].strip()
            if m.rule.kind == "delete":
                a, b = _span_for_deletion(s.text, a, b, at_start)
                a = max(a, taken)
                if any(a < pe and ps < b for ps, pe in prot):
                    a, b = m.start, m.end
                if at_start:
                    start_gone = b
            taken = b
            lo, hi = s.start + a, s.start + b
            if m.rule.kind == "delete" and a == 0 and b == len(s.text):
                if not re.search(r"[.!?][\"'”’)\]]*\s*$", s.text):
                    continue  # a fragment that runs on into markup: deleting it strands the rest
                lo, hi = _whole_sentence_gap(analysis.document.source, lo, hi)
                lo = max(lo, changes[-1].end if changes else 0)  # two deleted sentences share one space
            changes.append(
                Change(
                    id=f"c{len(changes) + 1}",
                    sentence=s.index,
                    start=lo,
                    end=hi,
                    before=analysis.document.source[lo:hi],
                    after=m.replacement or "",
                    rule=m.rule.code,
                    category=m.rule.category,
                    kind=m.rule.kind,
                    message=m.rule.message,
                    reason=m.rule.reason,
                    origin="rule",
                    safe=m.rule.safe,
                    alternatives=list(m.alternatives),
                    sentence_start=at_start,
                    negation_ok=m.rule.negation_ok,
                    accepted_by_default=accepted_by_default(m, settings),
                )
            )
        for m in hits:
            if m.replacement is None:
                flags.append(
                    Flag(
                        s.index,
                        s.start + m.start,
                        s.start + m.end,
                        m.text,
                        m.rule.code,
                        m.rule.category,
                        m.rule.message,
                        m.rule.reason,
                    )
                )
    return changes, flags
