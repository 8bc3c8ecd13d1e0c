"""Verify: a candidate sentence must keep every protected span, number and negation,
keep its meaning and not read worse; otherwise fall back to the best candidate that passes."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .changes import Change
from .readability import sentence_grade, syllables, word_count
from .render import apply_changes
from .segment import Sentence
from .segment.protect import find_protected
from .settings import Settings

if TYPE_CHECKING:
    from .embeddings import Embedder

_NEGATION = re.compile(
    r"\b(?:not|no|never|none|nothing|nobody|nowhere|nor|neither|cannot|without|unless|"
    r"unable|refuse[sd]?)\b|n['’]t\b",
    re.I,
)
_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred thousand million billion first second third half quarter once twice"
).split()
_NUMBERS = re.compile(r"\d+(?:[.,:/-]\d+)*|\b(?:" + "|".join(_NUMBER_WORDS) + r")\b", re.I)
GRADE_TOLERANCE = 0.5


@dataclass
class Verdict:
    sentence: int
    ok: bool
    checks: dict[str, bool] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    similarity: float | None = None
    grade_before: float = 0.0
    grade_after: float = 0.0
    applied: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    fallback: str | None = None  # set when not every proposed change could be kept

    def to_dict(self) -> dict[str, object]:
        return self.__dict__.copy()


def negations(text: str) -> int:
    return len(_NEGATION.findall(text))


def numbers(text: str) -> Counter[str]:
    return Counter(m.group(0).lower() for m in _NUMBERS.finditer(text))


def certain(safe: bool, kind: str) -> bool:
    """Is a change of this rule one the meaning check need not measure: a safe swap or a deletion?"""
    return safe or kind == "delete"


def _certain(c: Change) -> bool:
    return certain(c.safe, c.kind)


def _removes_all(out: str) -> bool:
    """Do the changes leave no words of the sentence (only spaces or punctuation)?"""
    return not out.strip() or not re.search(r"[A-Za-z]", out)


class Verifier:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.terms = settings.glossary.protected
        self._embedder: Embedder | None = None

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            from .embeddings import get_embedder

            # with the seq2seq model, torch is loaded anyway: its MiniLM is the faster one then
            self._embedder = get_embedder("torch" if self.settings.model_enabled else None)
        return self._embedder

    def candidate(self, sentence: Sentence, changes: list[Change]) -> str:
        return apply_changes(sentence.text, changes, base=sentence.start)[0]

    def _meaning_pair(
        self, sentence: Sentence, changes: list[Change], out: str, reference: str | None = None
    ) -> tuple[str, str] | None:
        """The two texts the meaning check compares, or None when it does not run: what is certain
        (safe swaps, deletions) forms the reference; the unsafe part is measured. A stage that rewrites
        the rules' result may give its own `reference`: the sentence with the rules' certain changes."""
        if not self.settings.check_meaning or all(_certain(c) for c in changes):
            return None
        return (reference if reference is not None else self.certain_text(sentence, changes)), out

    def certain_text(self, sentence: Sentence, changes: list[Change]) -> str:
        """The sentence with only the certain ones of `changes` (safe swaps, deletions): what the meaning
        check measures the rest against."""
        return self.candidate(sentence, [c for c in changes if _certain(c)])

    def prefetch(
        self, groups: Iterable[tuple[Sentence, list[Change]] | tuple[Sentence, list[Change], str | None]]
    ) -> None:
        """Embed in one batch every text the meaning checks of these groups will compare (the embedder
        caches them): one forward pass for a stage's candidates instead of one per candidate. A group's
        third item, when given, is its `reference` (see `check`)."""
        texts: list[str] = []
        for sentence, changes, *rest in groups:
            out = self.candidate(sentence, changes)
            pair = None if _removes_all(out) else self._meaning_pair(sentence, changes, out, *rest)
            if pair:
                texts.extend(pair)
        if texts:
            self.embedder.encode(texts)

    def grade_of(self, sentence: Sentence, changes: list[Change]) -> float:
        """The grade `check` gives `sentence` with `changes` applied, without running the checks."""
        out = self.candidate(sentence, changes)
        return 0.0 if _removes_all(out) else sentence_grade(out)

    def check(
        self, sentence: Sentence, changes: list[Change], reference: str | None = None
    ) -> tuple[bool, dict[str, bool], list[str], float | None, float]:
        """Run every check on `sentence` with `changes` applied. The meaning check compares the result
        with `reference` when given (the sentence with changes already found certain), else with the
        sentence with the certain ones of `changes`."""
        out = self.candidate(sentence, changes)
        checks: dict[str, bool] = {}
        notes: list[str] = []
        # detected the same way on both sides (the segmenter's spans can include format-specific extras)
        before = Counter(p.text for p in find_protected(sentence.text, terms=self.terms, entities=True))
        after = Counter(p.text for p in find_protected(out, terms=self.terms, entities=True))
        checks["protected"] = before == after
        if not checks["protected"]:
            notes.append("a placeholder, link or protected term would change")
        checks["numbers"] = numbers(sentence.text) == numbers(out)
        if not checks["numbers"]:
            notes.append("a number, date or amount would change")
        allowed_loss = sum(max(0, negations(c.before) - negations(c.after)) for c in changes if c.negation_ok)
        checks["negation"] = negations(out) >= negations(sentence.text) - allowed_loss
        if not checks["negation"]:
            notes.append("a 'not', 'no' or 'never' would be lost, which could flip the meaning")
        similarity: float | None = None
        if _removes_all(out):
            checks["meaning"] = all(c.kind == "delete" for c in changes)
            checks["readability"] = True
            notes.append("the whole sentence is removed: it adds nothing for the reader")
            return all(checks.values()), checks, notes, None, 0.0
        grade_before = sentence_grade(sentence.text)
        grade_after = sentence_grade(out)
        pair = self._meaning_pair(sentence, changes, out, reference)
        if pair:
            similarity = round(self.embedder.similarity(*pair), 3)
            checks["meaning"] = similarity >= self.settings.similarity_threshold
            if not checks["meaning"]:
                notes.append(f"meaning drifts too far (similarity {similarity} < {self.settings.similarity_threshold})")
        else:
            checks["meaning"] = True
        # Flesch-Kincaid swings on short fragments ("prior to {{date}}" -> "before {{date}}" rises);
        # fewer words and fewer syllables never read harder, whatever the formula says.
        shorter = word_count(out) <= word_count(sentence.text) and syllables(out) <= syllables(sentence.text)
        checks["readability"] = grade_after <= grade_before + GRADE_TOLERANCE or shorter
        if not checks["readability"]:
            notes.append(f"it would read harder (grade {grade_before} -> {grade_after})")
        return all(checks.values()), checks, notes, similarity, grade_after

    def choose(self, sentence: Sentence, proposed: list[Change]) -> Verdict:
        """Accept all default changes if they pass together; otherwise add them one at a time
        (safe ones first), keeping each that still passes. The original always passes.
        Changes not accepted by default are checked alone, so their warnings are known."""
        grade_before = sentence_grade(sentence.text)
        for c in proposed:
            c.accepted = c.accepted_by_default
            if not c.accepted_by_default:
                c.warnings.extend(self.check(sentence, [c])[2])
        changes = [c for c in proposed if c.accepted_by_default]
        if not changes:
            return Verdict(sentence.index, True, grade_before=grade_before, grade_after=grade_before)
        ok, checks, notes, sim, grade = self.check(sentence, changes)
        if ok:
            return Verdict(sentence.index, True, checks, notes, sim, grade_before, grade, [c.id for c in changes])
        kept: list[Change] = []
        rejected: list[str] = []
        all_notes = [f"all changes together failed: {'; '.join(n for n in notes if 'removed' not in n)}"]
        best: tuple[bool, dict[str, bool], list[str], float | None, float] = (True, {}, [], None, grade_before)
        for c in sorted(changes, key=lambda c: (not c.safe, c.start)):
            trial = kept + [c]
            result = self.check(sentence, trial)
            if result[0]:
                kept, best = trial, result
            else:
                rejected.append(c.id)
                c.warnings.extend(result[2])
        for c in changes:
            c.accepted_by_default = c.accepted = c in kept
        fallback = "kept only the changes that pass" if kept else "kept the original sentence"
        return Verdict(
            sentence.index,
            False,
            best[1] or checks,
            all_notes,
            best[3],
            grade_before,
            best[4],
            [c.id for c in kept],
            rejected,
            fallback,
        )
