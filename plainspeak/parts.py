"""A document rewritten in parts: its sentences shared among processes, the parts joined into one result.

The stages work sentence by sentence, so the sentences of one document can be shared among worker
processes (`partition`), each running every stage on its own share (`pipeline.rewrite_part`), and the
parts joined again (`pipeline.join`). The server does this for a call that arrives while its workers
are idle: one client's paragraph then uses every core (server/pool.py). A whole-document call is one
part, so both paths give the same result: changes are numbered in one order that does not depend on
how the sentences were shared (by stage, then sentence, then the order the stage proposed them in).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .analysis import Analysis, SentenceAnalysis
from .changes import Change, Flag
from .settings import Settings
from .stages import renumbered
from .verify import Verdict, certain

# a sentence this short is hardly worked on (no restructuring, no model): it weighs like one word
SHORT_WORDS = 5


@dataclass
class Part:
    """One share of a document's sentences after every stage: what `pipeline.join` needs of it."""

    source: str
    format: str
    settings: Settings
    scores_before: dict[str, Any]
    changes: list[Change]  # in the order the stages proposed them
    stages: list[int]  # per change: the position in pipeline.STAGES of the stage that proposed it
    flags: list[Flag]
    verdicts: dict[int, Verdict]  # by sentence index, for this part's sentences
    sentences: list[dict[str, Any]]  # per sentence of this part: grades before and after, target met


def weight(sa: SentenceAnalysis, target_grade: float) -> float:
    """About how much work a sentence is. Most of it is the meaning check's embeddings and the parse:
    they follow the rule fixes the meaning check must measure (not a safe swap or a deletion: its rules'
    result is embedded, and parsed for restructuring) and, above the target grade, its length (more
    candidates). Measured sentence by sentence (embedded words and parses, each sentence alone) on
    held-out documents (4 API paragraphs, 30 formal paragraphs, 15 templates; the 24 with work in more
    than one sentence), the larger of two parts held a median 0.70 of a document's work with this weight,
    0.95 by words alone (most keep their work in one or two sentences: 0.66 at best); on the API
    benchmark's paragraph 52% with this weight, 55% counting every fix."""
    if sa.words < SHORT_WORDS:
        return 1.0
    measured = sum(1 for m in sa.hits if m.replacement is not None and not certain(m.rule.safe, m.rule.kind))
    return 1.0 + 24.0 * measured + (sa.words if sa.grade > target_grade else 0.0)


def partition(analysis: Analysis, parts: int, target_grade: float) -> list[list[int]]:
    """The sentence indices of each of `parts` parts, each in document order: heaviest sentence first to
    the part with the least work so far. The same analysis always gives the same shares."""
    shares: list[list[int]] = [[] for _ in range(max(1, parts))]
    loads = [0.0] * len(shares)
    weighed = sorted(analysis.sentences, key=lambda sa: (-weight(sa, target_grade), sa.sentence.index))
    for sa in weighed:
        k = min(range(len(shares)), key=lambda i: (loads[i], i))
        shares[k].append(sa.sentence.index)
        loads[k] += weight(sa, target_grade)
    return [sorted(share) for share in shares]


def merged(parts: list[Part]) -> tuple[list[Change], list[Flag], list[Verdict], list[dict[str, Any]]]:
    """The parts' changes numbered c1, c2, ... by stage, then sentence, then the order proposed (with the ids
    in verdicts and warnings to match); their flags, verdicts and sentence outcomes in document order."""
    order = sorted(
        (stage, c.sentence, i, k) for k, p in enumerate(parts) for i, (c, stage) in enumerate(zip(p.changes, p.stages))
    )
    ids: list[dict[str, str]] = [{} for _ in parts]
    changes: list[Change] = []
    for n, (_, _, i, k) in enumerate(order):
        c = parts[k].changes[i]
        ids[k][c.id] = f"c{n + 1}"
        changes.append(c)
    for k, p in enumerate(parts):
        for c in p.changes:
            c.warnings = [renumbered(w, ids[k]) for w in c.warnings]
            c.id = ids[k][c.id]
        for v in p.verdicts.values():
            v.applied = [ids[k][i] for i in v.applied]
            v.rejected = [ids[k][i] for i in v.rejected]
    flags = sorted((f for p in parts for f in p.flags), key=lambda f: f.sentence)  # stable: in-sentence order stays
    verdicts = sorted((v for p in parts for v in p.verdicts.values()), key=lambda v: v.sentence)
    sentences = sorted((s for p in parts for s in p.sentences), key=lambda s: int(s["index"]))
    return changes, flags, verdicts, sentences
