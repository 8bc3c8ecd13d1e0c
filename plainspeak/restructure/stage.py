"""The restructure stage: shorter sentences, active voice, the main point first and Say-YES structures,
from a dependency parse (the transforms in this package).

For each sentence still above the target grade or longer than the limit after the rules, every
candidate restructuring (single transforms and their compositions) of the rules' result and of the
original sentence is turned into changes (one from the original sentence keeps the rules' changes
outside its edits) and ranked on its grade: of the candidates that read easier than the rules'
result, one that reaches the target comes before one that does not (`RestructureStage._rank`). The
verifier then checks them in rank order, with the stricter meaning threshold a whole-sentence
rewrite needs, and the first that passes is adopted; the rules' changes outside its edits stay when
the whole still passes. Every other sentence is offered the voice and Say-YES transforms (`TONE`)
only: they make copy warmer without making it harder; there the candidate that applies the most of
them ranks first (the easiest on a tie).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..changes import Change
from ..lru import LRU
from ..readability import is_prose, sentence_grade, word_count
from ..segment import Sentence
from ..segment.protect import overlaps
from ..sentence_edits import as_changes, pieces, pieces_over
from ..settings import Settings
from ..stages import Draft, adopt
from ..verify import GRADE_TOLERANCE, Verifier, negations
from .reader import to_reader

if TYPE_CHECKING:
    from . import Restructuring

SIMILARITY = 0.80  # MiniLM cosine a restructured sentence needs (as the model's rewrites)
TONE_WORTH = 0.5  # grades: above the target, a voice or Say-YES transform outweighs this much distance
MIN_WORDS = 12  # shorter sentences are only offered the TONE transforms
TONE = frozenset(
    {
        "passive-to-active",
        "you-subject",
        "we-subject",
        "if-you",
        "cannot-until",
        "unless-only-if",
        "must-to-please",
        "ensure-to-do",
        "failure-to-please",
        "not-permitted",
    }
)  # transforms worth applying whatever the grade


_cache: LRU[tuple[Restructuring, ...]] = LRU(4096)  # (text, only, reader) -> candidates
# a candidate ready for the checks: its rank, the restructuring, its changes, the rules' changes it keeps
# (rank, candidate, its changes, the rules' changes applied with it, whether those were verified already: a
# candidate written around the rules' changes, `pieces_over`)
_Ranked = tuple[tuple[float, ...], "Restructuring", list[Change], list[Change], bool]


def candidates_of(text: str, only: frozenset[str] | None, reader: bool = False) -> tuple[Restructuring, ...]:
    """`restructure(text, only=only, reader=reader)`, once per text: copy repeats its sentences
    (sign-offs, legal lines, one template in HTML and in text), and a parse with every transform costs
    more than the rest of a sentence's checks. The candidates depend on nothing but the text, `only`,
    whether the document speaks to its reader, and the shipped transforms."""
    from . import restructure

    key = (text, only, reader)
    found = _cache.get(key)
    if found is None:
        found = tuple(restructure(text, only=set(only) if only is not None else None, reader=reader))
        _cache.put(key, found)
    return found


def _parse_ahead(keys: list[tuple[str, frozenset[str] | None, bool]]) -> None:
    """Parse in one batch the sentences that `candidates_of` will parse (not cached, a transform with a
    chance): one pass of the parser for a paragraph instead of one per sentence, the same parses."""
    from . import parses
    from .parse import parse_many

    new = [key for key in dict.fromkeys(keys) if key not in _cache]
    todo = [text for text, only, reader in new if parses(text, only=only, reader=reader)]
    if len(todo) > 1:
        parse_many(todo)


def needs_restructuring(text: str, settings: Settings) -> bool:
    n = word_count(text)
    if n < MIN_WORDS or not is_prose(text):
        return False
    return n > settings.long_sentence_words or sentence_grade(text) > settings.target_grade


def _structure_changes(
    s: Sentence, edits: list[tuple[int, int, str]], r: Restructuring, negation_ok: bool
) -> list[Change]:
    """A restructuring's edits of the sentence as the stage's changes."""
    return as_changes(
        s,
        edits,
        rule=r.code,
        category="structure",
        message=r.message,
        reason=r.reason,
        origin="restructure",
        negation_ok=negation_ok,
    )


@dataclass(eq=False)  # one per sentence: compared by identity
class _Plan:
    """One sentence's way through the stage: the rules' result, whether it is above the target, and the
    candidates ranked so far with the reasons for those left out."""

    sentence: Sentence
    accepted: list[Change]
    current: str  # the sentence with the rules' accepted changes
    hard: bool  # above the target or too long: every transform, not only voice and Say-YES
    reader: bool  # the document speaks to its reader
    base: float = 0.0  # the grade of `current`
    ranked: list[_Ranked] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    # what the meaning check compares the candidates with: the sentence with the rules' certain changes (safe
    # swaps, deletions) for candidates built from the rules' result, the original sentence (None) for the others
    reference: str | None = None
    from_original: bool = False  # `ranked` holds the original sentence's candidates

    def first(self) -> tuple[Sentence, list[Change], str | None]:
        """The best-ranked candidate as the verifier checks it: its changes and the reference."""
        _, _, group, kept, _ = self.ranked[0]
        return self.sentence, kept + group, self.reference_for(kept)

    def reference_for(self, kept: list[Change]) -> str | None:
        """The meaning check's reference for a candidate applied with the rules' changes `kept`: with some,
        the verifier's own (the sentence with the certain ones among them all, the same text)."""
        return None if kept else self.reference

    def key(self, text: str) -> tuple[str, frozenset[str] | None, bool]:
        """`candidates_of`'s key for the candidates built from `text`."""
        return (text, None if self.hard else TONE, self.reader)


