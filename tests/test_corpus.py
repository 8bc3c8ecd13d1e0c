"""Real inputs: every email template in the shared corpus keeps every placeholder and tag."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

import plainspeak
from plainspeak import Settings
from plainspeak.segment import segment

PLACEHOLDER = re.compile(
    r"\{\{\{.*?\}\}\}|\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|<%.*?%>|\*\|.*?\|\*|%%\w+%%|\$\{.*?\}|"
    r"\[[A-Za-z][\w .-]{0,40}\]",
    re.S,
)
URL = re.compile(r"https?://[^\s\"'<>]+")


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.seq: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.seq.append(("start", tag, tuple(attrs)))

    def handle_endtag(self, tag):
        self.seq.append(("end", tag))

    def handle_comment(self, data):
        self.seq.append(("comment", data))


def tags(html: str) -> list[tuple]:
    t = Tags()
    t.feed(html)
    t.close()
    return t.seq


@pytest.fixture(scope="module")
def rewritten(corpus: list[Path]) -> list[tuple[Path, str, plainspeak.Result]]:
    settings = Settings()  # the defaults, meaning check included
    out = []
    for path in corpus:
        text = path.read_text(encoding="utf-8")
        out.append((path, text, plainspeak.rewrite(text, settings=settings)))
    return out


def test_corpus_has_the_templates(corpus) -> None:
    assert len(corpus) >= 200


def test_every_placeholder_url_and_tag_survives(rewritten) -> None:
    changed = 0
    for path, text, result in rewritten:
        out = result.output
        assert Counter(PLACEHOLDER.findall(out)) == Counter(PLACEHOLDER.findall(text)), path
        assert Counter(URL.findall(out)) == Counter(URL.findall(text)), path
        if result.format == "html":
            assert tags(out) == tags(text), path
        changed += out != text
    assert changed >= 20, "the rule layer should improve a good share of real templates"


def test_only_copy_changed(rewritten) -> None:
    for path, text, result in rewritten:
        doc = segment(text, result.format)
        for c in result.changes:
            if c.accepted:
                assert any(s.start <= c.start and c.end <= s.end for s in doc.sentences) or c.kind == "delete", (
                    path,
                    c.before,
                )
                assert not any(c.start < p.end and p.start < c.end for p in doc.protected), (path, c.before)
