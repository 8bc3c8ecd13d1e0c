"""The core types every stage shares: a proposed edit (`Change`) and a problem pointed out without a fix (`Flag`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
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
        d = asdict(self)
        d.pop("sentence_start")
        d.pop("negation_ok")
        d["source_span"] = [d.pop("start"), d.pop("end")]
        d["output_span"] = [d.pop("out_start"), d.pop("out_end")]
        return d


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
        d = asdict(self)
        d["source_span"] = [d.pop("start"), d.pop("end")]
        return d
