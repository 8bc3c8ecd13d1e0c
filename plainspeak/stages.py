"""The stages that propose changes, and the draft they work on.

`pipeline.rewrite` segments and analyzes a document, then runs each enabled stage in order over one
`Draft`: the candidate changes so far and the verifier's typed verdict for every sentence. A stage
adds changes (rule swaps, a model rewrite, a restructured sentence) and records its notes on the
verdicts; the verifier decides what is kept. The `Result` is built from the draft at the end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from .analysis import Analysis, SentenceAnalysis
from .changes import Change, Flag
from .segment import Sentence
from .segment.protect import overlaps
from .settings import Settings
from .verify import Verdict, Verifier

# the warnings that name other changes by id (`renumbered` rewrites those ids when parts are joined)
TOGETHER = "; accept or reject them together"
SUPERSEDED = "superseded by the"
_IDS = re.compile(r"\((c\d+(?:, c\d+)*)\)")


def renumbered(warning: str, ids: dict[str, str]) -> str:
    """A warning with the change ids it names replaced (`ids`: old -> new); other warnings stay as they are."""
    if not (warning.startswith(SUPERSEDED) or warning.endswith(TOGETHER)):
        return warning
    return _IDS.sub(lambda m: "(" + ", ".join(ids.get(i, i) for i in m.group(1).split(", ")) + ")", warning)


@dataclass
class Draft:
    """The work in progress of one `rewrite()` call."""

    analysis: Analysis
    settings: Settings
    verifier: Verifier
    changes: list[Change] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    verdicts: dict[int, Verdict] = field(default_factory=dict)  # by sentence index
    # the sentences the stages work on: all of them, or one part's when a document is rewritten in parts
    # (pipeline.rewrite_part); the analysis still covers the whole document
    only: frozenset[int] | None = None

    def works_on(self, sentence: int) -> bool:
        """Is this sentence one the stages should work on?"""
        return self.only is None or sentence in self.only

    @property
    def sentences(self) -> list[SentenceAnalysis]:
        """The analyses of the sentences the stages work on, in document order."""
        return [sa for sa in self.analysis.sentences if self.works_on(sa.sentence.index)]

    def accepted(self, sentence: int) -> list[Change]:
        """The changes of one sentence that are applied now."""
        return [c for c in self.changes if c.sentence == sentence and c.accepted]

    def add(self, group: list[Change]) -> None:
        """Number the changes after those already in the draft (c1, c2, ...) and add them."""
        for n, change in enumerate(group):
            change.id = f"c{len(self.changes) + 1 + n}"
        self.changes.extend(group)

    def verdict(self, sentence: int) -> Verdict:
        """The verdict on one sentence; a sentence no stage has touched passes unchanged."""
        if sentence not in self.verdicts:
            s = self.analysis.document.sentences[sentence]
            self.verdicts[sentence] = self.verifier.choose(s, [])
        return self.verdicts[sentence]


class Stage(Protocol):
    """A step that proposes changes. `name` is what settings and docs call it."""

    name: str

    def enabled(self, settings: Settings) -> bool:
        """Whether this stage runs under these settings."""
        ...

    def run(self, draft: Draft) -> None:
        """Add candidate changes to the draft and update the verdicts of the sentences it touched."""
        ...


def adopt(
    draft: Draft,
    strict: Verifier,
    s: Sentence,
    accepted: list[Change],
    group: list[Change],
    grade: float,
    sim: float | None,
    what: str,
) -> None:
    """Apply a whole-sentence rewrite (its changes `group`, already verified) in place of the accepted changes
    it overlaps. The others stay when the whole still passes and reads no harder ("If you have any
    questions about ..." and a split elsewhere); otherwise they give way too. `what` names the rewrite
    in the warnings ("model's rewrite", "restructuring")."""
    kept = [c for c in accepted if not overlaps(c.start, c.end, group)]
    if kept:
        ok, _, _, both_sim, both_grade = strict.check(s, kept + group)
        if ok and both_grade <= grade:
            grade, sim = both_grade, both_sim
        else:
            kept = []
    draft.add(group)
    ids = ", ".join(c.id for c in group)
    if len(group) > 1:
        for change in group:
            change.warnings.append(f"one of {len(group)} parts of the {what} of this sentence ({ids}){TOGETHER}")
    for c in accepted:
        if not any(c is k for k in kept):
            c.accepted = c.accepted_by_default = False
            c.warnings.append(f"{SUPERSEDED} {what} of the whole sentence ({ids})")
    verdict = draft.verdict(s.index)
    verdict.applied = [c.id for c in kept] + [c.id for c in group]
    verdict.grade_after = grade
    verdict.similarity = sim
