"""The one pipeline call: segment -> analyze -> stages that propose changes -> verify -> render.

CLI, API and UI are thin front ends over `rewrite()` and `analyze()`. The stages run in the order
of `STAGES`; each is switched on or off by the settings (`Stage.enabled`). A server with idle worker
processes shares one document's sentences among them: `rewrite_part` per share, `join` to finish
(plainspeak/parts.py); `rewrite()` is the one-part case of the same two calls.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .analysis import Analysis, analyze_document, rescore
from .errors import PlainspeakError
from .model.stage import ModelStage
from .parts import Part, merged, partition
from .render import apply_changes
from .restructure.stage import RestructureStage
from .result import Result
from .rules.stage import RuleStage
from .segment import Sentence, segment
from .settings import Settings
from .stages import Draft, Stage
from .target import why_above
from .verify import Verifier

# C0 control characters other than tab, newline, vertical tab, form feed and carriage return
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f]")

STAGES: tuple[Stage, ...] = (RuleStage(), RestructureStage(), ModelStage())
TARGET_MIN_WORDS = 5  # a shorter line (a greeting, a heading) is not held to the target grade


def validate_text(text: str | bytes, settings: Settings) -> str:
    """Turn raw input into text, or raise a coded error that says what is wrong with it."""
    if isinstance(text, (bytes, bytearray)):
        if b"\x00" in text[:8192]:
            raise PlainspeakError("E002", "the input contains NUL bytes: it looks like a binary file", "text")
        try:
            text = bytes(text).decode("utf-8")  # a BOM stays: outputs must be byte-identical outside the copy
        except UnicodeDecodeError as exc:
            raise PlainspeakError("E003", f"the input is not valid UTF-8 (byte {exc.start})", "text") from exc
    if not isinstance(text, str):
        raise PlainspeakError("E006", "text must be a string", "text")
    if len(text) > settings.max_chars:
        raise PlainspeakError(
            "E004", f"the input has {len(text):,} characters; the limit is {settings.max_chars:,}", "text"
        )
    if "\x00" in text:
        raise PlainspeakError("E002", "the input contains NUL characters: it looks like binary data", "text")
    sample = text[:8192]
    controls = len(CONTROL_CHARS.findall(sample))
    if sample and controls / len(sample) > 0.05:
        raise PlainspeakError("E002", "the input is mostly control characters: it looks like binary data", "text")
    if not text.strip():
        raise PlainspeakError("E001", "the input is empty or only whitespace", "text")
    return text


def run_analysis(text: str | bytes, format: str = "auto", settings: Settings | None = None) -> Analysis:
    """Validate, segment and analyze: what every stage starts from."""
    settings = settings or Settings()
    text = validate_text(text, settings)
    doc = segment(text, format, settings.glossary.protected)
    return analyze_document(doc, settings)


def rewrite(
    text: str | bytes, format: str = "auto", settings: Settings | None = None, accept: Iterable[str] | None = None
) -> Result:
    """Rewrite `text` into plain customer-ese. `accept` applies exactly those change ids."""
    result = join([rewrite_part(text, format, settings)])
    if accept is not None:
        result = result.with_accepted(accept)
    return result


def rewrite_part(
    text: str | bytes, format: str = "auto", settings: Settings | None = None, part: int = 0, parts: int = 1
) -> Part:
    """Run every stage on one of `parts` shares of the document's sentences (`parts.partition`; all of them
    when `parts` is 1). `join` makes a result of all the parts, the same whatever the sharing."""
    settings = settings or Settings()
    analysis = run_analysis(text, format, settings)
    only = None if parts <= 1 else frozenset(partition(analysis, parts, settings.target_grade)[part])
    draft = Draft(analysis, settings, Verifier(settings), only=only)
    stage_of: list[int] = []
    for rank, stage in enumerate(STAGES):
        if stage.enabled(settings):
            stage.run(draft)
        stage_of += [rank] * (len(draft.changes) - len(stage_of))
    outcomes = [_sentence_outcome(draft, sa.sentence, sa.words, sa.grade) for sa in draft.sentences]
    return Part(
        analysis.document.source,
        analysis.document.format,
        settings,
        analysis.scores.to_dict(),
        draft.changes,
        stage_of,
        draft.flags,
        {sa.sentence.index: draft.verdict(sa.sentence.index) for sa in draft.sentences},
        outcomes,
    )


def join(parts: list[Part]) -> Result:
    """Render the accepted changes of every part and describe the outcome (the verdicts become JSON here)."""
    first = parts[0]
    changes, flags, verdicts, sentences = merged(parts)
    output, spans = apply_changes(first.source, [c for c in changes if c.accepted])
    for c in changes:
        c.out_start, c.out_end = spans.get(c.id, (None, None))
    scores_after = rescore(output, first.format, first.settings) if changes else first.scores_before
    return Result(
        first.source,
        first.format,
        output,
        changes,
        flags,
        first.scores_before,
        scores_after,
        [v.to_dict() for v in verdicts],
        first.settings.to_dict(),
        sentences,
    )


def _sentence_outcome(draft: Draft, s: Sentence, words: int, grade: float) -> dict[str, Any]:
    """A sentence's grade before and after the applied changes, and whether it meets the target; a
    sentence that does not gets a note on its verdict saying why (`target.why_above`)."""
    verdict = draft.verdict(s.index)
    after = verdict.grade_after
    met = after <= draft.settings.target_grade or words < TARGET_MIN_WORDS
    if not met:
        text = draft.verifier.candidate(s, draft.accepted(s.index))
        verdict.notes.append(why_above(text, after, draft.settings))
    return {
        "index": s.index,
        "source_span": [s.start, s.end],
        "words": words,
        "grade": grade,
        "grade_after": after,
        "target_met": met,
    }


def analyze(text: str | bytes, format: str = "auto", settings: Settings | None = None) -> dict[str, Any]:
    """Scores and every finding, without rewriting: the JSON of `plainspeak analyze`."""
    analysis = run_analysis(text, format, settings)
    return {
        "version": "1.0",
        "format": analysis.document.format,
        "scores": analysis.scores.to_dict(),
        "sentences": [
            {
                "index": sa.sentence.index,
                "text": sa.sentence.text,
                "source_span": [sa.sentence.start, sa.sentence.end],
                "words": sa.words,
                "grade": sa.grade,
                "findings": [
                    {
                        "rule": m.rule.code,
                        "category": m.rule.category,
                        "kind": m.rule.kind,
                        "text": m.text,
                        "span": [sa.sentence.start + m.start, sa.sentence.start + m.end],
                        "message": m.rule.message,
                        "reason": m.rule.reason,
                        "suggestion": m.replacement,
                    }
                    for m in sa.hits
                ],
            }
            for sa in analysis.sentences
        ],
    }
