"""Batch over every file of the shared email-template corpus (211 real templates).

One full run with the default settings (meaning check on) in a module-scoped fixture;
every per-file assertion reads its outputs. The dask engine then runs the same batch on
a local cluster of 2 workers and must give byte-identical outputs.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from plainspeak.batch import run_batch

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus" / "email-templates"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CORPUS.is_dir(), reason=f"the shared corpus is not at {CORPUS} (CI clones shared/ beside the repository)"
    ),
]

# Placeholder syntaxes, written independently of plainspeak's own detectors (the corpus
# README's regexes, plus the syntaxes the fixtures cover).
PLACEHOLDERS = [
    re.compile(r"\{\{\{\s*[^{}]+?\s*\}\}\}"),
    re.compile(r"\{\{\s*(?:[#/^]\s*[A-Za-z_][^{}]*?|else)\s*\}\}"),
    re.compile(r"(?<!\{)\{\{(?![{#/^!%])\s*(?!else\s*\}\})[^{}]+?\s*\}\}(?!\})"),
    re.compile(r"\{%-?\s*[^%]+?\s*-?%\}", re.S),
    re.compile(r"\{#.+?#\}", re.S),
    re.compile(r"\*\|[A-Za-z0-9_:\-]+\|\*"),
    re.compile(r"(?<![<%])%%?[A-Za-z][A-Za-z0-9_]{2,}%%?(?!>)"),
    re.compile(r"<%=?\s*[^%>]+?\s*%>"),
    re.compile(r"\$\{[^}]+\}"),
    re.compile(r"\[(?:[A-Z][A-Za-z]+_)+[A-Za-z]+\]|\[(?:Sender|Unsubscribe|FirstName|First_Name)[A-Za-z_ ]*\]"),
]


def placeholders(text: str) -> Counter:
    return Counter((i, m.group(0)) for i, rx in enumerate(PLACEHOLDERS) for m in rx.finditer(text))


class Markup(HTMLParser):
    """Tags with attributes, comments and declarations in order, and the text-node ranges."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.items: list = []
        self.text: list[tuple[int, int]] = []
        self.raw = False

    def pos(self) -> int:
        line, col = self.getpos()
        return self.starts[line - 1] + col

    def handle_starttag(self, tag, attrs):
        self.items.append(("start", tag, attrs))
        self.raw = tag in ("script", "style")

    def handle_startendtag(self, tag, attrs):
        self.items.append(("startend", tag, attrs))

    def handle_endtag(self, tag):
        self.items.append(("end", tag))
        self.raw = False

    def handle_comment(self, data):
        self.items.append(("comment", data))

    def handle_decl(self, decl):
        self.items.append(("decl", decl))

    def unknown_decl(self, data):
        self.items.append(("unknown_decl", data))

    def handle_data(self, data):
        if self.raw:
            self.items.append(("raw", data))
        else:
            self.text.append((self.pos(), self.pos() + len(data)))

    def handle_entityref(self, name):
        self.text.append((self.pos(), self.pos() + len(name) + 2))

    def handle_charref(self, name):
        self.text.append((self.pos(), self.pos() + len(name) + 3))


def parse(source: str) -> Markup:
    p = Markup(source)
    p.feed(source)
    p.close()
    return p


def merged(ranges):
    out: list[list[int]] = []
    for s, e in sorted(ranges):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return out


def corpus_files() -> list[str]:
    if not CORPUS.is_dir():
        return []
    return sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*") if p.is_file())


FILES = corpus_files()
TEMPLATES = [f for f in FILES if f.endswith((".html", ".txt"))]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus") / "out"
    before = {f: hashlib.sha256((CORPUS / f).read_bytes()).hexdigest() for f in FILES}
    report = run_batch(CORPUS, out)  # default settings: the meaning check (MiniLM) is on
    after = {f: hashlib.sha256((CORPUS / f).read_bytes()).hexdigest() for f in FILES}
    data = json.loads(Path(report.report_json).read_text(encoding="utf-8"))
    return {
        "out": out,
        "report": report,
        "json": data,
        "records": {r["path"]: r for r in data["files"]},
        "originals_unchanged": before == after,
    }


def test_corpus_has_the_documented_files():
    assert len(TEMPLATES) + sum(f.endswith(".json") for f in FILES) == 211


def test_run_succeeds_and_reports(run):
    report = run["report"]
    assert report.exit_code == 0, [r["error"] for r in report.failed]
    assert run["originals_unchanged"]
    t = run["json"]["totals"]
    assert t["failed"] == 0
    assert t["rewritten"] + t["unchanged"] == len(TEMPLATES)
    assert t["rewritten"] > 0 and t["changes_applied"] > 0
    html = Path(report.report_html).read_text(encoding="utf-8")
    assert "plainspeak batch report" in html and "Changes by category" in html


def test_every_file_is_in_the_output(run):
    for f in FILES:
        assert (run["out"] / f).is_file(), f


@pytest.mark.parametrize("rel", [f for f in FILES if not f.endswith((".html", ".txt"))])
def test_non_templates_are_copied_unchanged(run, rel):
    rec = run["records"][rel]
    assert rec["status"] == "copied" and rec["kind"] is None
    assert (run["out"] / rel).read_bytes() == (CORPUS / rel).read_bytes()


@pytest.mark.parametrize("rel", TEMPLATES)
def test_template_fidelity(run, rel):
    src = (CORPUS / rel).read_bytes().decode("utf-8")
    out = (run["out"] / rel).read_bytes().decode("utf-8")
    rec = run["records"][rel]
    assert rec["status"] in ("rewritten", "unchanged"), rec.get("error")
    assert (rec["status"] == "rewritten") == (src != out)

    # every placeholder occurrence is still there
    assert placeholders(src) == placeholders(out)

    # replaying the reported changes on the input gives exactly the output: nothing else moved
    applied = [c for p in rec["parts"] for c in p["changes"] if c["accepted"]]
    pieces, pos = [], 0
    for c in sorted(applied, key=lambda c: c["source_span"][0]):
        s, e = c["source_span"]
        assert src[s:e] == c["before"]
        pieces += [src[pos:s], c["after"]]
        pos = e
    pieces.append(src[pos:])
    replay = "".join(pieces)
    if replay != out:  # a deletion that starts a sentence re-capitalises the next letter
        assert replay.lower() == out.lower() and len(replay) == len(out)

    tokens = [(m.start(), m.end()) for rx in PLACEHOLDERS for m in rx.finditer(src)]
    for c in applied:
        s, e = c["source_span"]
        assert not any(s < te and ts < e for ts, te in tokens), f"change {c} touches a placeholder"

    if rel.endswith(".html"):
        pin, pout = parse(src), parse(out)
        # the same tags and attributes (and comments, doctype, CSS) in the same order
        assert pin.items == pout.items
        # what changed was text: every change lies inside one text node
        text = merged(pin.text)
        for c in applied:
            s, e = c["source_span"]
            assert any(a <= s and e <= b for a, b in text), f"change {c['before']!r} at {s}-{e} is not in a text node"


def test_dask_engine_gives_identical_outputs(run, tmp_path):
    pytest.importorskip("distributed", reason="the distributed extra is not installed")
    out = tmp_path / "dask-out"
    report = run_batch(CORPUS, out, engine="dask", workers=2)
    assert report.exit_code == 0, [r["error"] for r in report.failed]
    assert report.engine == "dask" and report.workers == 2
    for f in FILES:
        assert (out / f).read_bytes() == (run["out"] / f).read_bytes(), f
