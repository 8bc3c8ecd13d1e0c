"""A house style as a plain settings file: `plainspeak rewrite --settings style.yaml` reproduces the
workspace's behaviour with no database; `plainspeak style import` loads one into a workspace."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import yaml

from .. import yamlload
from ..errors import PlainspeakError
from ..settings import Settings
from .learn import HouseStyle

STYLE_FIELDS = ("demoted_rules", "promoted_rules", "glossary")


def export_text(style: HouseStyle, *, adopt_suggestions: bool = False) -> str:
    """YAML settings: demoted and promoted rules and the glossary. Suggested replacements (recurring hand
    edits) are listed as comments, or adopted into glossary.replacements with `adopt_suggestions`."""
    data = style.settings_dict()
    if adopt_suggestions and style.suggested_replacements:
        glossary = data.setdefault("glossary", {"protected": [], "banned": {}, "replacements": {}})
        for s in style.suggested_replacements:
            glossary["replacements"].setdefault(s["before"], s["after"])
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    lines = [
        f"# plainspeak house style of workspace {style.workspace!r}, exported {stamp}.",
        "# A settings file: plainspeak rewrite --settings THIS_FILE (or `plainspeak style import`).",
        "# demoted_rules: proposed but not applied; promoted_rules: applied even with --strength light.",
    ]
    for r in style.rules:
        if r.status:
            lines.append(f"#   {r.rule} {r.status} ({r.source}): accepted {r.accepted} of {r.shown}")
    text = "\n".join(lines) + "\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    pending = [] if adopt_suggestions else style.suggested_replacements
    if pending:
        text += (
            "# Suggested replacements (reviewers made these edits by hand); move any you want into\n"
            "# glossary.replacements, or export with --adopt-suggestions:\n"
        )
        quote = lambda v: json.dumps(v, ensure_ascii=False)
        text += "".join(f"#   {quote(s['before'])}: {quote(s['after'])}   # {s['count']} times\n" for s in pending)
    return text


def load_style(path: str | Path) -> dict[str, Any]:
    """The style fields of a settings file (validated as settings); other settings in it are refused."""
    settings = Settings.load(path)  # E006/E007 for anything a settings file may not hold
    raw = yamlload.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    other = sorted(set(raw) - set(STYLE_FIELDS))
    if other:
        raise PlainspeakError(
            "E053", f"{path}: a style file holds only {', '.join(STYLE_FIELDS)}; remove {', '.join(other)}", other[0]
        )
    style: dict[str, Any] = {"demoted_rules": settings.demoted_rules, "promoted_rules": settings.promoted_rules}
    g = settings.glossary.to_dict()
    if any(g.values()):
        style["glossary"] = g
    both = set(settings.demoted_rules) & set(settings.promoted_rules)
    if both:
        raise PlainspeakError("E053", f"{path}: {', '.join(sorted(both))} both demoted and promoted", "promoted_rules")
    return style
