"""`plainspeak rewrite --jsonl` copies fields besides id, text and format into the output line (issue 14)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from plainspeak.errors import PlainspeakError
from plainspeak.jsonl import OUTPUT_FIELDS, extra_fields

EXTRA = {"locale": "en-GB", "revision": 12, "meta": {"path": ["news", "a.md"], "draft": False}, "note": None}


def run(*args: str, stdin: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "plainspeak", *args], input=stdin, capture_output=True, text=True, timeout=180
    )


def test_extra_fields_are_copied_unchanged_in_both_output_shapes():
    lines = [
        json.dumps({"id": "a", "text": "We will utilize your feedback.", **EXTRA}),
        json.dumps({"text": "", "locale": "fr"}),  # an error line keeps them too
        json.dumps({"id": "c", "text": "Hi.", "output": "mine"}),
    ]  # a clash: refused, named
    stdin = "\n".join(lines) + "\n"
    for shape in ([], ["--json"]):
        p = run("rewrite", "--jsonl", "--no-meaning-check", "--model", "none", *shape, stdin=stdin)
        assert p.returncode == 4, p.stderr
        a, b, c = (json.loads(line) for line in p.stdout.splitlines())
        assert a["id"] == "a" and a["output"] == "We will use your feedback."
        assert {k: a[k] for k in EXTRA} == EXTRA
        assert list(a)[-len(EXTRA) :] == list(EXTRA)  # after the result, in their order
        assert b["id"] == 2 and b["error"]["code"] == "E001" and b["locale"] == "fr"
        assert c["error"]["code"] == "E011" and c["error"]["field"] == "output" and "mine" not in p.stdout


def test_extra_fields_helper():
    assert extra_fields({"id": 1, "text": "x", "format": "html", "b": 2, "a": 1}, 1) == {"b": 2, "a": 1}
    assert extra_fields({"text": "x"}, 1) == {}
    with pytest.raises(PlainspeakError) as exc:
        extra_fields({"text": "x", "scores": 1, "error": 2}, 3)
    assert exc.value.code == "E011" and exc.value.field == "error" and "line 3" in exc.value.message
    assert {"output", "error", "changes", "version"} <= OUTPUT_FIELDS
