"""The per-file work of an audit: read, analyse (and estimate the rewrite), return figures.

Runs on any batch engine (in process, a local pool, dask): it reads its file and returns
a JSON-able record; nothing is written.
"""

from __future__ import annotations

import time
import traceback
from pathlib import Path
from typing import Any

from ..batch.document import copy_units
from ..batch.worker import settings_for
from ..errors import PlainspeakError
from ..pipeline import analyze, rewrite
from ..rules.style import LONG, PASSIVE

FINDING_CATEGORIES_SHOWN = (
    "jargon",
    "say-no",
    "hollow",
    "wordy",
    "legalese",
    "customer-focus",
    "nominalization",
    "cliche",
    "glossary",
)


def _line_col(text: str, at: int) -> tuple[int, int]:
    line = text.count("\n", 0, at) + 1
    col = at - (text.rfind("\n", 0, at) + 1) + 1
    return line, col


def _wmean(pairs: list[tuple[float, int]]) -> float | None:
    total = sum(w for _, w in pairs)
    if not total:
        return None
    return round(sum(g * w for g, w in pairs) / total, 2)


def audit_unit(text: str, host: str, settings, gain: bool) -> dict[str, Any]:
    """Figures for one piece of copy (a whole file, or one part of an email)."""
    try:
        rep = analyze(text, host, settings)
    except PlainspeakError as exc:
        if exc.code == "E001":
            return {
                "words": 0,
                "sentences": 0,
                "grade": None,
                "findings": [],
                "passive_sentences": 0,
                "long_sentences": 0,
                "jargon_sentences": 0,
                "jargon_count": 0,
                "passive_count": 0,
                "long_sentence_count": 0,
                "reading_ease": None,
                "grade_after": None,
                "words_after": 0,
                "changes_applicable": 0,
            }
        raise
    s = rep["scores"]
    findings = []
    passive = long = jargon_sents = 0
    for sent in rep["sentences"]:
        rules = {f["rule"] for f in sent["findings"]}
        passive += PASSIVE.code in rules
        long += LONG.code in rules
        jargon_sents += any(f["category"] in FINDING_CATEGORIES_SHOWN for f in sent["findings"])
        for f in sent["findings"]:
            line, col = _line_col(text, f["span"][0])
            findings.append(
                {
                    "category": f["category"],
                    "rule": f["rule"],
                    "text": f["text"],
                    "line": line,
                    "col": col,
                    "suggestion": f["suggestion"],
                }
            )
    out = {
        "words": s["words"],
        "sentences": s["sentences"] if s["words"] else 0,
        "grade": s["flesch_kincaid_grade"] if s["words"] else None,
        "reading_ease": s["flesch_reading_ease"] if s["words"] else None,
        "jargon_count": s["jargon_count"],
        "passive_count": s["passive_count"],
        "long_sentence_count": s["long_sentence_count"],
        "passive_sentences": passive,
        "long_sentences": long,
        "jargon_sentences": jargon_sents,
        "findings": findings,
        "grade_after": None,
        "words_after": s["words"],
        "changes_applicable": 0,
    }
    if gain and s["words"]:
        result = rewrite(text, host, settings)
        out["grade_after"] = result.scores_after["flesch_kincaid_grade"]
        out["words_after"] = result.scores_after["words"]
        out["changes_applicable"] = sum(1 for c in result.changes if c.accepted)
    elif s["words"]:
        out["grade_after"] = out["grade"]
    return out


def audit_file(task: dict[str, Any], job: dict[str, Any]) -> dict[str, Any]:
    t0 = time.perf_counter()
    src, rel = Path(task["src"]), task["rel"]
    rec: dict[str, Any] = {"path": rel, "kind": task["kind"], "status": "failed", "error": None}
    try:
        data = src.read_bytes()
        kind, units = copy_units(data, task["kind"], src.name, job.get("encoding", "utf-8"))
        settings = settings_for(job)
        rec["kind"] = kind
        rec["host"] = "eml" if kind == "eml" else (units[0][2] if units else None)
        parts = []
        for label, text, host in units:
            if len(text) > settings.max_chars:
                raise PlainspeakError(
                    "E004", f"{label}: {len(text):,} characters; the limit is {settings.max_chars:,}", "text"
                )
            u = audit_unit(text, host, settings, job.get("gain", True))
            for f in u["findings"]:
                f["where"] = f"{rel}:{f['line']}:{f['col']}" if label == "body" else f"{rel} ({label}):{f['line']}"
            parts.append(u)
        sums = (
            "words",
            "sentences",
            "jargon_count",
            "passive_count",
            "long_sentence_count",
            "passive_sentences",
            "long_sentences",
            "jargon_sentences",
            "words_after",
            "changes_applicable",
        )
        for k in sums:
            rec[k] = sum(p[k] for p in parts)
        rec["grade"] = _wmean([(p["grade"], p["words"]) for p in parts if p["grade"] is not None])
        rec["reading_ease"] = _wmean([(p["reading_ease"], p["words"]) for p in parts if p["reading_ease"] is not None])
        rec["grade_after"] = _wmean(
            [(p["grade_after"], p["words_after"]) for p in parts if p["grade_after"] is not None]
        )
        rec["findings"] = [f for p in parts for f in p["findings"]]
        rec["status"] = "ok"
    except PlainspeakError as exc:
        rec["error"] = {"code": exc.code, "message": exc.message}
    except OSError as exc:
        rec["error"] = {"code": "E010", "message": f"{rel}: {exc.strerror}"}
    except Exception as exc:
        rec["error"] = {
            "code": "E038",
            "message": f"{type(exc).__name__}: {exc}",
            "traceback": traceback.format_exc(limit=6),
        }
    rec["seconds"] = round(time.perf_counter() - t0, 4)
    return rec


def audit_chunk(tasks: list[dict[str, Any]], job: dict[str, Any]) -> list[dict[str, Any]]:
    return [audit_file(t, job) for t in tasks]
