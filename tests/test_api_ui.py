"""The review UI's handlers and HTML, without a browser (tests/test_ui_browser.py drives the real page)."""

from __future__ import annotations

import csv
import html
import io
import json
import zipfile
from pathlib import Path

import gradio as gr
import pytest
import yaml

import plainspeak
from plainspeak.errors import PlainspeakError
from plainspeak.server.config import ServerConfig
from plainspeak.server.engine import Engine
from plainspeak.server.ui import batch, glossary, view
from plainspeak.server.ui.app import RULE_CATEGORIES, Review, build_ui, make_settings
from plainspeak.server.ui.examples import EXAMPLES

JARGON = "We will utilize your feedback to facilitate improvements going forward."
DEFAULTS = dict(
    fmt="auto", grade=8, strength="standard", categories=RULE_CATEGORIES, protected="", banned="", replacements=""
)


@pytest.fixture(scope="module")
def review() -> Review:
    engine = Engine()
    engine.load()
    return Review(engine, ServerConfig(ui=True, max_text_chars=10_000))


def run(review: Review, text: str = JARGON, **kw):
    args = {**DEFAULTS, **kw}
    return review.run(
        text,
        args["fmt"],
        args["grade"],
        args["strength"],
        args["categories"],
        args["protected"],
        args["banned"],
        args["replacements"],
    )


def test_run_fills_every_panel(review):
    calls = []
    out = review.run(JARGON, **{k: v for k, v in DEFAULTS.items()}, progress=lambda f, desc="": calls.append(desc))
    result, accept, category, status, original, rewritten, final, download, table, scores = out
    expected = plainspeak.rewrite(JARGON)
    assert result.to_dict() == expected.to_dict()
    assert accept["value"] == [c.id for c in expected.changes if c.accepted]
    assert [v for _, v in accept["choices"]] == [c.id for c in expected.changes]
    assert category["value"] in {c.category for c in expected.changes}
    assert final == expected.output
    assert Path(download["value"]).read_text(encoding="utf-8") == expected.output
    assert "change(s) suggested" in status and "Grade" in status
    for c in expected.changes:
        assert f'data-ps-id="{c.id}"' in original and f'data-ps-id="{c.id}"' in rewritten and c.rule in table
    assert "ps-chart" in scores and "Reading ease" in scores
    assert calls, "progress was never reported"


def test_rejecting_a_change_updates_the_final_text(review):
    result = run(review)[0]
    ids = [c.id for c in result.changes if c.accepted]
    rejected = next(c for c in result.changes if c.before == "utilize")
    keep = [i for i in ids if i != rejected.id]
    original, rewritten, final, download, table, scores = review.refresh(result, keep)
    assert final == result.render(keep) and "utilize" in final
    assert Path(download["value"]).read_text(encoding="utf-8") == final
    mark = rewritten.split(f'data-ps-id="{rejected.id}"')[0].rsplit("<mark", 1)[1]
    assert "ps-off" in mark  # shown, dashed, as not applied
    assert "not applied" in table
    after = result.with_accepted(keep).scores_after
    assert f"<td>{after['flesch_kincaid_grade']:g}</td>" in scores


def test_refresh_ignores_unknown_ids_and_empty_state(review):
    result = run(review)[0]
    assert review.refresh(result, ["c999"])[2] == result.source
    assert review.refresh(None, None)[:3] == ["", "", ""]


def test_category_and_all_buttons(review):
    result = run(review)[0]
    ids = [c.id for c in result.changes]
    cat = result.changes[0].category
    off = Review.select(result, ids, cat, False)
    assert off == [c.id for c in result.changes if c.category != cat]
    assert Review.select(result, off, cat, True) == ids
    assert Review.select(result, ids, None, False) == []
    assert Review.select(result, [], None, True) == ids
    assert Review.suggested(result) == [c.id for c in result.changes if c.accepted_by_default and not c.warnings]


def test_hover_text_has_reason_rule_and_origin(review):
    result = run(review)[0]
    page = view.source_html(result, [c.id for c in result.changes])
    for c in result.changes:
        tip = html.escape(view.tip(c), quote=True)
        assert f'title="{tip}"' in page
        assert c.rule in view.tip(c) and (c.reason or c.message) in view.tip(c)
        assert ("from a rule" if c.origin == "rule" else c.origin) in view.tip(c)


def test_warnings_are_shown_next_to_their_change(review):
    result = run(review)[0]
    c = result.changes[0]
    c.warnings.append("meaning drifted (similarity 0.41)")
    try:
        assert "⚠ meaning drifted" in view.change_label(c)
        assert "meaning drifted" in view.changes_table(result, [])
        assert "ps-warn" in view.source_html(result, [])
    finally:
        c.warnings.pop()


def test_html_is_escaped(review):
    text = "<p>Please <b>utilize</b> the portal & <script>alert(1)</script> it.</p>"
    result = run(review, text, fmt="html")[0]
    page = view.source_html(result, [])
    assert "<script>" not in page and "&lt;script&gt;" in page
    final, out = view.output_html(result, [c.id for c in result.changes])
    assert "<b>use</b>" in final and "<script>" not in out


