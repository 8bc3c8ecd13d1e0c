"""The glossary as three plain text boxes, and as a YAML file to download or upload.

protected:     one term per line
banned:        `term` or `term => suggestion`, one per line
replacements:  `from => to`, one per line
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ...errors import PlainspeakError
from ...settings import Glossary

ARROW = "=>"


def _lines(text: str | None) -> list[tuple[int, str]]:
    return [
        (n, ln.strip())
        for n, ln in enumerate((text or "").splitlines(), 1)
        if ln.strip() and not ln.strip().startswith("#")
    ]


def from_boxes(protected: str | None, banned: str | None, replacements: str | None) -> Glossary:
    prot = list(dict.fromkeys(term for _, term in _lines(protected)))
    ban: dict[str, str | None] = {}
    for _, line in _lines(banned):
        term, arrow, suggestion = line.partition(ARROW)
        ban[term.strip()] = suggestion.strip() or None if arrow else None
    repl: dict[str, str] = {}
    for n, line in _lines(replacements):
        before, arrow, after = line.partition(ARROW)
        if not arrow or not before.strip():
            raise PlainspeakError(
                "E007", f"replacements line {n} must look like 'from => to': {line!r}", "glossary.replacements"
            )
        repl[before.strip()] = after.strip()
    return Glossary(prot, ban, repl)


def to_boxes(g: Glossary) -> tuple[str, str, str]:
    protected = "\n".join(g.protected)
    banned = "\n".join(f"{t} {ARROW} {s}" if s else t for t, s in g.banned.items())
    replacements = "\n".join(f"{a} {ARROW} {b}" for a, b in g.replacements.items())
    return protected, banned, replacements


def to_yaml(g: Glossary) -> str:
    header = "# plainspeak glossary: load it with --glossary FILE, in the review UI, or send it as 'glossary'.\n"
    return header + yaml.safe_dump(g.to_dict(), sort_keys=False, allow_unicode=True)


def load(path: str | Path) -> Glossary:
    """A glossary file (YAML or JSON) as the CLI reads it."""
    return Glossary.load(path)
