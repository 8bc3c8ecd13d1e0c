"""What the pipeline returns: the text, every change and why, scores and verdicts, and its JSON."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .analysis import rescore
from .changes import Change, Flag
from .errors import PlainspeakError
from .render import apply_changes

SCHEMA_VERSION = "1.0"


@dataclass
class Result:
    """What the pipeline returns: the text, every change and why, scores and verdicts."""

    source: str
    format: str
    output: str
    changes: list[Change]
    flags: list[Flag]
    scores_before: dict[str, Any]
    scores_after: dict[str, Any]
    verdicts: list[dict[str, Any]]
    settings: dict[str, Any]
    sentences: list[dict[str, Any]] = field(default_factory=list)

    def change(self, change_id: str) -> Change:
        for c in self.changes:
            if c.id == change_id:
                return c
        raise PlainspeakError("E009", f"no change with id {change_id!r}", "accept")

    def with_accepted(self, accept: Iterable[str]) -> Result:
        """A copy in which exactly the changes in `accept` are applied."""
        ids = list(accept)
        for cid in ids:
            self.change(cid)
        chosen = set(ids)
        changes = [c.copy(accepted=c.id in chosen) for c in self.changes]
        output, spans = apply_changes(self.source, [c for c in changes if c.accepted])
        for c in changes:
            c.out_start, c.out_end = spans.get(c.id, (None, None))
        return Result(
            self.source,
            self.format,
            output,
            changes,
            self.flags,
            self.scores_before,
            rescore(output, self.format, self.settings),
            self.verdicts,
            self.settings,
            self.sentences,
        )

    def render(self, accept: Iterable[str]) -> str:
        """Only the text, for the chosen changes (what the UI shows as you accept and reject)."""
        chosen = set(accept)
        return apply_changes(self.source, [c for c in self.changes if c.id in chosen])[0]

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": SCHEMA_VERSION,
            "format": self.format,
            "output": self.output,
            "changes": [c.to_dict() for c in self.changes],
            "flags": [f.to_dict() for f in self.flags],
            "scores": {"before": self.scores_before, "after": self.scores_after},
            "verdicts": self.verdicts,
            "sentences": self.sentences,
            "settings": self.settings,
        }
