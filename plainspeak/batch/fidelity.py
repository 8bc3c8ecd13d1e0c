"""Fidelity checks a rewritten file must pass before it is written.

The core engine changes only copy, by construction. These checks are the independent
safety net that batch runs on every rewritten document (and the tests run on every
corpus file): the markup is the same token for token, every template token is still
there, and every change lies inside an HTML text node and outside any template token.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from html.parser import HTMLParser

# Every template syntax batch knows, without the length limits the core uses for speed.
# Ordered so that the longest form of each delimiter wins.
TEMPLATE_TOKEN = re.compile(
    r"\{\{!--.*?--\}\}"  # {{!-- handlebars block comment --}}
    r"|\{\{\{.*?\}\}\}"  # {{{raw}}}
    r"|\{\{.*?\}\}"  # {{x}} {{#if}} {{ x | default: "y" }} {{! comment }}
    r"|\{%.*?%\}"  # {% tag %} (Jinja, Django, Liquid)
    r"|(?<!\{)\{#.*?#\}"  # {# jinja comment #}
    r"|<%.*?%>"  # <%= erb %> <%# comment %> <%sendgrid_tag%>
    r"|%%\[.*?\]%%|%%=.*?=%%"  # AMPscript %%[ block ]%% and %%=v(@x)=%%
    r"|\*\|[^|*\s]{1,60}\|\*"  # *|FNAME|*
    r"|%%[A-Za-z_][A-Za-z0-9_.:-]{0,60}%%"  # %%X%%
    r"|(?<![\w%])%[A-Za-z_][A-Za-z0-9_.:-]{0,60}%(?![\w%])"  # %FIRSTNAME%
    r"|\$\{[^{}\n]{1,200}\}"  # ${x}
    r"|\[(?=[^\]\n]*[A-Z_])[A-Za-z][A-Za-z0-9_ .-]{0,40}\](?![(\[:])",  # [Sender_Name]
    re.S,
)


def template_tokens(text: str) -> Counter[str]:
    """Each template token (placeholder, tag, comment, merge field) with its count."""
    return Counter(m.group(0) for m in TEMPLATE_TOKEN.finditer(text))


def template_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in TEMPLATE_TOKEN.finditer(text)]


class _Markup(HTMLParser):
    """Records the markup of a document (raw start tags, end tags, comments, declarations,
    script/style contents) and the source ranges of its text nodes."""

    RAW = ("script", "style")

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.events: list[tuple[str, str]] = []
        self.text: list[list[int]] = []
        self._raw: str | None = None
        self._open = False

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _mark(self, kind: str, value: str) -> None:
        self._open = False
        self.events.append((kind, value))

    def _txt(self, length: int) -> None:
        if self._raw is not None:
            return
        start = self._pos()
        if self._open and self.text and self.text[-1][1] == start:
            self.text[-1][1] = start + length
        else:
            self.text.append([start, start + length])
        self._open = True

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._mark("start", self.get_starttag_text() or tag)
        if tag in self.RAW:
            self._raw = tag

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self._mark("startend", self.get_starttag_text() or tag)

    def handle_endtag(self, tag: str) -> None:
        self._mark("end", tag)
        if tag == self._raw:
            self._raw = None

    def handle_data(self, data: str) -> None:
        if self._raw is not None:
            self.events.append(("raw", data))
            return
        self._txt(len(data))

    def handle_entityref(self, name: str) -> None:
        start = self._pos()
        self._txt(len("&" + name) + (1 if self.source.startswith(";", start + 1 + len(name)) else 0))

    def handle_charref(self, name: str) -> None:
        start = self._pos()
        self._txt(len("&#" + name) + (1 if self.source.startswith(";", start + 2 + len(name)) else 0))

    def handle_comment(self, data: str) -> None:
        self._mark("comment", data)

    def handle_decl(self, decl: str) -> None:
        self._mark("decl", decl)

    def handle_pi(self, data: str) -> None:
        self._mark("pi", data)

    def unknown_decl(self, data: str) -> None:
        self._mark("unknown_decl", data)


def _parse(source: str) -> _Markup:
    p = _Markup(source)
    p.feed(source)
    p.close()
    return p


def markup_signature(source: str) -> list[tuple[str, str]]:
    """The markup of an HTML document in order: raw start tags (attributes byte for byte),
    end tags, comments (Outlook conditionals included), declarations, script/style text."""
    return _parse(source).events


def tags_and_attributes(source: str) -> list[tuple[str, tuple[tuple[str, str | None], ...]]]:
    """(tag, attributes) of every start tag, in order, as an HTML parser reads them."""
    out: list = []

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            out.append((tag, tuple(attrs)))

        handle_startendtag = handle_starttag

    p = P(convert_charrefs=False)
    p.feed(source)
    p.close()
    return out


def text_ranges(source: str) -> list[tuple[int, int]]:
    """[start, end) of every HTML text node (outside script and style)."""
    return [(s, e) for s, e in _parse(source).text]


def _within(a: int, b: int, ranges: Iterable[tuple[int, int]]) -> bool:
    return any(s <= a and b <= e for s, e in ranges)


def check(before: str, after: str, host: str, changes: Iterable[tuple[int, int]]) -> list[str]:
    """Problems that make `after` unsafe to write (empty: it passes).

    `changes` are the [start, end) source spans that were replaced.
    """
    problems: list[str] = []
    tb, ta = template_tokens(before), template_tokens(after)
    if tb != ta:
        lost = list((tb - ta).elements())[:3]
        new = list((ta - tb).elements())[:3]
        problems.append(f"template tokens differ (lost {lost}, new {new})")
    spans = list(changes)
    tokens = template_spans(before)
    for a, b in spans:
        if any(a < e and s < b for s, e in tokens):
            problems.append(f"a change at {a}-{b} touches a template token")
            break
    if host == "html":
        pb, pa = _parse(before), _parse(after)
        if pb.events != pa.events:
            diff = next(
                (i for i, (x, y) in enumerate(zip(pb.events, pa.events)) if x != y), min(len(pb.events), len(pa.events))
            )
            got = pa.events[diff] if diff < len(pa.events) else None
            want = pb.events[diff] if diff < len(pb.events) else None
            problems.append(f"markup differs at token {diff}: {want!r} became {got!r}")
        for a, b in spans:
            if b > a and not _within(a, b, pb.text):
                problems.append(f"a change at {a}-{b} is not inside a text node")
                break
    return problems
