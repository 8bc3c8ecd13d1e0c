"""`plainspeak audit` on the corpus: its numbers match a direct computation with
plainspeak.analyze / plainspeak.rewrite, its charts are real PNG images embedded in the
HTML, and the CSV files hold the same figures as audit.json."""

from __future__ import annotations

import base64
import csv
import json
import re
import statistics
from collections import Counter
from pathlib import Path

import pytest

import plainspeak
from plainspeak import Settings
from plainspeak.audit import run_audit
from plainspeak.cli import main
from plainspeak.rules.style import LONG, PASSIVE

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus" / "email-templates"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "templates"
FAST = Settings(check_meaning=False)
PHRASE_CATEGORIES = {
    "jargon",
    "say-no",
    "hollow",
    "wordy",
    "legalese",
    "customer-focus",
    "nominalization",
    "cliche",
    "glossary",
}
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def audit(tmp_path_factory):
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS} (CI clones shared/ beside the repository)")
    out = tmp_path_factory.mktemp("audit")
    result = run_audit(CORPUS, out, settings=FAST)
    return result, out, json.loads((out / "audit.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def direct():
    """The same figures, computed straight from plainspeak.analyze and plainspeak.rewrite."""
    files = {}
    phrases: Counter = Counter()
    for p in sorted(CORPUS.rglob("*")):
        if p.suffix not in (".html", ".txt"):
            continue
        text = p.read_text(encoding="utf-8")
        host = "html" if p.suffix == ".html" else "text"
        rep = plainspeak.analyze(text, host, FAST)
        s = rep["scores"]
        rules = [{f["rule"] for f in sent["findings"]} for sent in rep["sentences"]]
        for sent in rep["sentences"]:
            for f in sent["findings"]:
                if f["category"] in PHRASE_CATEGORIES:
                    phrases[(f["category"], " ".join(f["text"].lower().split()))] += 1
        rw = plainspeak.rewrite(text, host, FAST) if s["words"] else None
        files[p.relative_to(CORPUS).as_posix()] = {
            "words": s["words"],
            "sentences": s["sentences"] if s["words"] else 0,
            "grade": s["flesch_kincaid_grade"] if s["words"] else None,
            "passive": sum(PASSIVE.code in r for r in rules),
            "long": sum(LONG.code in r for r in rules),
            "jargon": s["jargon_count"],
            "grade_after": rw.scores_after["flesch_kincaid_grade"] if rw else None,
            "applied": sum(c.accepted for c in rw.changes) if rw else 0,
        }
    return files, phrases


def test_per_file_numbers_match(audit, direct):
    _, _, data = audit
    files, _ = direct
    rows = {r["path"]: r for r in data["files"]}
    assert set(rows) == set(files)  # .json, LICENSE, README, SOURCE.md are not audited
    for path, d in files.items():
        r = rows[path]
        assert r["status"] == "ok"
        assert (
            r["words"],
            r["sentences"],
            r["grade"],
            r["passive_sentences"],
            r["long_sentences"],
            r["jargon_count"],
            r["grade_after"],
            r["changes_applicable"],
        ) == (
            d["words"],
            d["sentences"],
            d["grade"],
            d["passive"],
            d["long"],
            d["jargon"],
            d["grade_after"],
            d["applied"],
        ), path


def test_summary_matches(audit, direct):
    _, _, data = audit
    files, _ = direct
    s = data["summary"]
    ok = [d for d in files.values() if d["words"]]
    words = sum(d["words"] for d in ok)
    sentences = sum(d["sentences"] for d in ok)
    assert s["files"] == len(files) and s["files_with_copy"] == len(ok) and s["files_failed"] == 0
    assert s["words"] == words and s["sentences"] == sentences
    assert s["grade_mean"] == round(sum(d["grade"] * d["words"] for d in ok) / words, 2)
    assert s["grade_median"] == round(statistics.median(d["grade"] for d in ok), 2)
    assert s["files_above_target"] == sum(d["grade"] > 8 for d in ok)
    assert s["passive_rate"] == round(sum(d["passive"] for d in ok) / sentences, 4)
    assert s["long_sentence_rate"] == round(sum(d["long"] for d in ok) / sentences, 4)
    assert s["jargon_count"] == sum(d["jargon"] for d in ok)
    assert s["changes_applicable"] == sum(d["applied"] for d in ok)
    after_words = {
        p: plainspeak.rewrite(
            (CORPUS / p).read_text(encoding="utf-8"), "html" if p.endswith(".html") else "text", FAST
        ).scores_after["words"]
        for p, d in files.items()
        if d["words"] and d["applied"]
    }
    wa = [(d["grade_after"], after_words.get(p, d["words"])) for p, d in files.items() if d["words"]]
    assert s["grade_mean_after"] == round(sum(g * w for g, w in wa) / sum(w for _, w in wa), 2)


def test_phrases_match(audit, direct):
    _, _, data = audit
    _, phrases = direct
    got = {(p["category"], p["phrase"]): p for p in data["phrases"]}
    assert {k: v["count"] for k, v in got.items()} == dict(phrases)
    top = data["phrases"][0]
    assert top["count"] == max(phrases.values())
    for p in data["phrases"]:
        assert 1 <= len(p["examples"]) <= 3
        for ex in p["examples"]:
            path, line, col = re.fullmatch(r"(.+):(\d+):(\d+)", ex).groups()
            text_line = (CORPUS / path).read_text(encoding="utf-8").split("\n")[int(line) - 1]
            assert text_line[int(col) - 1 :].lower().startswith(p["phrase"].split()[0]), ex


def test_charts_are_real_images_embedded_in_the_html(audit):
    result, out, _ = audit
    html = (out / "audit.html").read_text(encoding="utf-8")
    embedded = [base64.b64decode(m) for m in re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)]
    files = sorted((out / "images").glob("*.png"))
    assert {f.stem for f in files} == {"grades", "phrases", "categories", "rates", "worst", "gain"}
    for f in files:
        data = f.read_bytes()
        assert data.startswith(PNG) and len(data) > 5000
        assert data in embedded, f.name
    for heading in (
        "Reading grade",
        "Where the jargon lives",
        "Passive voice and long sentences",
        "Files to fix first",
        "Estimated gain",
    ):
        assert heading in html
    assert result.exit_code == 0


def test_csv_matches_json(audit):
    _, out, data = audit
    with (out / "files.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(data["files"])
    by = {r["path"]: r for r in rows}
    for r in data["files"]:
        assert int(by[r["path"]]["words"]) == r["words"]
    with (out / "phrases.csv").open(encoding="utf-8") as f:
        phrases = list(csv.DictReader(f))
    assert [(p["phrase"], int(p["count"])) for p in phrases] == [(p["phrase"], p["count"]) for p in data["phrases"]]
    with (out / "summary.csv").open(encoding="utf-8") as f:
        summary = {r["metric"]: r["value"] for r in csv.DictReader(f)}
    assert float(summary["grade_mean"]) == data["summary"]["grade_mean"]
    assert int(summary["words"]) == data["summary"]["words"]


def test_audit_fixtures_with_eml_and_cli(tmp_path, capsys):
    code = main(
        [
            "audit",
            str(FIXTURES),
            "--report",
            str(tmp_path / "r"),
            "--no-meaning-check",
            "--no-gain",
            "--no-progress",
            "--top",
            "5",
        ]
    )
    assert code == 0
    err = capsys.readouterr().err
    assert "mean grade" in err and "report:" in err
    data = json.loads((tmp_path / "r" / "audit.json").read_text(encoding="utf-8"))
    rows = {r["path"]: r for r in data["files"]}
    assert rows["payment_failed.eml"]["kind"] == "eml" and rows["payment_failed.eml"]["words"] > 40
    assert data["summary"]["gain_estimated"] is False
    files = [FIXTURES / "payment_failed.eml", FIXTURES / "points_offer.eml", FIXTURES / "password_reset.html.j2"]
    data = json.loads(
        Path(run_audit(files, tmp_path / "r2", settings=FAST, gain=False).paths["audit.json"]).read_text(
            encoding="utf-8"
        )
    )
    where = [e for p in data["phrases"] for e in p["examples"]]
    assert any(w.startswith("payment_failed.eml (subject)") for w in where)
    assert any(w.startswith("points_offer.eml (text/html)") for w in where)
    # template comments are not copy: the Jinja comments' "utilize" are not counted
    utilize = next(p for p in data["phrases"] if p["phrase"] == "utilize")
    assert utilize["files"] == 2 and utilize["count"] == 3


def test_audit_reports_unreadable_files(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ok.txt").write_text("We will utilize it.\n")
    (tmp_path / "in" / "bad.txt").write_bytes(b"\xff\xfe\x00\x00bad")
    result = run_audit(tmp_path / "in", tmp_path / "r", settings=FAST, gain=False)
    assert result.exit_code == 4 and result.summary["files_failed"] == 1
    assert "bad.txt" in (tmp_path / "r" / "audit.html").read_text(encoding="utf-8")
