"""Generate docs/errors.md from the error catalogue: `python -m plainspeak.errors_doc --write`."""

from __future__ import annotations

import sys
from pathlib import Path

from .errors import CATALOGUE

DOC_PATH = Path(__file__).resolve().parents[1] / "docs" / "errors.md"


def render() -> str:
    lines = [
        "# Error codes",
        "",
        "Every error from the CLI, the library and the HTTP API has one shape:",
        '`{"error": {"code", "title", "message", "field"}}` (the CLI prints `error CODE title: message`',
        "and exits with status 3). Generated from `plainspeak/errors.py`; a test fails when this file drifts.",
        "",
        "| code | title | what it means |",
        "|---|---|---|",
    ]
    lines += [f"| {code} | {title} | {text} |" for code, (title, text) in CATALOGUE.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if "--write" in sys.argv:
        DOC_PATH.write_text(render(), encoding="utf-8")
    else:
        sys.stdout.write(render())