def test_errors_are_shown_not_raised_as_crashes(review):
    with pytest.raises(gr.Error, match="Paste some copy"):
        run(review, "   ")
    with pytest.raises(gr.Error, match="E004"):
        run(review, "word " * 3_000)
    with pytest.raises(gr.Error, match="E002"):
        run(review, "abc\x00def")
    with pytest.raises(gr.Error, match="E007"):
        run(review, replacements="no arrow here")


def test_glossary_changes_the_rewrite(review):
    result = run(review, protected="facilitate", replacements="feedback => comments")[0]
    assert "facilitate" in result.output and "comments" in result.output


def test_settings_from_the_controls():
    s = make_settings(6, "light", RULE_CATEGORIES, "Acme Bank", "synergy => teamwork\nleverage", "utilize => use")
    assert s.categories is None and s.target_grade == 6 and s.strength == "light"
    assert s.glossary.protected == ["Acme Bank"]
    assert s.glossary.banned == {"synergy": "teamwork", "leverage": None}
    assert make_settings(8, "standard", ["jargon"], "", "", "").categories == ["jargon"]


def test_glossary_file_round_trip(review, tmp_path):
    boxes = ("Acme Bank\nPremier Saver", "synergy => teamwork\nleverage", "utilize => use\nin order to => to")
    saved = review.save_glossary(*boxes)
    text = Path(saved["value"]).read_text(encoding="utf-8")
    assert yaml.safe_load(text) == glossary.from_boxes(*boxes).to_dict()
    assert Review.load_glossary(saved["value"]) == boxes
    js = tmp_path / "g.json"
    js.write_text(json.dumps({"protected": ["X"], "replacements": {"a": "b"}}), encoding="utf-8")
    assert Review.load_glossary(str(js)) == ("X", "", "a => b")
    bad = tmp_path / "bad.yaml"
    bad.write_text("protected: [1, 2]\n", encoding="utf-8")
    with pytest.raises(gr.Error, match="E007"):
        Review.load_glossary(str(bad))
    with pytest.raises(gr.Error, match="E007"):
        review.save_glossary("", "", "missing arrow")


def test_open_file(tmp_path):
    f = tmp_path / "letter.md"
    f.write_text("# Hello\n\nWe will utilize it.", encoding="utf-8")
    assert Review.open_file(str(f)) == ("# Hello\n\nWe will utilize it.", "markdown")
    bad = tmp_path / "latin.txt"
    bad.write_bytes("caf\xe9".encode("latin-1"))
    with pytest.raises(gr.Error, match="E003"):
        Review.open_file(str(bad))


