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
