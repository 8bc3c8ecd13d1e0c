"""A change that would break a template token is dropped on its own (issue 14): the file is
still written with its other changes, and the report lists the dropped change.

The fixtures reproduce the E032 case: a rule changed "additional" to "extra" inside
`{{ render_text("You have added ... as an additional mailbox.") }}`, a token the core cannot see
whole (markup or braces inside it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from plainspeak import Settings
from plainspeak.batch import fidelity, process_document, run_batch
from plainspeak.batch.dropping import drop_unsafe, unsafe_reason
from plainspeak.changes import Change

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "token_drop"
FAST = Settings(check_meaning=False)
TOKENS = {
    "mailbox_added.html": '{{ render_text("You have added <strong>%(email)s</strong> as an additional mailbox.") }}',
    "mailbox_added_single.txt": "{{ render_text('You have added {email} as an additional mailbox.') }}",
}
QUOTED = "mailbox_added.txt"  # the same in double quotes: a quotation is protected, so no rule touches it


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("token-drop") / "out"
    return run_batch(FIXTURES, out, settings=FAST)


@pytest.mark.parametrize("name", sorted(TOKENS))
def test_file_written_with_the_other_changes(report, name):
    assert report.exit_code == 0 and not report.failed
    rec = next(r for r in report.records if r["path"] == name)
    assert rec["status"] == "rewritten" and rec["error"] is None
    src = (FIXTURES / name).read_text(encoding="utf-8")
    out = Path(rec["out"]).read_text(encoding="utf-8")
    assert TOKENS[name] in out and out.count("{{") == src.count("{{")  # the token, byte for byte
    assert fidelity.template_tokens(out) == fidelity.template_tokens(src)
    assert "utilize" in src and "utilize" not in out and "in order to" not in out  # the other changes
    assert rec["applied"] >= 2 and rec["applied"] == rec["proposed"] - 1


@pytest.mark.parametrize("name", sorted(TOKENS))
def test_report_lists_the_dropped_change(report, name):
    data = json.loads(Path(report.report_json).read_text(encoding="utf-8"))
    rec = next(r for r in data["files"] if r["path"] == name)
    [d] = rec["dropped"]
    assert (d["rule"], d["before"], d["after"], d["part"]) == ("PS1060", "additional", "extra", "body")
    assert "template token" in d["reason"] and "render_text" in d["reason"]
    change = next(c for p in rec["parts"] for c in p["changes"] if c["id"] == d["id"])
    assert change["accepted"] is False and any(w.startswith("dropped:") for w in change["warnings"])
    assert any("dropped" in w and "PS1060" in w for w in rec["verifier_warnings"])
    assert "dropped: &#39;additional&#39; -&gt; &#39;extra&#39;" in Path(report.report_html).read_text(encoding="utf-8")


def test_a_double_quoted_string_is_never_offered_to_the_rules(report):
    rec = next(r for r in report.records if r["path"] == QUOTED)
    assert rec["status"] == "rewritten" and rec["error"] is None
    src = (FIXTURES / QUOTED).read_text(encoding="utf-8")
    out = Path(rec["out"]).read_text(encoding="utf-8")
    assert '{{ render_text("You have added {email} as an additional mailbox.") }}' in out
    assert "utilize" not in out and fidelity.template_tokens(out) == fidelity.template_tokens(src)
    data = json.loads(Path(report.report_json).read_text(encoding="utf-8"))
    assert next(r for r in data["files"] if r["path"] == QUOTED)["dropped"] == []


def test_without_the_drop_the_file_would_fail_e032():
    """The fixture really is the issue's case: applying every change breaks the token."""
    from plainspeak.pipeline import rewrite

    src = (FIXTURES / "mailbox_added.html").read_text(encoding="utf-8")
    changes = [c for c in rewrite(src, "html", FAST).changes if c.accepted]
    from plainspeak.render import apply_changes

    problems = fidelity.check(src, apply_changes(src, changes)[0], "html", [(c.start, c.end) for c in changes])
    assert any("touches a template token" in p for p in problems)


def _change(start: int, end: int, text: str) -> Change:
    return Change(
        id="c1",
        sentence=0,
        start=start,
        end=end,
        before=text[start:end],
        after="x",
        rule="PS1060",
        category="jargon",
        kind="substitute",
        message="",
        reason="",
        origin="rule",
        safe=True,
    )


def test_unsafe_reason_checks_tokens_and_text_nodes():
    text = '<p title="additional">An additional {{ x }} card</p>'
    tokens, nodes = fidelity.template_spans(text), fidelity.text_ranges(text)
    word = text.index("An additional") + 3
    assert unsafe_reason(_change(word, word + 10, text), text, tokens, nodes) is None
    tok = text.index("{{ x }}")
    assert "template token '{{ x }}'" in unsafe_reason(_change(tok + 3, tok + 4, text), text, tokens, nodes)
    attr = text.index("additional")
    assert "outside an HTML text node" in unsafe_reason(_change(attr, attr + 10, text), text, tokens, nodes)
    assert unsafe_reason(_change(attr, attr + 10, text), text, tokens, None) is None  # not HTML: no node check


def test_drop_unsafe_leaves_safe_changes_alone():
    text = "We will utilize {{ a }} it."
    safe, bad = _change(8, 15, text), _change(16, 23, text)
    safe.accepted = bad.accepted = True
    safe.id, bad.id = "c1", "c2"
    dropped = drop_unsafe(text, "text", [safe, bad], "body")
    assert [d["id"] for d in dropped] == ["c2"] and safe.accepted and not bad.accepted
    assert safe.warnings == [] and bad.warnings[0].startswith("dropped:")


def test_process_document_matches_the_batch_output(report):
    data = (FIXTURES / "mailbox_added.html").read_bytes()
    doc = process_document(data, "html", "mailbox_added.html", FAST)
    rec = next(r for r in report.records if r["path"] == "mailbox_added.html")
    assert doc.output == Path(rec["out"]).read_bytes()