@pytest.mark.parametrize("label,text,fmt", EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_examples_rewrite(review, label, text, fmt):
    result = run(review, text, fmt=fmt)[0]
    assert result.changes, f"the {label} example should show some changes"
    if fmt == "html":
        for placeholder in ("{{first_name}}", "{{plan_name}}", "{{renewal_date}}", "{{account_url}}"):
            assert placeholder in result.output


def _zip(path: Path, members: dict[str, bytes]) -> str:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return str(path)


def test_batch_runs_the_batch_engine(review, tmp_path):
    one = tmp_path / "letter.txt"
    one.write_text(JARGON, encoding="utf-8")
    z = _zip(
        tmp_path / "templates.zip",
        {
            "emails/welcome.html": b"<p>Please <b>utilize</b> the portal, {{first_name}}.</p>",
            "emails/../../escape.md": b"We will utilize it going forward.",
            "__MACOSX/emails/._welcome.html": b"junk",
            "emails/": b"",
            "emails/logo.png": b"\x89PNG",
            "emails/broken.txt": b"bad \xff\xfe bytes",
            "letter.txt": JARGON.encode(),
            "LICENSE.txt": b"Permission is hereby granted, free of charge, to utilize this software.",
        },
    )
    progress = []
    rows, zip_out, status = review.run_batch(
        [str(one), z],
        8,
        "standard",
        RULE_CATEGORIES,
        "",
        "",
        "",
        progress=lambda f, desc="": progress.append((f, desc)),
    )
    assert [r[0] for r in rows] == [
        "letter.txt",
        "emails/welcome.html",
        "emails/escape.md",
        "emails/logo.png",
        "emails/broken.txt",
        "letter-1.txt",
        "LICENSE.txt",
    ]
    by_name = {r[0]: r for r in rows}
    assert by_name["emails/welcome.html"][1:3] == ["html", "rewritten"]
    assert by_name["letter.txt"][2] == by_name["letter-1.txt"][2] == "rewritten"
    assert by_name["emails/logo.png"][2] == "copied"  # not a template: copied as is
    assert by_name["LICENSE.txt"][2] == "copied" and by_name["LICENSE.txt"][-1]  # kept word for word, says why
    assert by_name["emails/broken.txt"][2] == "failed" and by_name["emails/broken.txt"][-1].startswith("E003")
    assert "7 file(s)" in status and "1 failed" in status
    assert progress[-1][0] == 1.0 and any("welcome.html" in d for _, d in progress)
    with zipfile.ZipFile(zip_out["value"]) as zf:
        names = zf.namelist()
        assert all(not n.startswith(("/", "..")) and "/../" not in n for n in names)
        assert {
            "rewritten/letter.txt",
            "rewritten/letter-1.txt",
            "rewritten/emails/welcome.html",
            "rewritten/emails/escape.md",
            "rewritten/emails/logo.png",
            "report.json",
            "report.html",
            "report.csv",
        } <= set(names)
        assert "rewritten/emails/broken.txt" not in names
        welcome = zf.read("rewritten/emails/welcome.html").decode()
        assert welcome == "<p>Please <b>use</b> the portal, {{first_name}}.</p>"
        assert zf.read("rewritten/emails/logo.png") == b"\x89PNG"
        report = json.loads(zf.read("report.json"))
        assert report["tool"] == "plainspeak batch" and report["totals"]["failed"] == 1
        table = list(csv.reader(io.StringIO(zf.read("report.csv").decode())))
        assert table[0] == batch.COLUMNS and len(table) == 8


def test_batch_of_one_bad_zip(review, tmp_path):
    notzip = tmp_path / "fake.zip"
    notzip.write_bytes(b"not a zip")
    rows, _, _ = review.run_batch([str(notzip)], 8, "standard", RULE_CATEGORIES, "", "", "")
    assert rows[0][0] == "fake.zip" and rows[0][2] == "failed" and "E002" in rows[0][-1]


def test_batch_limits(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("word " * 1_000, encoding="utf-8")
    with pytest.raises(PlainspeakError) as e:
        batch.collect([str(big)], max_total_bytes=100)
    assert e.value.code == "E004"
    many = [str(big)] * (batch.MAX_FILES + 1)
    with pytest.raises(PlainspeakError):
        batch.collect(many, max_total_bytes=10**9)


def test_batch_needs_files(review):
    with pytest.raises(gr.Error, match="Upload"):
        review.run_batch([], 8, "standard", RULE_CATEGORIES, "", "", "")


def test_clean_names():
    assert batch.clean_name("../../etc/passwd") == "etc/passwd"
    assert batch.clean_name("/abs/x.txt") == "abs/x.txt"
    assert batch.clean_name("a\\b\\c.md") == "a/b/c.md"
    assert batch.clean_name("..") == "unnamed.txt"


def test_the_page_builds(review):
    demo = build_ui(review.engine, review.config)
    ids = {c.get("props", {}).get("elem_id") for c in demo.config["components"]}
    assert {"ps-input", "ps-run", "ps-accept", "ps-final", "ps-download", "ps-batch-files"} <= ids
    assert demo.analytics_enabled is False


def test_ui_password():
    from fastapi.testclient import TestClient

    from plainspeak.server.main import create_app

    c = TestClient(create_app(ServerConfig(ui_auth="ann:secret-pw"), Engine()))  # the model is not needed
    assert c.get("/ui/config").status_code == 401
    assert c.post("/ui/login", data={"username": "ann", "password": "wrong"}).status_code == 400
    assert c.post("/ui/login", data={"username": "ann", "password": "secret-pw"}).json() == {"success": True}
    assert c.get("/ui/config").status_code == 200


def test_no_gradio_api_for_the_handlers():
    """The UI's events are not published as a Gradio API (the HTTP API is /v1, with keys)."""
    from fastapi.testclient import TestClient

    from plainspeak.server.main import create_app

    c = TestClient(create_app(ServerConfig(), Engine()))
    info = c.get("/ui/gradio_api/info").json()
    assert info["named_endpoints"] == {} and info["unnamed_endpoints"] == {}


def test_targets_table_follows_the_accepted_changes() -> None:
    """The readability panel says per sentence whether the target grade is met with the changes
    accepted now, and why a sentence is still above it."""
    text = (
        "Please be advised that, pursuant to our policy, remittance must be received prior to the due date, "
        "and failure to remit payment will result in the suspension of your account. Thank you."
    )
    r = plainspeak.rewrite(text, settings=plainspeak.Settings(model="none", target_grade=8))
    ids = [c.id for c in r.changes if c.accepted]
    assert ids
    none = view.targets_html(r, [])
    applied = view.targets_html(r, ids)
    assert "0 of 1 sentence(s) at or under the target grade 8" in none  # "Thank you." is too short to count
    assert "✗ above" in none and "consider" in none  # the why, from target.why_above
    grade_now = lambda page: float(page.split("<td>")[4].split("<")[0])
    assert grade_now(applied) < grade_now(none)
    first = r.sentences[0]
    assert grade_now(applied) == pytest.approx(first["grade_after"], abs=0.01)  # the defaults: as the pipeline says
