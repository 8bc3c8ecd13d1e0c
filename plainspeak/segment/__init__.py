"""Stage 1, segment: find the copy in a document, its sentences and its protected spans."""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import PlainspeakError
from .html import html_text_runs
from .markdown import markdown_regions
from .protect import Span, find_protected
from .sentences import split_sentences

FORMATS = ("auto", "text", "markdown", "html")
_HTML_HINT = re.compile(
    r"<(?:!DOCTYPE|html|body|div|p|table|td|tr|span|a|br|h[1-6]|ul|ol|li|img|strong|em|b|i|mjml|mj-\w+)\b[^>]*>", re.I
)
_INLINE_GAP = re.compile(
    r"(?:\s|</?(?:a|b|strong|em|i|u|span|font|sup|sub|small|big|mark|abbr|cite|q|s)\b[^>]*>)*", re.I
)
_MD_HINT = re.compile(r"^(?:#{1,6} |\s*[-*+] |\s*\d+\. |```|>\s)|\[[^\]]+\]\([^)]+\)|\*\*[^*]+\*\*", re.M)


@dataclass
class Sentence:
    """One sentence of copy: [start, end) in the source, with the protected spans inside it."""

    index: int
    start: int
    end: int
    text: str
    protected: list[Span] = field(default_factory=list)


@dataclass
class Document:
    source: str
    format: str
    regions: list[tuple[int, int]]
    protected: list[Span]
    sentences: list[Sentence]

    def join(self) -> str:
        """Re-assemble the document from its pieces (the identity: nothing rewritten)."""
        out, pos = [], 0
        for s, e in self.regions:
            out.append(self.source[pos:s])
            out.append(self.source[s:e])
            pos = e
        out.append(self.source[pos:])
        return "".join(out)

    def reading_sentences(self) -> list[str]:
        """The copy as a reader meets it, one sentence per item (what readability is scored on).

        In HTML, text runs split only by inline tags (`<a>`, `<b>`, ...) are one passage,
        and entities are decoded; elsewhere these are the segment sentences."""
        if self.format != "html":
            return [s.text for s in self.sentences]
        passages: list[str] = []
        prev_end: int | None = None
        for s, e in self.regions:
            text = htmllib.unescape(self.source[s:e])
            if prev_end is not None and _INLINE_GAP.fullmatch(self.source[prev_end:s]):
                passages[-1] += text
            else:
                passages.append(text)
            prev_end = e
        out: list[str] = []
        for p in passages:
            out += [p[a:b] for a, b in split_sentences(p, find_protected(p))]
        return [" ".join(x.split()) for x in out]


def detect_format(text: str) -> str:
    if _HTML_HINT.search(text):
        return "html"
    if len(_MD_HINT.findall(text)) >= 1 and ("\n" in text.strip() or "](" in text or "**" in text):
        return "markdown"
    return "text"


def segment(text: str, format: str = "auto", protected_terms: Iterable[str] = ()) -> Document:
    if format not in FORMATS:
        raise PlainspeakError("E005", f"unknown format {format!r}; use one of {', '.join(FORMATS)}", "format")
    fmt = detect_format(text) if format == "auto" else format
    terms = list(protected_terms)
    extra: list[tuple[int, int, str]] = []
    if fmt == "html":
        try:
            regions = html_text_runs(text)
        except (ValueError, AssertionError) as exc:  # pragma: no cover - parser is lenient
            raise PlainspeakError("E002", f"could not parse HTML: {exc}", "text") from exc
    elif fmt == "markdown":
        regions, extra = markdown_regions(text)
    else:
        regions = [(0, len(text))] if text.strip() else []
    protected: list[Span] = []
    sentences: list[Sentence] = []
    for s, e in regions:
        local_extra = [(a - s, b - s, k) for a, b, k in extra if a < e and s < b]
        local_extra = [(max(a, 0), min(b, e - s), k) for a, b, k in local_extra]
        spans = find_protected(text[s:e], offset=s, terms=terms, entities=(fmt == "html"), extra=local_extra)
        protected.extend(spans)
        for a, b in split_sentences(text[s:e], spans, offset=s):
            inside = [sp for sp in spans if a <= sp.start and sp.end <= b]
            sentences.append(Sentence(len(sentences), a, b, text[a:b], inside))
    return Document(text, fmt, regions, protected, sentences)


__all__ = ["Document", "Sentence", "Span", "segment", "detect_format", "FORMATS", "find_protected"]
