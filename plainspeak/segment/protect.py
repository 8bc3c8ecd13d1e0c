"""Protected spans: text that no rewrite may touch and that must survive byte for byte.

Each detector is a named regex. Matches from all detectors are merged by union, so a
URL that contains a placeholder is protected as one piece; the merged span keeps the
kind of its highest-priority detector (the order of DETECTORS).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_TLD = r"(?:com|org|net|gov|edu|io|co|uk|us|ca|de|fr|eu|info|biz|app|dev|me|ly|ai)"

# (kind, pattern). Order is priority when merged spans need one kind.
DETECTORS: list[tuple[str, re.Pattern[str]]] = [
    ("placeholder", re.compile(r"\{\{\{[^{}]{0,200}\}\}\}", re.S)),  # {{{raw}}}
    ("placeholder", re.compile(r"\{\{[^{}]{0,200}?\}\}", re.S)),  # {{x}} {{#each}} {{/if}}
    ("placeholder", re.compile(r"\{%.{0,400}?%\}", re.S)),  # {% tag %}
    ("placeholder", re.compile(r"\{#.{0,400}?#\}", re.S)),  # {# comment #}
    ("placeholder", re.compile(r"<%.{0,400}?%>", re.S)),  # <%= erb %> <%sendgrid%>
    ("placeholder", re.compile(r"\*\|[^|*\s]{1,60}\|\*")),  # *|FNAME|*
    ("placeholder", re.compile(r"%%[A-Za-z_][A-Za-z0-9_.:-]{0,60}%%")),  # %%X%%
    ("placeholder", re.compile(r"(?<![\w%])%[A-Za-z_][A-Za-z0-9_.:-]{0,60}%(?![\w%])")),  # %FIRSTNAME%
    ("placeholder", re.compile(r"\$\{[^{}\n]{1,100}\}")),  # ${x}
    ("placeholder", re.compile(r"\[(?=[^\]\n]*[A-Z_])[A-Za-z][A-Za-z0-9_ .-]{0,40}\](?![(\[:])")),  # [Sender_Name]
    # a direct quotation (a statute, a form's label, a customer's words) keeps its words: “...” or "..."
    ("quote", re.compile(r"“[^“”\n]{1,300}”")),
    ("quote", re.compile(r'(?<![\w"])"(?=\S)[^"\n]{1,300}(?<=\S)"(?![\w"])')),
    ("url", re.compile(r"(?:https?://|ftp://|mailto:|www\.)[^\s<>\"'`]+[^\s<>\"'`.,;:!?)\]]", re.I)),
    ("email", re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\b")),
    ("url", re.compile(rf"\b(?:[a-z0-9-]+\.)+{_TLD}\b(?:/[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]])?", re.I)),
    ("money", re.compile(r"[$€£¥]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:million|billion|bn|m|k)\b)?", re.I)),
    ("money", re.compile(r"\b\d[\d,]*(?:\.\d+)?\s?(?:USD|EUR|GBP|CAD|AUD|dollars|euros|pounds|cents)\b", re.I)),
    ("percent", re.compile(r"\b\d+(?:\.\d+)?\s?(?:%|percent\b|per cent\b)", re.I)),
    ("date", re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?\b")),
    ("date", re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b")),
    ("date", re.compile(rf"\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b")),
    ("date", re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b(?:,?\s+\d{{4}})?")),
    ("date", re.compile(r"\b\d{1,2}:\d{2}(?:\s?[ap]\.?m\.?)?", re.I)),
    (
        "phone",
        re.compile(r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d{3,4}[\s.-]\d{3,4}(?:[\s.-]\d{2,4})?\b"),
    ),
    ("number", re.compile(r"\b\d[\d,]*(?:\.\d+)?(?:st|nd|rd|th|s)?\b")),
]
ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


@dataclass(frozen=True)
class Span:
    """A protected stretch of the source: [start, end) in source characters."""

    start: int
    end: int
    kind: str
    text: str


def _terms_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    words = sorted({t for t in terms if t.strip()}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")


def find_protected(
    text: str,
    *,
    offset: int = 0,
    terms: Iterable[str] = (),
    entities: bool = False,
    extra: Iterable[tuple[int, int, str]] = (),
) -> list[Span]:
    """Protected spans of `text`, in source coordinates (`offset` is added).

    `terms` are user-protected words (brand and product names), matched case-sensitively.
    `entities` also protects HTML character references. `extra` adds spans found by a
    format-specific segmenter (Markdown code, link targets), relative to `text`.
    A sentence is scanned by the segmenter, the analysis, the verifier and the restructure stage:
    without `extra`, the spans are remembered per text (the same spans, a new list each call).
    """
    extra = tuple(extra)
    if extra:
        return _find(text, offset, tuple(terms), entities, extra)
    return list(_find_cached(text, offset, tuple(terms), entities))


@functools.lru_cache(maxsize=8192)
def _find_cached(text: str, offset: int, terms: tuple[str, ...], entities: bool) -> tuple[Span, ...]:
    return tuple(_find(text, offset, terms, entities, ()))


def _find(
    text: str, offset: int, terms: tuple[str, ...], entities: bool, extra: tuple[tuple[int, int, str], ...]
) -> list[Span]:
    found: list[tuple[int, int, int, str]] = []  # start, end, priority, kind
    detectors = list(DETECTORS)
    if entities:
        detectors.insert(0, ("entity", ENTITY))
    term_re = _terms_pattern(terms)
    if term_re is not None:
        detectors.insert(0, ("term", term_re))
    for priority, (kind, rx) in enumerate(detectors):
        for m in rx.finditer(text):
            if m.end() > m.start():
                found.append((m.start(), m.end(), priority, kind))
    for s, e, kind in extra:
        found.append((s, e, -1, kind))
    found.sort()
    merged: list[list] = []  # [start, end, priority, kind]
    for s, e, p, k in found:
        if merged and s < merged[-1][1]:
            last = merged[-1]
            last[1] = max(last[1], e)
            if p < last[2]:
                last[2], last[3] = p, k
        else:
            merged.append([s, e, p, k])
    return [Span(s + offset, e + offset, k, text[s:e]) for s, e, _, k in merged]


class Spanned(Protocol):
    start: int
    end: int


def overlaps(start: int, end: int, spans: Iterable[Spanned]) -> bool:
    """Does [start, end) overlap any of the spans (protected spans, changes)?"""
    return any(start < sp.end and sp.start < end for sp in spans)
