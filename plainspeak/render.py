"""Stage 5, render: apply a chosen set of changes to the source and describe the result."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from .errors import PlainspeakError

SCHEMA_VERSION = "1.0"


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


def apply_changes(source: str, changes: Iterable[Change], base: int = 0) -> tuple[str, dict[str, tuple[int, int]]]:
    """Apply non-overlapping changes to `source` (whose first character sits at `base`).

    Returns the new text and each change's [start, end) in it. A deletion that begins a
    sentence capitalizes the letter that now starts it.
    """
    out: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    local = lambda at: min(max(at - base, 0), len(source))
    pos = base
    length = 0
    capitalize_at: list[int] = []
    prev: Change | None = None
    for c in sorted(changes, key=lambda c: c.start):
        if prev is not None and c.start < prev.end:
            raise PlainspeakError(
                "E014", f"changes {prev.id} and {c.id} rewrite the same words; accept one of them", "accept"
            )
        prev = c
        gap = source[local(pos) : local(c.start)]
        out.append(gap)
        length += len(gap)
        spans[c.id] = (length, length + len(c.after))
        out.append(c.after)
        length += len(c.after)
        if c.sentence_start and (not c.after or c.after[:1].islower()) and c.before[:1].isupper():
            capitalize_at.append(length - len(c.after))
        pos = c.end
    out.append(source[local(pos) :])
    text = "".join(out)
    if capitalize_at:
        chars = list(text)
        for at in capitalize_at:
            i = at
            while i < len(chars) and chars[i].isspace():
                i += 1
            if i < len(chars) and chars[i].islower():
                chars[i] = chars[i].upper()
        text = "".join(chars)
    return text, spans


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
        from .pipeline import rescore  # scores depend on readability; keep render free of it

        ids = list(accept)
        for cid in ids:
            self.change(cid)
        chosen = set(ids)
        changes = [Change(**{**asdict(c), "accepted": c.id in chosen}) for c in self.changes]
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
