"""The one pipeline call: segment -> analyze -> rewrite -> verify -> render.

CLI, API and UI are thin front ends over `rewrite()` and `analyze()`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .analyze import Analysis, analyze_document
from .errors import PlainspeakError
from .readability import score
from .render import Result, apply_changes
from .rewrite import propose
from .segment import segment
from .settings import Settings
from .verify import Verifier


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
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if sample and controls / len(sample) > 0.05:
        raise PlainspeakError("E002", "the input is mostly control characters: it looks like binary data", "text")
    if not text.strip():
        raise PlainspeakError("E001", "the input is empty or only whitespace", "text")
    return text


def run_analysis(text: str | bytes, format: str = "auto", settings: Settings | None = None) -> Analysis:
    settings = settings or Settings()
    text = validate_text(text, settings)
    doc = segment(text, format, settings.glossary.protected)
    return analyze_document(doc, settings)


def rescore(output: str, format: str, settings: dict[str, Any] | Settings) -> dict[str, Any]:
    s = settings if isinstance(settings, Settings) else Settings.from_dict(settings)
    if not output.strip():
        return score([]).to_dict()
    return analyze_document(segment(output, format, s.glossary.protected), s).scores.to_dict()


def rewrite(
    text: str | bytes, format: str = "auto", settings: Settings | None = None, accept: Iterable[str] | None = None
) -> Result:
    """Rewrite `text` into plain customer-ese. `accept` applies exactly those change ids."""
    settings = settings or Settings()
    analysis = run_analysis(text, format, settings)
    doc = analysis.document
    changes, flags = propose(analysis, settings)
    verifier = Verifier(settings)
    verdicts = []
    by_sentence: dict[int, list] = {}
    for c in changes:
        by_sentence.setdefault(c.sentence, []).append(c)
    for s in doc.sentences:
        verdicts.append(verifier.choose(s, by_sentence.get(s.index, [])).to_dict())
    # --- model hook (issue 3): whole-sentence rewrites from the seq2seq model, verified; see docs/model.md ---
    if settings.model.strip().lower() not in ("", "none", "off"):
        from .model.hook import add_model_changes

        add_model_changes(analysis, changes, verdicts, verifier, settings)
    # --- end model hook ---
    output, spans = apply_changes(doc.source, [c for c in changes if c.accepted])
    for c in changes:
        c.out_start, c.out_end = spans.get(c.id, (None, None))
    sentences = [
        {
            "index": sa.sentence.index,
            "source_span": [sa.sentence.start, sa.sentence.end],
            "words": sa.words,
            "grade": sa.grade,
        }
        for sa in analysis.sentences
    ]
    result = Result(
        doc.source,
        doc.format,
        output,
        changes,
        flags,
        analysis.scores.to_dict(),
        rescore(output, doc.format, settings) if changes else analysis.scores.to_dict(),
        verdicts,
        settings.to_dict(),
        sentences,
    )
    if accept is not None:
        result = result.with_accepted(accept)
    return result


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
