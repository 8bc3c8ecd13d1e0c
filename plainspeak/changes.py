"""The core types every stage shares: a proposed edit (`Change`) and a problem pointed out without a fix (`Flag`)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any


@dataclass
class Change:
    """One proposed edit: source[start:end] (before) becomes `after`."""

    id: str
    sentence: int
    start: int
    end: int
    before: str
    after: str
    rule: str
    category: str
    kind: str
    message: str
    reason: str
    origin: str  # "rule" or "model"
    safe: bool
    accepted_by_default: bool = True
    accepted: bool = True
    alternatives: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sentence_start: bool = False  # the change begins its sentence (re-capitalize after a deletion)
    negation_ok: bool = False  # a Say-YES reframe that drops a negative word on purpose
    out_start: int | None = None
    out_end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON of a change (the fields in order, spans as pairs; what only the pipeline needs left out).
        Built field by field: `dataclasses.asdict` deep-copies every value, a third of a cached API call."""
        d = {name: getattr(self, name) for name in _CHANGE_JSON}
        d["alternatives"] = list(self.alternatives)
        d["warnings"] = list(self.warnings)
        d["source_span"] = [self.start, self.end]
        d["output_span"] = [self.out_start, self.out_end]
        return d

    def copy(self, **changes: Any) -> Change:
        """A copy that shares nothing mutable with this one, with `changes` applied."""
        return replace(self, alternatives=list(self.alternatives), warnings=list(self.warnings), **changes)


@dataclass
class Flag:
    """A problem pointed out without a fix (passive voice, long sentence, cliche, banned term)."""

    sentence: int
    start: int
    end: int
    text: str
    rule: str
    category: str
    message: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        d = {name: getattr(self, name) for name in _FLAG_JSON}
        d["source_span"] = [self.start, self.end]
        return d


# the fields each type's JSON takes as they are, in order (the spans become pairs; the rest only the pipeline needs)
_CHANGE_JSON = tuple(
    f.name
    for f in fields(Change)
    if f.name not in {"start", "end", "out_start", "out_end", "sentence_start", "negation_ok"}
)
_FLAG_JSON = tuple(f.name for f in fields(Flag) if f.name not in {"start", "end"})
