"""Docs that are generated from code or data must not drift; README commands must exist."""

from __future__ import annotations

import re

from plainspeak import errors_doc

from .conftest import REPO


def test_error_docs_match_the_catalogue() -> None:
    assert errors_doc.DOC_PATH.read_text(encoding="utf-8") == errors_doc.render(), (
        "docs/errors.md drifted: run `python -m plainspeak.errors_doc --write`"
    )


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
