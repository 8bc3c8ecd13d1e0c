"""Docs that are generated from code or data must not drift; README commands must exist."""

from __future__ import annotations

import re

from plainspeak import errors_doc

from .conftest import REPO


def test_error_docs_match_the_catalogue() -> None:
    assert errors_doc.DOC_PATH.read_text(encoding="utf-8") == errors_doc.render(), (
        "docs/errors.md drifted: run `python -m plainspeak.generate`"
    )


def test_no_generated_file_drifted() -> None:
    from plainspeak import generate

    stale = [
        path
        for path, make in generate.outputs().items()
        if make(path.read_text(encoding="utf-8")) != path.read_text(encoding="utf-8")
    ]
    assert stale == [], f"run `python -m plainspeak.generate`: {stale} drifted"


def test_generated_blocks_are_replaced_and_drift_is_seen(tmp_path) -> None:
    from plainspeak import generate

    text = "intro\n<!-- generated: server-options -->\nstale row\n<!-- end: server-options -->\nafter\n"
    new = generate._between(text, "server-options", generate.server_table())
    assert "stale row" not in new and "`PLAINSPEAK_PORT`" in new and new.endswith("after\n")
    assert generate._between(new, "server-options", generate.server_table()) == new


def test_readme_names_the_two_commands_and_ci_runs_the_test_one() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/start.sh" in readme and "bash scripts/test.sh" in readme
    assert "scripts/test.sh" in (REPO / ".ci" / "run").read_text()
    for script in re.findall(r"bash (scripts/[\w.-]+\.sh)", readme):
        assert (REPO / script).is_file(), script


def test_readme_cli_flags_exist() -> None:
    from plainspeak.cli import build_parser

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    helptext = build_parser().format_help()
    sub = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    all_help = helptext + "".join(p.format_help() for p in sub.values())
    for flag in set(re.findall(r"`plainspeak [^`]*?(--[a-z-]+)", readme)):
        assert flag in all_help, f"README mentions {flag}, which no command has"


def test_measured_table_comes_from_the_saved_benchmark_json(tmp_path, monkeypatch) -> None:
    import json

    from plainspeak import generate

    monkeypatch.setattr(generate, "RESULTS", tmp_path)
    assert "No saved benchmark figures" in generate.measured_table()
    (tmp_path / "core.json").write_text(
        json.dumps({"paragraphs": 20, "p50_ms": 412.3, "p95_ms": 700.0, "peak_rss_mb": 780, "target_p50_ms": 150})
    )
    cmd = {"command": "plainspeak --help", "median_wall_s": 0.28, "target_s": 0.5, "met": True}
    (tmp_path / "startup.json").write_text(json.dumps({"runs": 5, "commands": [cmd]}))
    phase = {"clients": 50, "p50_ms": 900.0, "p99_ms": 3000.0, "requests_per_s": 16.2, "errors": {}}
    (tmp_path / "api.json").write_text(
        json.dumps(
            {"paragraph_words": 100, "phases": [phase], "server_memory": {"peak_rss_tree_mb": 1500, "processes": 3}}
        )
    )
    one = {"workers": 1, "templates": 211, "templates_per_s_wall": 10.0, "peak_rss_tree_mb": 900}
    two = {**one, "workers": 2, "templates_per_s_wall": 16.0}
    (tmp_path / "batch.json").write_text(json.dumps({"meta": {"scale": 1}, "results": [one, two]}))
    table = generate.measured_table()
    assert "| 412 ms (p95 700 ms, peak RSS 780 MB) | **not met** |" in table
    assert "`plainspeak --help` on one sentence (median of 5 cold runs) | < 0.5 s | 0.28 s | met |" in table
    assert "p50 900 ms, p99 3000 ms, 16.2 req/s, 0 errors | met |" in table
    assert "1500 MB" in table
    assert "| 10.0 templates/s (peak RSS 900 MB) | **not met** |" in table
    assert "| >= 1.5x | 1.60x | met |" in table
