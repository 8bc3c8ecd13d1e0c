"""The pipeline's model step: whole-sentence rewrites from the seq2seq model, verified like rules.

For each sentence that is still hard after the rules (above the target grade, passive or long),
the model rewrites the rules' result into a few candidates. The verifier checks each one against
the original sentence (protected spans, numbers, negation, meaning, readability), with a stricter
meaning threshold than for rules, and the best passing candidate replaces the rules' changes for
that sentence only if it reads clearly easier. Otherwise the rules' result (or the original) stands.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ..analyze import Analysis
from ..readability import sentence_grade
from ..render import Change
from ..readability import word_count
from ..rules.style import passive
from ..settings import Settings
from ..verify import Verifier
from .explain import describe
from .metrics import invented

RULE_CODE = "PS9100"          # the model's rewrites share one code, in the style range
MODEL_SIMILARITY = 0.75       # MiniLM cosine a whole-sentence rewrite needs (rules need settings.similarity_threshold)
MIN_GAIN = 1.0                # grades a model rewrite must gain over the rules' result
MIN_WORDS = 10                # shorter sentences are left to the rules
CONTENT_RECALL = 0.5          # share of the input's content words the rewrite must keep
CANDIDATES = 3
_STOP = set("that this with from have will your their there these those which would could should about into "
            "than then them they were been being what when where while also such other more most".split())


def content_recall(before: str, after: str) -> float:
    words = {w for w in re.findall(r"[a-z]{4,}", before.lower()) if w not in _STOP}
    if not words:
        return 1.0
    kept = set(re.findall(r"[a-z]{4,}", after.lower()))
    return len(words & kept) / len(words)


def _needs_model(text: str, settings: Settings) -> bool:
    n = word_count(text)
    if n < MIN_WORDS:
        return False
    return n > settings.long_sentence_words or bool(passive(text, [])) or sentence_grade(text) > settings.target_grade


def add_model_changes(analysis: Analysis, changes: list[Change], verdicts: list[dict[str, Any]],
                      verifier: Verifier, settings: Settings) -> None:
    """Propose, verify and (when better) accept model rewrites; mutates `changes` and `verdicts`."""
    from .infer import get_rewriter

    rewriter = get_rewriter(settings.model)
    if rewriter is None:
        return
    strict = Verifier(replace(settings, similarity_threshold=max(settings.similarity_threshold, MODEL_SIMILARITY)))
    strict._embedder = verifier._embedder
    todo = []
    for sa in analysis.sentences:
        s = sa.sentence
        accepted = [c for c in changes if c.sentence == s.index and c.accepted]
        current = verifier.candidate(s, accepted) if accepted else s.text
        if current.strip() and "\n" not in s.text and _needs_model(current, settings):
            todo.append((sa, accepted, current))
    if not todo:
        return
    proposals = rewriter.generate([t[2] for t in todo], n=CANDIDATES, terms=settings.glossary.protected)
    for (sa, accepted, current), cands in zip(todo, proposals):
        s = sa.sentence
        verdict = next(v for v in verdicts if v["sentence"] == s.index)
        base_grade = sentence_grade(current)
        best: tuple[float, Change, float | None] | None = None
        reasons: list[str] = []
        for cand in cands:
            if cand.strip() in (s.text.strip(), current.strip()):
                continue
            message, reason = describe(s.text, cand)
            change = Change(id="", sentence=s.index, start=s.start, end=s.end, before=s.text, after=cand,
                            rule=RULE_CODE, category="style", kind="reframe", message=message, reason=reason,
                            origin="model", safe=False)
            ok, _, notes, sim, grade = strict.check(s, [change])
            if ok and invented(s.text, cand):
                ok, notes = False, ["it adds a name or item that the sentence does not have"]
            if ok and content_recall(current, cand) < CONTENT_RECALL:
                ok, notes = False, ["it drops too much of what the sentence says"]
            if ok and grade > base_grade - MIN_GAIN:
                ok, notes = False, [f"it does not read clearly easier than the rules' result ({base_grade} -> {grade})"]
            if not ok:
                reasons.extend(notes)
                continue
            if best is None or grade < best[0]:
                best = (grade, change, sim)
        if best is None:
            if cands:
                verdict.setdefault("notes", []).append(
                    f"model: {len(cands)} candidate(s) rejected ({'; '.join(dict.fromkeys(reasons)) or 'no change'})")
            continue
        grade, change, sim = best
        change.id = f"c{len(changes) + 1}"
        for c in changes:
            if c.sentence == s.index and c.accepted:
                c.accepted = c.accepted_by_default = False
                c.warnings.append(f"superseded by the model's rewrite of the whole sentence ({change.id})")
        changes.append(change)
        verdict["applied"] = [change.id]
        verdict["grade_after"] = grade
        verdict["similarity"] = sim
        verdict.setdefault("notes", []).append(f"model rewrite chosen: grade {base_grade} -> {grade}, similarity {sim}")
