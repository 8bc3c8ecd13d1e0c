"""What a workspace's decisions teach: per-rule acceptance with a Wilson interval, demoted and
promoted rules, and recurring hand edits as suggested glossary replacements.

The learned style acts only through Settings (`demoted_rules`, `promoted_rules`, the glossary), so an
exported style file reproduces it on a machine without the database.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from ..errors import PlainspeakError
from ..settings import Glossary, Settings

NEVER_LEARNED = ("glossary",)  # the team's own glossary is never demoted or promoted


@dataclass(frozen=True)
class Thresholds:
    """When a rule is demoted or promoted, and when a hand edit becomes a suggestion."""

    min_decisions: int = 20  # decisions on a rule before anything is concluded
    demote_rejection: float = 0.80  # rejected at least this often: demoted
    promote_acceptance: float = 0.95  # accepted at least this often: applied under `light` too
    min_edits: int = 3  # the same hand edit this many times: a suggested replacement

    ENV = {
        "min_decisions": "PLAINSPEAK_STYLE_MIN_DECISIONS",
        "demote_rejection": "PLAINSPEAK_STYLE_DEMOTE_AT",
        "promote_acceptance": "PLAINSPEAK_STYLE_PROMOTE_AT",
        "min_edits": "PLAINSPEAK_STYLE_MIN_EDITS",
    }

    def __post_init__(self) -> None:
        for name in ("min_decisions", "min_edits"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise PlainspeakError("E006", f"{name} must be a whole number of at least 1", name)
        for name in ("demote_rejection", "promote_acceptance"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 < value <= 1:
                raise PlainspeakError("E006", f"{name} must be a rate above 0 and at most 1", name)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Thresholds:
        """Defaults, then PLAINSPEAK_STYLE_* variables, then `overrides` (flags) that are not None."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for name, var in cls.ENV.items():
            raw = env.get(var, "").strip()
            if raw:
                try:
                    values[name] = int(raw) if name in ("min_decisions", "min_edits") else float(raw)
                except ValueError as exc:
                    raise PlainspeakError("E006", f"{var}={raw!r} is not a number", var) from exc
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval (95% by default) of a proportion; (0, 1) when n is 0."""
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass
class RuleStat:
    rule: str
    category: str
    shown: int
    accepted: int
    rejected: int
    acceptance_rate: float | None
    ci_low: float
    ci_high: float
    status: str = ""  # demoted, promoted, or "" (learning / nothing to change)
    source: str = ""  # learned or imported, when status is set

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class HouseStyle:
    """A workspace's style: what changes in its rewrites, and the figures behind it."""

    workspace: str
    demoted_rules: list[str] = field(default_factory=list)
    promoted_rules: list[str] = field(default_factory=list)
    glossary: Glossary = field(default_factory=Glossary)  # applied (from an imported style)
    suggested_replacements: list[dict[str, Any]] = field(default_factory=list)  # recurring hand edits
    rules: list[RuleStat] = field(default_factory=list)
    thresholds: Thresholds = field(default_factory=Thresholds)
    imported: bool = False

    @property
    def empty(self) -> bool:
        g = self.glossary
        return not (self.demoted_rules or self.promoted_rules or g.protected or g.banned or g.replacements)

    def most_rejected(self, n: int = 10) -> list[RuleStat]:
        """Rules with the most rejections (ties: the lower acceptance rate first)."""
        rows = [r for r in self.rules if r.rejected]
        return sorted(rows, key=lambda r: (-r.rejected, r.acceptance_rate or 0, r.rule))[:n]

    def settings_dict(self) -> dict[str, Any]:
        """The style as settings-file fields: what `style export` writes and `apply` adds."""
        out: dict[str, Any] = {"demoted_rules": list(self.demoted_rules), "promoted_rules": list(self.promoted_rules)}
        g = self.glossary.to_dict()
        if any(g.values()):
            out["glossary"] = g
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "workspace": self.workspace,
            **self.settings_dict(),
            "suggested_replacements": self.suggested_replacements,
            "rules": [r.to_dict() for r in self.rules],
            "most_rejected": [r.to_dict() for r in self.most_rejected()],
            "thresholds": self.thresholds.to_dict(),
            "imported": self.imported,
        }


def learn(
    workspace: str,
    rule_counts: list[dict[str, Any]],
    edit_counts: list[tuple[str, str, int]],
    thresholds: Thresholds | None = None,
    imported: Mapping[str, Any] | None = None,
) -> HouseStyle:
    """The style from counted decisions (`Store.rule_counts`), hand edits (`Store.edit_counts`) and an
    imported style file (its settings, which win over what was learned)."""
    t = thresholds or Thresholds()
    imp = dict(imported or {})
    imp_demoted = set(imp.get("demoted_rules") or [])
    imp_promoted = set(imp.get("promoted_rules") or [])
    stats: list[RuleStat] = []
    for row in rule_counts:
        n, acc = row["shown"], row["accepted"]
        lo, hi = wilson(acc, n)
        stat = RuleStat(
            row["rule"],
            row["category"],
            n,
            acc,
            row["rejected"],
            round(acc / n, 4) if n else None,
            round(lo, 4),
            round(hi, 4),
        )
        if row["category"] not in NEVER_LEARNED and n >= t.min_decisions:
            if row["rejected"] / n >= t.demote_rejection:
                stat.status, stat.source = "demoted", "learned"
            elif acc / n >= t.promote_acceptance:
                stat.status, stat.source = "promoted", "learned"
        if stat.rule in imp_demoted | imp_promoted:  # an imported choice overrides the counts
            stat.status, stat.source = ("demoted" if stat.rule in imp_demoted else "promoted"), "imported"
        stats.append(stat)
    learned_demoted = {s.rule for s in stats if s.status == "demoted"}
    learned_promoted = {s.rule for s in stats if s.status == "promoted"}
    demoted = (learned_demoted | imp_demoted) - imp_promoted
    promoted = (learned_promoted | imp_promoted) - demoted
    glossary = Glossary.from_dict(imp.get("glossary"))
    suggested = [
        {"before": b, "after": a, "count": n}
        for b, a, n in edit_counts  # insertions are not replacements
        if b and n >= t.min_edits and glossary.replacements.get(b) != a
    ]
    return HouseStyle(workspace, sorted(demoted), sorted(promoted), glossary, suggested, stats, t, bool(imp))


def apply(settings: Settings, style: HouseStyle | None) -> Settings:
    """`settings` with the house style added; the request's own glossary entries win over the style's."""
    if style is None or style.empty:
        return settings
    g, s = settings.glossary, style.glossary
    glossary = Glossary(
        list(dict.fromkeys([*s.protected, *g.protected])),
        {**s.banned, **g.banned},
        {**s.replacements, **g.replacements},
    )
    demoted = sorted(set(settings.demoted_rules) | set(style.demoted_rules))
    promoted = sorted((set(settings.promoted_rules) | set(style.promoted_rules)) - set(demoted))
    return replace(settings, demoted_rules=demoted, promoted_rules=promoted, glossary=glossary)
