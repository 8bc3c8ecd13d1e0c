"""Markdown: copy is everything except code, front matter, link targets and raw HTML."""

from __future__ import annotations

import re

_FENCE = re.compile(r"^(?P<f>`{3,}|~{3,})[^\n]*\n.*?(?:^(?P=f)[ \t]*$|\Z)", re.M | re.S)
_FRONT_MATTER = re.compile(r"\A(?:---|\+\+\+)\n.*?\n(?:---|\+\+\+)[ \t]*(?:\n|\Z)", re.S)
_INDENTED_CODE = re.compile(r"(?:(?<=\n\n)|\A)(?:(?: {4}|\t)[^\n]*(?:\n|\Z))+")
_PROTECT = [
    re.compile(r"`+[^`\n]+?`+"),  # inline code
    re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)"),  # images, alt text included
    re.compile(r"\]\([^)\n]*\)"),  # link destination
    re.compile(r"\]\[[^\]\n]*\]"),  # reference link label
    re.compile(r"^ {0,3}\[[^\]\n]+\]:[^\n]*$", re.M),  # reference definition
    re.compile(r"<[A-Za-z/!][^>\n]*>"),  # inline HTML tags and autolinks
    re.compile(r"^ {0,3}#{1,6}(?=\s)", re.M),  # heading markers
    re.compile(r"^ {0,3}(?:[-*_] *){3,}$", re.M),  # thematic breaks
]


def markdown_regions(source: str) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]]]:
    """(regions, protected) for Markdown: regions skip code blocks and front matter."""
    blocked: list[tuple[int, int]] = []
    for rx in (_FRONT_MATTER, _FENCE, _INDENTED_CODE):
        blocked += [(m.start(), m.end()) for m in rx.finditer(source)]
    blocked.sort()
    regions: list[tuple[int, int]] = []
    pos = 0
    for s, e in blocked:
        if s > pos:
            regions.append((pos, s))
        pos = max(pos, e)
    if pos < len(source):
        regions.append((pos, len(source)))
    protected = [(m.start(), m.end(), "markup") for rx in _PROTECT for m in rx.finditer(source)]
    return [(s, e) for s, e in regions if source[s:e].strip()], protected
