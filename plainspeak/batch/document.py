"""One file in, one file out: decode, rewrite each piece of copy, encode back."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from typing import Any

from ..errors import PlainspeakError
from ..pipeline import validate_text
from ..settings import Settings
from .discover import host_for, refine_kind
from .formats import CopyOutcome, mask, mask_spans, rewrite_copy

BOM = codecs.BOM_UTF8


@dataclass
class DocOutcome:
    kind: str
    host: str
    output: bytes
    parts: list[CopyOutcome] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def decode(data: bytes, encoding: str = "utf-8") -> tuple[str, bytes]:
    """(text, prefix): a UTF-8 byte-order mark is kept aside and written back unchanged."""
    prefix = b""
    if encoding.lower().replace("_", "-") in ("utf-8", "utf8") and data.startswith(BOM):
        prefix, data = BOM, data[len(BOM) :]
    if b"\x00" in data[:8192]:
        raise PlainspeakError("E002", "the file contains NUL bytes: it looks like a binary file", "text")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise PlainspeakError(
            "E003",
            f"the file is not valid {encoding} (byte {exc.start + len(prefix)}); convert it or pass --encoding",
            "text",
        ) from exc
    except LookupError as exc:
        raise PlainspeakError("E037", f"unknown encoding {encoding!r}", "encoding") from exc
    return text, prefix


def encode(text: str, prefix: bytes, encoding: str) -> bytes:
    try:
        return prefix + text.encode(encoding)
    except UnicodeEncodeError as exc:
        raise PlainspeakError(
            "E036",
            f"the rewritten text has {exc.object[exc.start : exc.end]!r}, which {encoding} cannot encode",
            "encoding",
        ) from exc


def process_document(data: bytes, kind: str, name: str, settings: Settings, encoding: str = "utf-8") -> DocOutcome:
    """Rewrite the copy of one file of `kind`. Raises PlainspeakError on a file that cannot be handled."""
    kind = refine_kind(kind, data)
    if kind == "eml":
        from .eml import rewrite_eml

        out, parts, warnings = rewrite_eml(data, settings)
        return DocOutcome(kind, "eml", out, parts, warnings + [w for p in parts for w in p.warnings])
    text, prefix = decode(data, encoding)
    host = host_for(kind, name, text)
    if not text.strip():
        return DocOutcome(kind, host, data)
    validate_text(text, settings)  # size and binary checks, with the core's error codes
    outcome = rewrite_copy(text, host, kind, settings)
    output = data if outcome.output == text else encode(outcome.output, prefix, encoding)
    return DocOutcome(kind, host, output, [outcome], list(outcome.warnings))


def copy_units(data: bytes, kind: str, name: str, encoding: str = "utf-8") -> tuple[str, list[tuple[str, str, str]]]:
    """(kind, [(label, text, host)]): the copy of a file as the audit reads it, masked like batch
    masks it (template comments and MJML head data are blank), without rewriting."""
    kind = refine_kind(kind, data)
    if kind == "eml":
        from .eml import email_units

        return kind, [(label, mask(text, mask_spans(text, host)), host) for label, text, host in email_units(data)]
    text, _ = decode(data, encoding)
    host = host_for(kind, name, text)
    return kind, [("body", mask(text, mask_spans(text, kind)), host)]


def summary(doc: DocOutcome) -> dict[str, Any]:
    """Per-file figures for the report: grades, changes by category, warnings."""
    applied = [c for p in doc.parts for c in p.applied]
    by_cat: dict[str, int] = {}
    for c in applied:
        by_cat[c["category"]] = by_cat.get(c["category"], 0) + 1
    flags_by: dict[str, int] = {}
    for p in doc.parts:
        for f in p.flags:
            flags_by[f["category"]] = flags_by.get(f["category"], 0) + 1
    words_before = sum(p.scores_before.get("words", 0) for p in doc.parts)
    words_after = sum(p.scores_after.get("words", 0) for p in doc.parts)

    def grade(key: str) -> float | None:
        scored = [
            (getattr(p, key).get("flesch_kincaid_grade", 0.0), getattr(p, key).get("words", 0))
            for p in doc.parts
            if getattr(p, key)
        ]
        total = sum(w for _, w in scored)
        if not total:
            return None
        return round(sum(g * w for g, w in scored) / total, 2)

    verifier = [f"{p.label}: {c['id']} {c['rule']}: {w}" for p in doc.parts for c in p.changes for w in c["warnings"]]
    return {
        "kind": doc.kind,
        "host": doc.host,
        "grade_before": grade("scores_before"),
        "grade_after": grade("scores_after"),
        "words_before": words_before,
        "words_after": words_after,
        "proposed": sum(len(p.changes) for p in doc.parts),
        "applied": len(applied),
        "by_category": dict(sorted(by_cat.items())),
        "flags": sum(len(p.flags) for p in doc.parts),
        "flags_by_category": dict(sorted(flags_by.items())),
        "warnings": list(doc.warnings),
        "verifier_warnings": verifier,
        "parts": [
            {
                "label": p.label,
                "host": p.host,
                "changes": p.changes,
                "grade_before": p.scores_before.get("flesch_kincaid_grade"),
                "grade_after": p.scores_after.get("flesch_kincaid_grade"),
            }
            for p in doc.parts
        ],
    }
