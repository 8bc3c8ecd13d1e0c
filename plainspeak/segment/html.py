"""HTML text-node extraction with Python's HTML parser, keeping exact source offsets.

Only text nodes are copy. Tags, attributes, comments (Outlook `<!--[if mso]>` blocks
included), doctype, and the contents of script/style/pre/code/textarea and similar
elements are never regions.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

SKIP_ELEMENTS = {"script", "style", "pre", "code", "textarea", "template", "svg", "math", "kbd", "samp", "var", "head"}
_NEWLINE = re.compile("\n")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _TextNodes(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [m.end() for m in _NEWLINE.finditer(source)]
        self.skip: list[str] = []
        self.runs: list[list[int]] = []  # [start, end] of raw text runs
        self._open_run: list[int] | None = None

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _text(self, raw_len: int) -> None:
        start = self._pos()
        if self.skip:
            return
        if self._open_run is not None and self._open_run[1] == start:
            self._open_run[1] = start + raw_len
        else:
            self._open_run = [start, start + raw_len]
            self.runs.append(self._open_run)

    def _markup(self) -> None:
        self._open_run = None

    def handle_data(self, data: str) -> None:
        start = self._pos()
        if self.source[start : start + len(data)] != data:  # parser and source disagree
            raise ValueError(f"HTML offsets lost at {start}")
        self._text(len(data))

    def handle_entityref(self, name: str) -> None:
        start = self._pos()
        raw = "&" + name + (";" if self.source.startswith(";", start + 1 + len(name)) else "")
        self._text(len(raw))

    def handle_charref(self, name: str) -> None:
        start = self._pos()
        raw = "&#" + name + (";" if self.source.startswith(";", start + 2 + len(name)) else "")
        self._text(len(raw))

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._markup()
        if tag in SKIP_ELEMENTS and tag not in _VOID:
            self.skip.append(tag)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self._markup()

    def handle_endtag(self, tag: str) -> None:
        self._markup()
        if tag in self.skip:
            while self.skip:  # close up to the matching element (tolerates broken nesting)
                if self.skip.pop() == tag:
                    break

    def handle_comment(self, data: str) -> None:
        self._markup()

    def handle_decl(self, decl: str) -> None:
        self._markup()

    def handle_pi(self, data: str) -> None:
        self._markup()

    def unknown_decl(self, data: str) -> None:
        self._markup()


def html_text_runs(source: str) -> list[tuple[int, int]]:
    """[start, end) source ranges of the text nodes that may be rewritten."""
    parser = _TextNodes(source)
    parser.feed(source)
    parser.close()
    return [(s, e) for s, e in parser.runs if source[s:e].strip()]
