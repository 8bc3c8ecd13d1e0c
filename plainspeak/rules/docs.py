"""docs/rules.md from the rule data (written by `python -m plainspeak.generate`)."""

from __future__ import annotations

from pathlib import Path

from .schema import CATEGORIES, Rule, category_meta, load_rules
from .style import STYLE_RULES

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _fix(r: Rule) -> str:
    if r.kind == "delete":
        return "remove"
    if r.kind == "flag":
        return "flag only"
    return " / ".join(f"`{_cell(x.strip()) or ' '}`" for x in r.replace)


def render() -> str:
    rules = list(load_rules())
    meta = {m["category"]: m for m in category_meta()}
    lines = [
        "# Rules",
        "",
        "Generated from `plainspeak/rules/data/*.yaml` and `plainspeak/rules/style.py` by",
        "`python -m plainspeak.generate`; CI fails when this file drifts from the data.",
        "`plainspeak rules CODE` explains one rule on the command line. The file format is in",
        "[rule-format.md](rule-format.md).",
        "",
        f"{len(rules) + len(STYLE_RULES)} rules. *Safe* rules are applied at every strength; *unsafe* ones are applied",
        "at `standard` and `strong` strength after the verifier passes them, and only proposed at `light`.",
        "",
        "| category | rules | what |",
        "|---|---|---|",
    ]
    groups: dict[str, list[Rule]] = {}
    for r in rules + list(STYLE_RULES):
        groups.setdefault(r.category, []).append(r)
    for cat in CATEGORIES:
        if cat in groups:
            desc = meta.get(cat, {}).get("description") or CATEGORIES[cat][2]
            lines.append(f"| [{cat}](#{cat}) | {len(groups[cat])} | {_cell(desc)} |")
    for cat in CATEGORIES:
        if cat not in groups:
            continue
        title = meta.get(cat, {}).get("title") or CATEGORIES[cat][2]
        lines += [
            "",
            f"## {cat}",
            "",
            f"**{title}.** {meta.get(cat, {}).get('description', '')}".rstrip(),
            "",
            "| code | matches | fix | safe | why | example |",
            "|---|---|---|---|---|---|",
        ]
        for r in groups[cat]:
            match = f"`{_cell(r.regex)}`" if r.regex else ", ".join(f"*{_cell(p)}*" for p in r.patterns)
            if r.inflect != "none":
                match += f" (any {r.inflect} form)"
            lines.append(
                f"| {r.code} | {match} | {_fix(r)} | {'yes' if r.safe else 'no'} | {_cell(r.reason)} | "
                f"{_cell(r.fire[0])} |"
            )
    return "\n".join(lines) + "\n"
