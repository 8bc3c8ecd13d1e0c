"""The model stage: whole-sentence rewrites from the seq2seq model, verified like rules.

For each sentence still above the target grade after the rules and the restructure stage,
the model rewrites the original sentence into a few candidates (one per control prefix). Each must
pass the edit check (`allowed_changes.py`: every change one the rule data or grammar accounts for), then
the verifier checks it against the original (protected spans, numbers, negation, meaning,
readability), with a stricter meaning threshold than for rules, and the best passing candidate
replaces the rules' changes it overlaps only if it reads clearly easier than the rules' result
(the rules' changes elsewhere in the sentence stay when the whole still passes). Otherwise the
rules' result (or the original) stands.

The constants below were chosen on held-out rows 300-420 of dev_plain and 100-160 of
dev_identity (bench/quality.py reports rows 0-300 and 0-100): rewriting the original sentence
beat rewriting the rules' result (SARI 77.1 vs 75.6, rules alone 73.2), similarity 0.80 beat 0.75
(77.3 vs 77.1) at the same number of changed plain sentences, three prefixes beat one (77.1 vs 75.7).
Since the restructure stage turns passives active from the parse, the "active voice:" prefix no longer
pays: on 160 real documents (80 held-out formal paragraphs, 80 templates) it wrote none of the 3
model rewrites accepted out of 403 tries, and dropping it (with trying only sentences still above the
target) left every `bench/quality.py --n 150 --formal 100 --identity 60` figure unchanged. Likewise
the "simplify:" prefix: with "split:" (and its guided leads) alone, every output on held-out real text
was the same (`bench/plainer.py`, seeds 13 and 31: 100 formal paragraphs, 120 templates, 500
OneStopEnglish sentences), dev_plain SARI moved from 73.83 to 73.76 (model rewrites 8.7% -> 8.3%),
and the model's time per formal sentence fell by a third (0.093 -> 0.061 s, `bench/quality.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..changes import Change
from ..readability import sentence_grade, word_count
from ..segment import Sentence
from ..sentence_edits import as_changes, pieces
from ..settings import Settings
from ..stages import Draft, adopt
from ..verify import Verifier
from .allowed_changes import check as check_edits
from .allowed_changes import vocabulary
from .candidate_checks import content_recall, cut_list_tail, invented, new_nonwords, stutters
from .explain import describe
from .split_check import split_problem
from .split_leads import split_leads

RULE_CODE = "PS9100"  # the model's rewrites share one code, in the style range
MODEL_SIMILARITY = 0.80  # MiniLM cosine a whole-sentence rewrite needs (rules need settings.similarity_threshold)
MIN_GAIN = 1.0  # grades a model rewrite must gain over the rules' result
# shorter sentences are left to the rules and the restructure stage: over the 1,383 tries on bench/plainer.py's
# sets drawn with four seeds (13, 29, 41, 57: 240 formal paragraphs, 240 templates, 1,200 OneStopEnglish
# sentences) the model won 1 of the 313 under 18 words (12 in all), and those tries cost a sixth of an API
# request's CPU (bench_api.py's paragraph: median 193 -> 163 ms, same output; docs/model.md)
MIN_WORDS = 18
# longer sentences are left to the restructure stage: on 60 held-out formal paragraphs, 80 templates and
# 400 OneStopEnglish sentences the model won 0 of the 94 it tried at 40+ words, and they cost the most to decode
MAX_WORDS = 40
# denser sentences too: on 60 formal paragraphs, 60 templates and 300 OneStopEnglish sentences drawn with
# each of two seeds (13, 29), the model won 6 of the 746 sentences it tried, all at grade 15.2 or under,
# and none of the 167 above grade 16 (bench/plainer.py's sets; docs/model.md)
MAX_GRADE = 16.0
CONTENT_RECALL = 0.5  # share of the input's content words the rewrite must keep
TASKS = ("split",)  # one greedy candidate per control prefix (the docstring says why not "active", "simplify")
MIN_CONFIDENCE = 0.3  # drop a candidate in which the model chose a token with less probability


def _needs_model(text: str, settings: Settings) -> bool:
    """Is the sentence, as the rules and the restructure stage left it, still above the target grade (and
    of a length and density the model can help with)?"""
    return MIN_WORDS <= word_count(text) < MAX_WORDS and settings.target_grade < sentence_grade(text) <= MAX_GRADE


@dataclass
class _Todo:
    """A sentence the model should try: its rules' changes and the text they give."""

    sentence: Sentence
    accepted: list[Change]
    current: str