class RestructureStage:
    name = "restructure"

    def enabled(self, settings: Settings) -> bool:
        return settings.restructure and settings.strength != "light"  # light: only the safest swaps

    def run(self, draft: Draft) -> None:
        settings = draft.settings
        strict = Verifier(replace(settings, similarity_threshold=max(settings.similarity_threshold, SIMILARITY)))
        everyone = [sa.sentence for sa in draft.analysis.sentences]  # the reader is told by the sentences around
        readers = dict(zip((x.index for x in everyone), to_reader([x.text for x in everyone])))
        plans: list[_Plan] = []
        for s in (sa.sentence for sa in draft.sentences):
            if "\n" in s.text.strip():
                continue  # list items and line-broken copy keep their layout
            accepted = draft.accepted(s.index)
            current = draft.verifier.candidate(s, accepted) if accepted else s.text
            if word_count(current) >= 5:
                plans.append(_Plan(s, accepted, current, needs_restructuring(current, settings), readers[s.index]))
        # candidates from the rules' result (its words are plainer), its sentences parsed in one batch; from
        # the original sentence only where that gives none that passes (the rules' words can parse otherwise:
        # "intends to ... and will consider" splits only in the original wording). Against parsing both, on
        # 920 held-out documents 1 output changed, and a paragraph parses a third fewer sentences.
        _parse_ahead([p.key(p.current) for p in plans])
        for p in plans:
            p.base = sentence_grade(p.current)
            p.ranked = self._ranked(draft, strict, p, p.current)
            # the rules stage compared its result with this text: its embedding is cached
            p.reference = draft.verifier.certain_text(p.sentence, p.accepted)
        # a sentence above the target whose rules' result gives no candidate at all takes the original's now (one
        # embedding batch for both); one under it, whose candidates could only change its tone, does not try
        # (its original rarely offers what the rules' result does not, and parsing it would cost a fifth of the
        # paragraph's time)
        self._from_original(
            [p for p in plans if not p.ranked and p.hard and p.current != p.sentence.text], draft, strict
        )
        # the best candidate of every sentence embedded in one batch (one forward pass for the paragraph)
        strict.prefetch(p.first() for p in plans if p.ranked)
        failed = [p for p in plans if not self._pick(draft, strict, p)]
        retry = [p for p in failed if p.current != p.sentence.text and not p.from_original and (p.ranked or p.hard)]
        self._from_original(retry, draft, strict)
        strict.prefetch(p.first() for p in retry if p.ranked)
        for p in failed:
            if (p in retry and self._pick(draft, strict, p)) or not p.reasons:
                continue
            passed = "; ".join(dict.fromkeys(p.reasons))
            draft.verdict(p.sentence.index).notes.append(f"restructure: no candidate passed ({passed})")

    def _from_original(self, plans: list[_Plan], draft: Draft, strict: Verifier) -> None:
        """Rank these plans' candidates from the original sentence instead (parsed in one batch)."""
        _parse_ahead([p.key(p.sentence.text) for p in plans])
        for p in plans:
            p.ranked, p.reference, p.from_original = self._ranked(draft, strict, p, p.sentence.text), None, True

    @staticmethod
    def _verifier(draft: Draft, strict: Verifier, r: Restructuring) -> Verifier:
        """The stage's verifier, or one with the lower meaning threshold a transform in `r` declares (never
        below the user's own `similarity_threshold`)."""
        from . import transform

        floors = [transform(name).similarity for name in r.name.split("+")]
        floor = min((f for f in floors if f is not None), default=None)
        if floor is None or floor >= strict.settings.similarity_threshold:
            return strict
        return Verifier(replace(draft.settings, similarity_threshold=max(floor, draft.settings.similarity_threshold)))

    @staticmethod
    def _rank(r: Restructuring, grade: float, edits: int, target: float) -> tuple[float, ...]:
        """How good a candidate for a sentence above the target is (lower is better): one that reaches
        the target beats one that does not; of those that reach it, the one with the most voice and
        Say-YES transforms ("If you wish to ..., please ..." over the split alone), then the grade
        closest to the target (no choppier than needed); of the others, the grade closest to the
        target, each voice or Say-YES transform counting as `TONE_WORTH` grades closer. The fewest
        edits break a tie."""
        tone = sum(name in TONE for name in r.name.split("+"))
        if grade <= target:
            return (0, -tone, target - grade, edits)
        return (1, 0, grade - target - TONE_WORTH * tone, edits)

    def _ranked(self, draft: Draft, strict: Verifier, plan: _Plan, source: str) -> list[_Ranked]:
        """The candidates built from `source` (the rules' result or the original sentence) that read easy
        enough, best first (cheap: no meaning check yet); the plan's `reasons` get why the others do not."""
        from . import transform

        settings = draft.settings
        s, accepted, current, hard, base, reasons = (
            plan.sentence,
            plan.accepted,
            plan.current,
            plan.hard,
            plan.base,
            plan.reasons,
        )
        only = None if hard else TONE
        from_rules = source != s.text
        # a negative word that the accepted rules dropped on purpose ("please do not hesitate to contact" ->
        # "please contact") is gone from the rules' result: a candidate built from it that drops no more keeps it
        # gone, so its changes may show that loss against the original (the verifier accepted it once)
        rules_dropped = negations(current) < negations(s.text)
        groups: list[tuple[Restructuring, list[Change], list[Change]]] = []  # (candidate, its changes, rules' kept)
        for r in candidates_of(source, only, plan.reader):
            own_ok = any(transform(name).negation_ok for name in r.name.split("+"))
            # built from the rules' result: as edits around the rules' changes where it can be, so each of
            # those stays a change of its own to accept or reject ("We're sorry, but" and "now" beside "we
            # cannot process your request")
            over = pieces_over(s, accepted, r.text) if from_rules and accepted else None
            if over:
                around = _structure_changes(s, over, r, own_ok)
                if strict.candidate(s, accepted + around) == r.text:
                    groups.append((r, around, accepted))
                    continue
            edits = pieces(s, r.text)
            if edits:
                negation_ok = own_ok or (rules_dropped and from_rules and negations(r.text) >= negations(current))
                groups.append((r, _structure_changes(s, edits, r, negation_ok), []))
        # cheap first: each candidate's grade (with the rules' swaps it leaves, when it is too hard without
        # them), the bar and its rank; then the verifier's checks, whose meaning check embeds, in rank order
        # until one passes: the first to pass is the best that passes, as if all were checked
        ranked: list[_Ranked] = []
        for r, group, kept in groups:
            layered = bool(kept)
            tone = all(name in TONE for name in r.name.split("+"))
            bar = base + (GRADE_TOLERANCE if tone else -0.01)
            if tone and not hard:  # a sentence the target already suits may take a voice or Say-YES rewrite that
                bar = max(bar, settings.target_grade)  # keeps it there ("Your bank has cancelled ...": fewer words)
            grade = strict.grade_of(s, kept + group)
            if grade > bar and not layered:
                # a candidate from the original sentence, read with the rules' changes it leaves (adopt() keeps them)
                kept = [c for c in accepted if not overlaps(c.start, c.end, group)]
                grade = strict.grade_of(s, kept + group) if kept else grade
            if grade > bar:
                reasons.append(f"{r.name}: it does not read easier than the rules' result ({base} -> {grade})")
                continue
            key = self._rank(r, grade, len(group), settings.target_grade) if hard else (-len(r.name.split("+")), grade)
            ranked.append((key, r, group, kept, layered))
        ranked.sort(key=lambda x: x[0])
        return ranked

    def _pick(self, draft: Draft, strict: Verifier, plan: _Plan) -> bool:
        """Check the plan's candidates in rank order and adopt the first that passes: the best that passes.
        False when none passes (the plan's `reasons` get why)."""
        s, accepted, ranked, reasons = plan.sentence, plan.accepted, plan.ranked, plan.reasons
        best: tuple[tuple[float, ...], list[Change], float, float | None] | None = None
        for i, (key, r, group, kept, layered) in enumerate(ranked):
            if i == 1:  # the best did not pass: embed the rest in one batch
                strict.prefetch((s, k + g, plan.reference_for(k)) for _, _, g, k, _ in ranked[1:])
            # with the rules' swaps it leaves, the candidate is checked as it will be applied (adopt() keeps them);
            # swaps not verified with it hold it to the stage's own bar
            verifier = strict if kept and not layered else self._verifier(draft, strict, r)
            ok, _, notes, sim, grade = verifier.check(s, kept + group, plan.reference_for(kept))
            if not ok:
                reasons.extend(f"{r.name}: {n}" for n in notes)
                continue
            best = (key, group, grade, sim)
            break
        if best is None:
            return False
        _, group, grade, sim = best
        adopt(draft, strict, s, accepted, group, grade, sim, what="restructuring")
        verdict = draft.verdict(s.index)
        verdict.notes.append(f"restructured ({group[0].rule}): grade {plan.base} -> {verdict.grade_after}")
        return True
