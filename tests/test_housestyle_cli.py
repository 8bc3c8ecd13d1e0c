"""`plainspeak feedback`, `plainspeak style show/export/import/reset/keep-documents`, `plainspeak keys`
and `plainspeak audit --workspace`, through cli.main as a user runs them."""

from __future__ import annotations

import json

import pytest

import plainspeak
from plainspeak.cli import main
from plainspeak.housestyle.store import Store
from plainspeak.settings import Settings

TEXT = "Please utilize the portal going forward."
FAST = {"model": "none", "check_meaning": False}


def decision(accepted: bool, rule: str = "PS1001") -> str:
    return json.dumps({"rule": rule, "category": "jargon", "before": "utilize", "after": "use", "accepted": accepted})


@pytest.fixture()
def db(tmp_path) -> list[str]:
    return ["--database-url", f"sqlite:///{tmp_path / 'cli.db'}"]


def test_feedback_then_show_export_and_rewrite_without_the_database(tmp_path, db, capsys):
    result = plainspeak.rewrite(TEXT, settings=Settings(**FAST)).to_dict()
    keep = [c["id"] for c in result["changes"] if c["rule"] != "PS1001"]
    lines = [decision(False) for _ in range(18)]
    lines.append(json.dumps({"result": result, "accepted": keep, "final_text": result["output"]}))
    lines.append(json.dumps({"text": TEXT, "accepted": keep, "settings": FAST}))
    lines.append("")
    (tmp_path / "d.jsonl").write_text("\n".join(lines), encoding="utf-8")
    assert main(["feedback", str(tmp_path / "d.jsonl"), "--workspace", "teamA", *db]) == 0
    err = capsys.readouterr().err
    assert "20 line(s): 22 decision(s) recorded in workspace 'teamA' (2 accepted, 20 rejected)" in err

    assert main(["style", "show", "--workspace", "teamA", *db]) == 0
    out = capsys.readouterr().out
    assert "demoted: PS1001" in out and "PS1001   jargon" in out
    assert main(["style", "show", "--workspace", "teamA", "--json", *db]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["style"]["demoted_rules"] == ["PS1001"] and stats["decisions"] == 22
    assert main(["style", "show", "--workspace", "teamA", "--min-decisions", "50", "--json", *db]) == 0
    assert json.loads(capsys.readouterr().out)["style"]["demoted_rules"] == []

    style = tmp_path / "teamA.yaml"
    assert main(["style", "export", "--workspace", "teamA", "-o", str(style), *db]) == 0
    assert main(["style", "export", "--workspace", "teamA", "-o", str(style), *db]) == 3  # no --force
    (tmp_path / "in.txt").write_text(TEXT, encoding="utf-8")
    capsys.readouterr()
    assert (
        main(["rewrite", str(tmp_path / "in.txt"), "--settings", str(style), "--model", "none", "--no-meaning-check"])
        == 0
    )
    captured = capsys.readouterr()
    assert "utilize the portal" in captured.out and "your team usually rejects this" in captured.err
    assert main(["rewrite", str(tmp_path / "in.txt"), "--model", "none", "--no-meaning-check", "-q"]) == 0
    assert "use the portal" in capsys.readouterr().out


def test_feedback_reports_bad_lines_and_records_the_rest(tmp_path, db, capsys):
    (tmp_path / "d.jsonl").write_text(
        "\n".join(
            [decision(True), "{not json", json.dumps({"rule": "PS1001"}), json.dumps({"accepted": []}), json.dumps([1])]
        ),
        encoding="utf-8",
    )
    assert main(["feedback", str(tmp_path / "d.jsonl"), *db]) == 4
    err = capsys.readouterr().err
    assert err.count("E052") == 4 and "4 line(s) failed" in err
    assert Store(db[1]).counts("default")["decisions"] == 1
    assert main(["feedback", str(tmp_path / "d.jsonl"), "--workspace", "bad name", *db]) == 3


def test_import_reset_and_keep_documents(tmp_path, db, capsys):
    style = tmp_path / "style.yaml"
    style.write_text("demoted_rules: [PS1020]\nglossary:\n  replacements: {portal: website}\n", encoding="utf-8")
    assert main(["style", "import", str(style), "--workspace", "docs", *db]) == 0
    assert main(["style", "show", "--workspace", "docs", "--json", *db]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["style"]["demoted_rules"] == ["PS1020"]
    assert stats["style"]["glossary"]["replacements"] == {"portal": "website"}
    assert main(["style", "reset", "--workspace", "docs", *db]) == 0
    assert main(["style", "show", "--workspace", "docs", "--json", *db]) == 0
    assert json.loads(capsys.readouterr().out)["style"] == {"demoted_rules": [], "promoted_rules": []}
    bad = tmp_path / "bad.yaml"
    bad.write_text("strength: light\n", encoding="utf-8")
    assert main(["style", "import", str(bad), *db]) == 3
    assert "E053" in capsys.readouterr().err

    assert main(["style", "keep-documents", "on", "--workspace", "docs", *db]) == 0
    (tmp_path / "d.jsonl").write_text(json.dumps({"text": TEXT, "accepted": [], "settings": FAST}), encoding="utf-8")
    assert main(["feedback", str(tmp_path / "d.jsonl"), "--workspace", "docs", *db]) == 0
    assert Store(db[1]).feedback_rows("docs")[0]["document"] == TEXT


def test_keys(db, capsys):
    assert main(["keys", "add", "teamA", "--label", "cms", *db]) == 0
    key = capsys.readouterr().out.strip()
    assert Store(db[1]).key_workspace(key) == "teamA"
    assert main(["keys", "list", *db]) == 0
    listed = capsys.readouterr().out
    assert "teamA" in listed and key not in listed
    key_id = listed.split()[0]
    assert main(["keys", "revoke", key_id, *db]) == 0
    assert Store(db[1]).key_workspace(key) is None
    assert main(["keys", "revoke", key_id, *db]) == 3


def test_audit_reports_the_workspace(tmp_path, db, capsys):
    (tmp_path / "d.jsonl").write_text("\n".join([decision(False)] * 3 + [decision(True, "PS1020")]), encoding="utf-8")
    assert main(["feedback", str(tmp_path / "d.jsonl"), "--workspace", "teamA", *db]) == 0
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "a.txt").write_text(TEXT, encoding="utf-8")
    assert (
        main(
            [
                "audit",
                str(copy),
                "--report",
                str(tmp_path / "report"),
                "--no-gain",
                "--no-progress",
                "--model",
                "none",
                "--no-meaning-check",
                "--workspace",
                "teamA",
                *db,
            ]
        )
        == 0
    )
    report = tmp_path / "report"
    html = (report / "audit.html").read_text(encoding="utf-8")
    assert "House style of workspace" in html and "Most rejected rules" in html
    assert html.index("House style of workspace") < html.index("How these figures are made")
    data = json.loads((report / "audit.json").read_text(encoding="utf-8"))
    assert data["house_style"]["most_rejected"][0]["rule"] == "PS1001"
    assert (report / "images" / "house_style.png").read_bytes()[:4] == b"\x89PNG"
    assert "PS1001" in (report / "house_style.csv").read_text(encoding="utf-8")
