"""Turn what a reviewer did into decisions: a Result (or its JSON) with the accepted change ids and,
optionally, the final text they published, whose hand edits are found by a word diff."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..changes import Change
from ..errors import PlainspeakError
from ..render import apply_changes
from ..result import Result
from .store import DecisionIn, FeedbackIn, check_workspace, document_hash

WORD = re.compile(r"\S+")
MAX_EDIT_WORDS = 6  # longer rewrites by hand are not "the same edit" twice; they are not counted
EDGE_PUNCT = ".,;:!?\"'()[]“”‘’"


def hand_edits(expected: str, final: str) -> list[tuple[str, str]]:
    """Word-level replacements and insertions/deletions that turn `expected` into `final`, each of at
    most MAX_EDIT_WORDS words a side, with sentence punctuation at their edges left out."""
    a, b = WORD.findall(expected), WORD.findall(final)
    edits: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal" or i2 - i1 > MAX_EDIT_WORDS or j2 - j1 > MAX_EDIT_WORDS:
            continue
        before = " ".join(a[i1:i2]).strip(EDGE_PUNCT)
        after = " ".join(b[j1:j2]).strip(EDGE_PUNCT)
        if before != after and (before or after):
            edits.append((before, after))
    return edits


def _check_ids(ids: Iterable[str], known: set[str]) -> list[str]:
    out = list(dict.fromkeys(ids))
    unknown = [i for i in out if i not in known]
    if unknown:
        raise PlainspeakError("E009", f"no change with id {unknown[0]!r} in this result", "accepted")
    return out


def from_result(
    result: Result, accepted: Iterable[str], workspace: str, *, final_text: str | None = None, source: str = "api"
) -> FeedbackIn:
    """The review of a Result: one decision per change, edits from the final text."""
    ids = _check_ids(accepted, {c.id for c in result.changes})
    chosen = set(ids)
    decisions = [
        DecisionIn(c.rule, c.category, c.before, c.after, c.id in chosen, c.accepted_by_default, c.origin)
        for c in result.changes
    ]
    edits = hand_edits(result.render(ids), final_text) if final_text is not None else []
    return FeedbackIn(
        check_workspace(workspace),
        document_hash(result.source),
        decisions,
        edits,
        source,
        document=result.source,
        final_text=final_text,
    )


def from_result_json(
    data: Mapping[str, Any],
    accepted: Iterable[str],
    workspace: str,
    *,
    text: str | None = None,
    final_text: str | None = None,
    source: str = "api",
) -> FeedbackIn:
    """The review of a result's JSON (what /v1/rewrite and `plainspeak rewrite --json` return).

    The JSON does not hold the source document: send `text` to have it hashed; without it the hash is
    of the result's output. Hand edits are measured against the output the accepted ids give."""
    changes = data.get("changes")
    if not isinstance(changes, list) or not isinstance(data.get("output"), str):
        raise PlainspeakError("E052", "result must be the JSON of a rewrite, with 'output' and 'changes'", "result")
    parsed: list[Change] = []
    for n, c in enumerate(changes):
        try:
            (start, end), (o_start, o_end) = c["source_span"], c["output_span"]
            parsed.append(
                Change(
                    id=str(c["id"]),
                    sentence=int(c.get("sentence", 0)),
                    start=int(start),
                    end=int(end),
                    before=str(c["before"]),
                    after=str(c["after"]),
                    rule=str(c["rule"]),
                    category=str(c["category"]),
                    kind=str(c.get("kind", "")),
                    message=str(c.get("message", "")),
                    reason=str(c.get("reason", "")),
                    origin=str(c.get("origin", "rule")),
                    safe=False,
                    accepted_by_default=bool(c["accepted_by_default"]),
                    accepted=bool(c["accepted"]),
                    out_start=o_start,
                    out_end=o_end,
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise PlainspeakError(
                "E052", f"result.changes.{n} is not a change of a rewrite result ({exc})", f"result.changes.{n}"
            ) from exc
    ids = _check_ids(accepted, {c.id for c in parsed})
    chosen = set(ids)
    decisions = [
        DecisionIn(c.rule, c.category, c.before, c.after, c.id in chosen, c.accepted_by_default, c.origin)
        for c in parsed
    ]
    edits: list[tuple[str, str]] = []
    if final_text is not None:
        edits = hand_edits(_rendered(data["output"], parsed, chosen, text), final_text)
    return FeedbackIn(
        check_workspace(workspace),
        document_hash(text if text is not None else data["output"]),
        decisions,
        edits,
        source,
        document=text,
        final_text=final_text,
    )


def _rendered(output: str, changes: list[Change], chosen: set[str], source: str | None) -> str:
    """The text the accepted ids give: the result's output when they are the ones it applied; else the
    source (sent, or rebuilt from the output by undoing its applied changes) with them applied."""
    applied = {c.id for c in changes if c.accepted}
    if applied == chosen:
        return output
    if source is None:
        parts: list[str] = []
        pos = 0
        spans = sorted(
            (c.out_start, c.out_end or c.out_start, c.before) for c in changes if c.accepted and c.out_start is not None
        )
        for start, end, before in spans:
            parts += [output[pos:start], before]
            pos = end
        source = "".join(parts) + output[pos:]
    return apply_changes(source, [c for c in changes if c.id in chosen])[0]


def from_decision_line(rec: Mapping[str, Any], workspace: str, source: str = "cli") -> FeedbackIn:
    """One decision given on its own: {"rule", "before", "after", "accepted"[, "category", "origin",
    "accepted_by_default", "doc_hash"]} (a line of `plainspeak feedback`)."""
    for name, kind in (("rule", str), ("before", str), ("after", str), ("accepted", bool)):
        if not isinstance(rec.get(name), kind):
            raise PlainspeakError("E052", f"a decision needs {name!r} ({kind.__name__})", name)
    d = DecisionIn(
        rec["rule"],
        str(rec.get("category") or "unknown"),
        rec["before"],
        rec["after"],
        rec["accepted"],
        bool(rec.get("accepted_by_default", True)),
        str(rec.get("origin") or "rule"),
    )
    doc = rec.get("doc_hash") or document_hash(f"{d.rule}\0{d.before}\0{d.after}")
    return FeedbackIn(check_workspace(workspace), str(doc)[:64], [d], [], source)
