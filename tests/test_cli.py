"""The command line: rewrite (text, --json, --jsonl, -o), analyze, rules."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from plainspeak.cli import build_parser, main

NOTICE = (
    "Please be advised that, pursuant to our policy, remittance must be received prior to the due date of "
    "{{due_date}}.\n"
)


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "plainspeak", *args], input=stdin, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def rewritten() -> subprocess.CompletedProcess:
    return run("rewrite", "-", stdin=NOTICE)


def test_rewrite_prints_text_and_explains_changes(rewritten) -> None:
    assert rewritten.returncode == 0, rewritten.stderr
    assert rewritten.stdout == "Please pay by {{due_date}}.\n"
    assert "PS" in rewritten.stderr and "grade" in rewritten.stderr


def test_rewrite_json_matches_library(tmp_path: Path, capsys) -> None:
    src = tmp_path / "notice.txt"
    src.write_text(NOTICE)
    assert main(["rewrite", str(src), "--json", "--no-meaning-check"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["version"] == "1.0" and data["output"].startswith("Please")
    out = tmp_path / "out.json"
    assert main(["rewrite", str(src), "--json", "--no-meaning-check", "-o", str(out)]) == 0
    assert json.loads(out.read_text())["output"] == data["output"]
    assert main(["rewrite", str(src), "--no-meaning-check", "-o", str(out)]) == 3  # exists, no --force
    assert src.read_text() == NOTICE


def test_rewrite_accept_subset(capsys, tmp_path: Path) -> None:
    src = tmp_path / "n.txt"
    src.write_text(NOTICE)
    assert main(["rewrite", str(src), "--accept", "", "-q", "--no-meaning-check"]) == 0
    assert capsys.readouterr().out == NOTICE


def test_jsonl_pipeline_reports_each_line(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": "We will utilize your feedback."}),
        "not json",
        json.dumps({"id": "b", "text": ""}),
        json.dumps({"id": "c", "text": "Hi.", "colour": 1}),
        json.dumps({"id": 7, "text": "<p>In order to pay, log in.</p>", "format": "html"}),
    ]
    p = run("rewrite", "--jsonl", "--no-meaning-check", stdin="\n".join(lines) + "\n")
    assert p.returncode == 4
    out = [json.loads(line) for line in p.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", 2, "b", "c", 7]
    assert out[0]["output"] == "We will use your feedback."
    assert out[1]["error"]["code"] == "E011"
    assert out[2]["error"]["code"] == "E001"
    assert out[3]["output"] == "Hi." and out[3]["colour"] == 1  # extra fields are kept (issue 14)
    assert out[4]["output"] == "<p>To pay, log in.</p>"


def test_analyze_human_and_json() -> None:
    p = run("analyze", "-", stdin="Your payment was received. We will utilize it.")
    assert p.returncode == 0 and "Flesch-Kincaid grade" in p.stdout and "PS9001" in p.stdout
    p = run("analyze", "--json", "-", stdin="Your payment was received.")
    assert json.loads(p.stdout)["scores"]["passive_count"] == 1


def test_rules_list_explain_and_check(capsys) -> None:
    assert main(["rules", "--category", "style"]) == 0
    assert "PS9001" in capsys.readouterr().out
    assert main(["rules", "PS9002"]) == 0
    text = capsys.readouterr().out
    assert "why:" in text and "fires on:" in text
    assert main(["rules", "PS0000"]) == 3
    assert main(["rules", "--check"]) == 0


def test_help_texts_describe_every_command() -> None:
    parser = build_parser()
    helptext = parser.format_help()
    for cmd in ("rewrite", "analyze", "rules"):
        assert cmd in helptext
    rewrite_help = run("rewrite", "--help").stdout
    for flag in (
        "--format",
        "--grade",
        "--strength",
        "--categories",
        "--glossary",
        "--settings",
        "--json",
        "--jsonl",
        "--output",
        "--accept",
        "--no-meaning-check",
        "exit codes",
    ):
        assert flag in rewrite_help, flag


def test_batch_in_this_process_leaves_a_core(monkeypatch: pytest.MonkeyPatch) -> None:
    """One local worker rewrites in the CLI's own process: torch gets one core fewer than it may use,
    unless PLAINSPEAK_THREADS says otherwise; pool and dask workers are left to their engine."""
    import os

    from plainspeak.cli.batch import batch_threads

    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0, 1}, raising=False)
    parse = build_parser().parse_args
    monkeypatch.delenv("PLAINSPEAK_THREADS", raising=False)
    batch_threads(parse(["batch", "in", "--out", "out", "--workers", "2"]))
    assert "PLAINSPEAK_THREADS" not in os.environ
    batch_threads(parse(["batch", "in", "--out", "out"]))
    assert os.environ["PLAINSPEAK_THREADS"] == "1"
    monkeypatch.setenv("PLAINSPEAK_THREADS", "2")
    batch_threads(parse(["batch", "in", "--out", "out"]))
    assert os.environ["PLAINSPEAK_THREADS"] == "2"
