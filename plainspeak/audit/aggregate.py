"""Corpus-level figures of an audit, gathered file by file (streaming: findings are folded
into phrase counts as each file arrives, so memory grows with distinct phrases, not files)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

from .collect import FINDING_CATEGORIES_SHOWN

EXAMPLES_PER_PHRASE = 3
FILE_FIELDS = (
    "path",
    "kind",
    "host",
    "status",
    "words",
    "sentences",
    "grade",
    "grade_after",
    "reading_ease",
    "jargon_count",
    "passive_count",
    "long_sentence_count",
    "passive_sentences",
    "long_sentences",
    "jargon_sentences",
    "changes_applicable",
    "words_after",
    "findings_count",
    "error",
)


def normalize(phrase: str) -> str:
    return " ".join(phrase.lower().split())


@dataclass
class Phrase:
    category: str
    phrase: str
    rule: str
    suggestion: str | None
    count: int = 0
    files: set[str] = field(default_factory=set)
    examples: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "phrase": self.phrase,
            "rule": self.rule,
            "suggestion": self.suggestion,
            "count": self.count,
            "files": len(self.files),
            "examples": self.examples,
        }


class Aggregator:
    def __init__(self) -> None:
        self.files: list[dict[str, Any]] = []
        self.phrases: dict[tuple[str, str], Phrase] = {}
        self.by_category: dict[str, int] = {}

    def add(self, rec: dict[str, Any]) -> None:
        findings = rec.pop("findings", None) or []
        rec["findings_count"] = len(findings)
        self.files.append(rec)
        for f in findings:
            cat = f["category"]
            self.by_category[cat] = self.by_category.get(cat, 0) + 1
            if cat not in FINDING_CATEGORIES_SHOWN:  # style flags are counted as rates, not phrases
                continue
            key = (cat, normalize(f["text"]))
            ph = self.phrases.get(key)
            if ph is None:
                ph = self.phrases[key] = Phrase(cat, key[1], f["rule"], f.get("suggestion"))
            ph.count += 1
            ph.files.add(rec["path"])
            if len(ph.examples) < EXAMPLES_PER_PHRASE:
                ph.examples.append(f["where"])

    def ok_files(self) -> list[dict[str, Any]]:
        return [r for r in self.files if r["status"] == "ok" and r.get("words")]

    def summary(self, target_grade: float, gain: bool) -> dict[str, Any]:
        ok = self.ok_files()
        words = sum(r["words"] for r in ok)
        sentences = sum(r["sentences"] for r in ok)
        grades = [r["grade"] for r in ok if r["grade"] is not None]
        wmean = lambda key, wkey: (
            round(
                sum(r[key] * r[wkey] for r in ok if r[key] is not None)
                / max(1, sum(r[wkey] for r in ok if r[key] is not None)),
                2,
            )
            if ok
            else None
        )
        rate = lambda n: round(n / sentences, 4) if sentences else 0.0
        out = {
            "files": len(self.files),
            "files_read": sum(1 for r in self.files if r["status"] == "ok"),
            "files_with_copy": len(ok),
            "files_failed": sum(1 for r in self.files if r["status"] == "failed"),
            "words": words,
            "sentences": sentences,
            "grade_mean": wmean("grade", "words"),
            "grade_median": round(statistics.median(grades), 2) if grades else None,
            "files_above_target": sum(1 for g in grades if g > target_grade),
            "target_grade": target_grade,
            "passive_sentences": sum(r["passive_sentences"] for r in ok),
            "long_sentences": sum(r["long_sentences"] for r in ok),
            "jargon_sentences": sum(r["jargon_sentences"] for r in ok),
            "passive_rate": rate(sum(r["passive_sentences"] for r in ok)),
            "long_sentence_rate": rate(sum(r["long_sentences"] for r in ok)),
            "jargon_sentence_rate": rate(sum(r["jargon_sentences"] for r in ok)),
            "jargon_count": sum(r["jargon_count"] for r in ok),
            "jargon_per_1000_words": round(1000 * sum(r["jargon_count"] for r in ok) / words, 2) if words else 0.0,
            "findings_by_category": dict(sorted(self.by_category.items(), key=lambda kv: (-kv[1], kv[0]))),
            "gain_estimated": gain,
        }
        if gain:
            after = wmean("grade_after", "words_after")
            out.update(
                {
                    "grade_mean_after": after,
                    "grade_gain": round(out["grade_mean"] - after, 2)
                    if after is not None and out["grade_mean"] is not None
                    else None,
                    "changes_applicable": sum(r["changes_applicable"] for r in ok),
                    "files_improved": sum(1 for r in ok if r["changes_applicable"]),
                    "words_after": sum(r["words_after"] for r in ok),
                    "files_above_target_after": sum(
                        1 for r in ok if r["grade_after"] is not None and r["grade_after"] > target_grade
                    ),
                }
            )
        return out

    def top_phrases(self, category: str | None = None, n: int | None = None) -> list[dict[str, Any]]:
        items = [p for p in self.phrases.values() if category is None or p.category == category]
        items.sort(key=lambda p: (-p.count, -len(p.files), p.category, p.phrase))
        return [p.to_dict() for p in (items[:n] if n else items)]

    def worst_files(self, n: int = 15, min_words: int = 20) -> list[dict[str, Any]]:
        cand = [r for r in self.ok_files() if r["words"] >= min_words and r["grade"] is not None]
        cand.sort(key=lambda r: (-r["grade"], -r["jargon_count"], r["path"]))
        return cand[:n]

    def file_rows(self) -> list[dict[str, Any]]:
        rows = []
        for r in sorted(self.files, key=lambda r: r["path"]):
            row = {k: r.get(k) for k in FILE_FIELDS}
            row["error"] = f"{r['error']['code']} {r['error']['message']}" if r.get("error") else ""
            rows.append(row)
        return rows