class ModelStage:
    """Propose, verify and (when clearly easier) accept whole-sentence rewrites from the seq2seq model."""

    name = "model"

    def enabled(self, settings: Settings) -> bool:
        return settings.model_enabled

    def run(self, draft: Draft) -> None:
        from .rewriter import get_rewriter

        settings = draft.settings
        todo = []
        for sa in draft.sentences:
            s = sa.sentence
            accepted = draft.accepted(s.index)
            current = draft.verifier.candidate(s, accepted) if accepted else s.text
            if current.strip() and "\n" not in s.text and _needs_model(current, settings):
                todo.append(_Todo(s, accepted, current))
        if not todo:
            return  # nothing above the target: the model is not even loaded (seconds for a one-off CLI call)
        rewriter = get_rewriter(settings.model)
        if rewriter is None:
            return
        # the model rewrites the original sentence (it was trained on raw jargon); the rules' result is the bar
        texts = [t.sentence.text for t in todo]
        # for a long sentence with a joint between clauses, one more candidate that must begin with the
        # sentence up to the joint: the model then decides how it goes on (see split_leads.py)
        leads = [
            split_leads(t.sentence.text) if word_count(t.current) > settings.long_sentence_words else [] for t in todo
        ]
        # decoding is held to the words the edit check allows, so the model writes its best allowed word
        # rather than a broken one ("Bposed", "leaveure") that the check would refuse afterwards
        from ..sentence_cache import propose as cached_propose  # each sentence decoded once per process

        proposals = cached_propose(
            rewriter,
            texts,
            TASKS,
            terms=settings.glossary.protected,
            min_confidence=MIN_CONFIDENCE,
            vocabulary=vocabulary,
            leads=leads,
            grade=settings.target_grade,
        )
        strict = Verifier(replace(settings, similarity_threshold=max(settings.similarity_threshold, MODEL_SIMILARITY)))
        for t, cands in zip(todo, proposals):
            self._choose(draft, strict, t, cands)

    def _choose(self, draft: Draft, strict: Verifier, t: _Todo, cands: list[str]) -> None:
        """Keep the easiest candidate that passes every check, if any, in place of the rules' changes it overlaps."""
        s = t.sentence
        verdict = draft.verdict(s.index)
        base_grade = sentence_grade(t.current)
        best: tuple[float, list[Change], float | None] | None = None
        reasons: list[str] = []
        groups: list[tuple[str, list[Change]]] = []
        for cand in cands:
            if cand.strip() in (s.text.strip(), t.current.strip()):
                continue
            group, refusal = self._changes(s, cand)
            if refusal:
                reasons.append(refusal)
            if group:
                groups.append((cand, group))
        # the model's own checks first (no embedding: most candidates fall here), then the verifier's
        # on the rest, in one embedding batch; a candidate is kept only if it passes both, as before
        passed: list[tuple[str, list[Change]]] = []
        for cand, group in groups:
            refused = self._refusal(s.text, t.current, cand, sentence_grade(strict.candidate(s, group)), base_grade)
            if refused:
                reasons.extend(refused)
            else:
                passed.append((cand, group))
        strict.prefetch((s, group) for _, group in passed)
        for _, group in passed:
            ok, _, notes, sim, grade = strict.check(s, group)
            if not ok:
                reasons.extend(notes)
                continue
            if best is None or grade < best[0]:
                best = (grade, group, sim)
        if best is None:
            note = (
                f"model: {len(cands)} candidate(s) rejected ({'; '.join(dict.fromkeys(reasons)) or 'no change'})"
                if cands
                else "model: no candidate (each lost a protected item, was unsure of a word, "
                "or the sentence is too long for the model)"
            )
            verdict.notes.append(note)
            return
        grade, group, sim = best
        adopt(draft, strict, s, t.accepted, group, grade, sim, what="model's rewrite")
        verdict.notes.append(
            f"model rewrite chosen: grade {base_grade} -> {verdict.grade_after}, similarity {verdict.similarity}"
        )

    @staticmethod
    def _changes(s: Sentence, cand: str) -> tuple[list[Change], str | None]:
        """The candidate as changes, or why it cannot be one (it moves a protected item, it makes an edit
        the rule data and grammar do not account for)."""
        edits = pieces(s, cand)
        if edits is None:
            return [], "it moves a placeholder or protected item"
        if not edits:
            return [], None
        allowed = check_edits(s.text, cand)
        if allowed.refusal:
            return [], allowed.refusal
        message, reason = describe(s.text, cand, allowed.swaps)
        changes = as_changes(s, edits, rule=RULE_CODE, category="style", message=message, reason=reason, origin="model")
        return changes, None

    @staticmethod
    def _refusal(original: str, current: str, cand: str, grade: float, base_grade: float) -> list[str]:
        """The model-specific checks after the verifier's: why the candidate is refused, or nothing."""
        broken = new_nonwords(original, cand)
        if broken:
            return [f"it has a word that is not English ({broken[0]!r})"]
        if stutters(cand) and not stutters(original):
            return ["it repeats itself"]
        if invented(original, cand):
            return ["it adds a name or item that the sentence does not have"]
        if cut_list_tail(original, cand):
            return ["it cuts the last item of a list off from the rest and its verb"]
        split = split_problem(original, cand)
        if split:
            return [split]
        if content_recall(current, cand) < CONTENT_RECALL:
            return ["it drops too much of what the sentence says"]
        if grade > base_grade - MIN_GAIN:
            return [f"it does not read clearly easier than the rules' result ({base_grade} -> {grade})"]
        return []
