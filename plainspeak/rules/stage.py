"""The rules stage: every rule hit with a replacement becomes a change; the verifier keeps, per
sentence, all of them or the best passing subset (`verify.Verifier.choose`)."""

from __future__ import annotations

from ..changes import Change
from ..settings import Settings
from ..stages import Draft
from .propose import propose


class RuleStage:
    name = "rules"

    def enabled(self, settings: Settings) -> bool:
        return True  # which rules run is up to `categories` and `strength`

    def run(self, draft: Draft) -> None:
        # proposed for the whole document (two deleted sentences next to each other share one space), kept for
        # the sentences this draft works on, numbered in document order
        changes, flags = propose(draft.analysis, draft.settings)
        if draft.only is not None:
            changes = [c for c in changes if draft.works_on(c.sentence)]
            flags = [f for f in flags if draft.works_on(f.sentence)]
            for n, c in enumerate(changes):
                c.id = f"c{n + 1}"
        by_sentence: dict[int, list[Change]] = {}
        for c in changes:
            by_sentence.setdefault(c.sentence, []).append(c)
        sentences = [sa.sentence for sa in draft.sentences]
        # the first check of each sentence is of all its default changes together: embed those in one batch
        draft.verifier.prefetch(
            (s, [c for c in by_sentence.get(s.index, []) if c.accepted_by_default]) for s in sentences
        )
        for s in sentences:
            draft.verdicts[s.index] = draft.verifier.choose(s, by_sentence.get(s.index, []))
        draft.changes.extend(changes)
        draft.flags.extend(flags)
