"""Does a split the model proposes leave whole sentences? Asked of the parse (spaCy, as in the
restructure stage), not of word lists: each new sentence needs a main verb that is finite and has
its subject, or is a command, and must not be a subordinate clause on its own ("Whether the consumer
pays more ..."). A sentence with no main verb of its own, such as a list item ("A statement that X,
and the amount of Y"), is not split at all: every piece would be a fragment."""

from __future__ import annotations

from .allowed_changes import split_sentences_of


def split_problem(original: str, candidate: str) -> str | None:
    """Why the candidate's split is not grammatical, or None (also when it splits nothing)."""
    from ..restructure.base import is_main
    from ..restructure.parse import parse

    before, after = split_sentences_of(original), split_sentences_of(candidate)
    if len(after) <= len(before):
        return None
    if len(before) == 1:
        root = next((t for t in parse(original) if t.dep_ == "ROOT"), None)
        if root is None or root.pos_ not in ("VERB", "AUX"):
            return "the sentence has no main verb (a list item or a heading): its pieces would be fragments"
    for s in after:
        if s in before:
            continue
        roots = [t for t in parse(s) if t.dep_ == "ROOT"]
        if len(roots) != 1:
            continue  # the parser reads two sentences: each has its own root
        root = roots[0]
        if any(c.dep_ == "mark" for c in root.children):
            return f"a new sentence is a subordinate clause on its own ({s[:30]!r})"
        if not is_main(root):
            return f"a new sentence has no main clause ({s[:30]!r})"
    return None
