"""Rule-based sentence splitting that respects protected spans, abbreviations and lists."""

from __future__ import annotations

import re

from .protect import Span

ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "sr",
    "jr",
    "st",
    "mt",
    "vs",
    "etc",
    "e.g",
    "i.e",
    "eg",
    "ie",
    "no",
    "nos",
    "inc",
    "ltd",
    "co",
    "corp",
    "llc",
    "dept",
    "est",
    "approx",
    "fig",
    "vol",
    "p",
    "pp",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "ref",
    "acct",
    "tel",
    "ext",
    "a.m",
    "p.m",
    "u.s",
    "u.k",
    "u.s.a",
    "sec",
    "art",
    "cf",
    "al",
    "gov",
}
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)")
_LIST_MARKER = re.compile(r"[ \t]*(?:[-*+•–]|\d{1,3}[.)]|[a-z][.)])[ \t]+")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


def _inside(pos: int, spans: list[Span]) -> bool:
    return any(sp.start <= pos < sp.end for sp in spans)


def _is_abbreviation(text: str, dot: int) -> bool:
    m = _WORD_BEFORE.search(text, 0, dot)
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    return word in ABBREVIATIONS or len(word) == 1 or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word))


def _breaks(text: str, protected: list[Span], offset: int) -> list[int]:
    """Positions (relative to text) where a new sentence starts."""
    cuts: set[int] = set()
    for m in _END.finditer(text):
        end = m.end()
        if _inside(m.start() + offset, protected):
            continue
        nxt = re.compile(r"\s+").match(text, end)
        if not nxt:
            continue
        start = nxt.end()
        if start >= len(text):
            continue
        ch = text[start]
        if not (ch.isupper() or ch.isdigit() or ch in "\"'“‘([{*%$<&" or _inside(start + offset, protected)):
            continue
        if text[m.start()] == "." and m.end() - m.start() == 1 and _is_abbreviation(text, m.start()):
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        if _LIST_MARKER.fullmatch(text[line_start:start]):  # "1. Call us": a list number, not an end
            continue
        cuts.add(start)
    # line structure: blank lines always break; a newline breaks before a list item,
    # after a line ending in sentence punctuation or a colon, and around short headings.
    lines = list(re.finditer(r"\n", text))
    for nl in lines:
        start = nl.end()
        while start < len(text) and text[start] in " \t\r":
            start += 1
        if start >= len(text) or _inside(nl.start() + offset, protected):
            continue
        prev_line = text[text.rfind("\n", 0, nl.start()) + 1 : nl.start()].strip()
        if (
            text[start] == "\n"
            or not prev_line
            or _LIST_MARKER.match(text, start)
            or prev_line[-1] in ".!?:;"
            or _LIST_MARKER.match(prev_line + " ")
            or (len(prev_line.split()) <= 6 and prev_line[-1] not in ",")
        ):
            cuts.add(start)
    return sorted(cuts)


def split_sentences(text: str, protected: list[Span], offset: int = 0) -> list[tuple[int, int]]:
    """Sentence spans in source coordinates, whitespace and list markers trimmed off."""
    cuts = [0] + _breaks(text, protected, offset) + [len(text)]
    spans: list[tuple[int, int]] = []
    for a, b in zip(cuts, cuts[1:]):
        piece = text[a:b]
        lead = len(piece) - len(piece.lstrip())
        marker = _LIST_MARKER.match(piece, lead)
        if marker:
            lead = marker.end()
        trail = len(piece.rstrip())
        if trail > lead:
            spans.append((a + lead + offset, a + trail + offset))
    return spans
