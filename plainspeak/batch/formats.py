"""Rewriting the copy of one document of a given kind, with the core engine.

Template languages add text the core must never rewrite: comments (`{{!-- --}}`,
`{# #}`, `{% comment %}...{% endcomment %}`, `<%# %>`), template tags longer than the
core's protected-span limits, and in MJML the contents of `<mj-style>`,
`<mj-attributes>` and similar head elements. Batch *masks* those stretches before it
calls `plainspeak.rewrite`: each character becomes a space (line breaks are kept), so
the masked text has the same length and every change the core proposes has the same
span in the original. Changes are then applied to the original text; a sentence any of
whose changes would reach into a masked stretch keeps all of its original words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import PlainspeakError
from ..pipeline import rescore, rewrite
from ..render import apply_changes
from ..settings import Settings
from . import fidelity

_COMMENTS = [
    re.compile(r"\{\{!--.*?--\}\}", re.S),  # handlebars block comment
    re.compile(r"\{\{!.*?\}\}", re.S),  # {{! comment }}
    re.compile(r"(?<!\{)\{#.*?#\}", re.S),  # jinja / django comment
    re.compile(r"\{%-?\s*comment\b.*?%\}.*?\{%-?\s*endcomment\s*-?%\}", re.S),  # liquid / django block comment
    re.compile(r"<%#.*?%>", re.S),  # ERB comment
    re.compile(r"%%\[.*?\]%%", re.S),  # AMPscript block %%[ ... ]%%
    re.compile(r"%%=.*?=%%", re.S),  # AMPscript inline %%=v(@x)=%%
]
# Tags the core protects only up to a length (200 or 400 characters): mask the longer ones.
_LONG_TAGS = [
    re.compile(r"\{\{(?:(?!\}\}).){150,}\}\}", re.S),
    re.compile(r"\{%(?:(?!%\}).){150,}%\}", re.S),
    re.compile(r"<%(?:(?!%>).){150,}%>", re.S),
]
_MJML_HEAD = re.compile(
    r"<(mj-style|mj-attributes|mj-breakpoint|mj-font|mj-html-attributes)\b[^>]*>(.*?)</\1\s*>", re.S | re.I
)
_BLOCKTRANS = re.compile(r"\{%-?\s*blocktrans(?:late)?\b.*?%\}(.*?)\{%-?\s*endblocktrans(?:late)?\s*-?%\}", re.S)


@dataclass
class CopyOutcome:
    """The rewritten copy of one document (or one part of an email)."""

    label: str
    host: str
    output: str
    changes: list[dict[str, Any]] = field(default_factory=list)
    flags: list[dict[str, Any]] = field(default_factory=list)
    scores_before: dict[str, Any] = field(default_factory=dict)
    scores_after: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def applied(self) -> list[dict[str, Any]]:
        return [c for c in self.changes if c["accepted"]]


def mask_spans(text: str, kind: str) -> list[tuple[int, int]]:
    """Stretches of `text` that are template syntax or markup data, never copy."""
    spans: list[tuple[int, int]] = []
    for rx in _COMMENTS + _LONG_TAGS:
        spans += [(m.start(), m.end()) for m in rx.finditer(text)]
    if kind == "mjml":
        spans += [(m.start(2), m.end(2)) for m in _MJML_HEAD.finditer(text)]
    spans.sort()
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    out, pos = [], 0
    for s, e in spans:
        out.append(text[pos:s])
        out.append(re.sub(r"[^\r\n]", " ", text[s:e]))
        pos = e
    out.append(text[pos:])
    return "".join(out)


def _unchanged(label: str, host: str, text: str) -> CopyOutcome:
    return CopyOutcome(label, host, text)


def rewrite_copy(text: str, host: str, kind: str, settings: Settings, label: str = "body") -> CopyOutcome:
    """Rewrite the copy of `text` (a whole document in `host` format) and check the result.

    Raises PlainspeakError E032 when the fidelity checks fail.
    """
    spans = mask_spans(text, kind)
    masked = mask(text, spans)
    try:
        result = rewrite(masked, host, settings)
    except PlainspeakError as exc:
        if exc.code == "E001":  # nothing but whitespace (or all masked): nothing to rewrite
            return _unchanged(label, host, text)
        raise
    warnings: list[str] = []
    accepted = [c for c in result.changes if c.accepted]
    bad_sentences = {
        c.sentence
        for c in accepted
        if text[c.start : c.end] != c.before or any(c.start < e and s < c.end for s, e in spans)
    }
    for c in result.changes:
        if c.accepted and c.sentence in bad_sentences:
            c.accepted = False
            c.warnings.append("not applied: its sentence reaches into template syntax hidden from the rewriter")
    applied = [c for c in result.changes if c.accepted]
    output, out_spans = apply_changes(text, applied)
    for c in result.changes:
        c.out_start, c.out_end = out_spans.get(c.id, (None, None))
    scores_after = result.scores_after
    if bad_sentences:
        warnings.append(f"{len(bad_sentences)} sentence(s) kept as they were: a change would touch template syntax")
        scores_after = rescore(output, host, settings) if applied else result.scores_before
    problems = fidelity.check(text, output, host, [(c.start, c.end) for c in applied]) if applied else []
    if problems:
        raise PlainspeakError("E032", f"{label}: " + "; ".join(problems), "output")
    trans = [(m.start(1), m.end(1)) for m in _BLOCKTRANS.finditer(text)]
    inside = sum(1 for c in applied if any(s <= c.start and c.end <= e for s, e in trans))
    if inside:
        warnings.append(
            f"{inside} change(s) inside {{% blocktrans %}} blocks: these are translation msgids, "
            "so update your message catalogues"
        )
    changes = []
    for c in result.changes:
        d = c.to_dict()
        changes.append(
            {
                k: d[k]
                for k in (
                    "id",
                    "rule",
                    "category",
                    "kind",
                    "before",
                    "after",
                    "accepted",
                    "safe",
                    "warnings",
                    "source_span",
                    "output_span",
                    "reason",
                )
            }
        )
    flags = [
        {"rule": f.rule, "category": f.category, "text": f.text, "source_span": [f.start, f.end], "message": f.message}
        for f in result.flags
    ]
    return CopyOutcome(label, host, output, changes, flags, result.scores_before, scores_after, warnings)
