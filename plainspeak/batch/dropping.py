"""Drop, one by one, the changes that would break a template token or leave an HTML text node.

The core protects template tokens it can see in one piece; a token that markup splits in
two (`{{ render_text("... <b>x</b> as an additional mailbox.") }}`) or that holds braces is
invisible to it, and a rule may rewrite a word inside it. Such a change fails the file's
fidelity check (`fidelity.check`, E032). Batch drops exactly those changes before the check,
with the same tests the check uses, and writes the file with the others. Each drop is in the
file's record (`dropped`) and in the change's warnings (the report's verifier warnings).
A file whose changes all pass is untouched by this step.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..changes import Change
from . import fidelity

_SHOWN = 60  # characters of a token quoted in a warning


def _short(token: str) -> str:
    return token if len(token) <= _SHOWN else token[: _SHOWN - 3] + "..."


def unsafe_reason(
    c: Change, text: str, tokens: Sequence[tuple[int, int]], text_nodes: Sequence[tuple[int, int]] | None
) -> str | None:
    """Why applying `c` to `text` would fail a per-change fidelity check; None when it would not."""
    for s, e in tokens:
        if c.start < e and s < c.end:
            return f"it would change the template token {_short(text[s:e])!r}"
    if text_nodes is not None and c.end > c.start and not any(s <= c.start and c.end <= e for s, e in text_nodes):
        return "it reaches outside an HTML text node"
    return None


def drop_unsafe(text: str, host: str, changes: Sequence[Change], label: str) -> list[dict[str, Any]]:
    """Un-accept every accepted change of `changes` that `unsafe_reason` refuses. Returns one
    record per dropped change (for the report); each dropped change also gets a warning."""
    accepted = [c for c in changes if c.accepted]
    if not accepted:
        return []
    tokens = fidelity.template_spans(text)
    nodes = fidelity.text_ranges(text) if host == "html" else None
    dropped: list[dict[str, Any]] = []
    for c in accepted:
        why = unsafe_reason(c, text, tokens, nodes)
        if why is None:
            continue
        c.accepted = False
        c.warnings.append(f"dropped: {c.before!r} -> {c.after!r}: {why}")
        dropped.append(
            {
                "part": label,
                "id": c.id,
                "rule": c.rule,
                "before": c.before,
                "after": c.after,
                "source_span": [c.start, c.end],
                "reason": why,
            }
        )
    return dropped
