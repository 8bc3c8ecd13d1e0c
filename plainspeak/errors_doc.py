"""docs/errors.md from the error catalogue (written by `python -m plainspeak.generate`)."""

from __future__ import annotations

from pathlib import Path

from .errors import CATALOGUE

DOC_PATH = Path(__file__).resolve().parents[1] / "docs" / "errors.md"


def render() -> str:
    lines = [
        "# Error codes",
        "",
        "Every error from the CLI, the library and the HTTP API has one shape:",
        '`{"error": {"code", "title", "message", "field"}}` (the CLI prints `error CODE title: message`',
        "and exits with status 3). Generated from `plainspeak/errors.py` by `python -m plainspeak.generate`; "
        "CI fails when it drifts.",
        "",
        "| code | title | what it means |",
        "|---|---|---|",
    ]
    lines += [f"| {code} | {title} | {text} |" for code, (title, text) in CATALOGUE.items()]
    return "\n".join(lines) + "\n"
