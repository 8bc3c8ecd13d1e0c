"""cannot-until: Say-NO to Say-YES by structure: "We cannot X until Y." -> "We can X as soon as Y."
(also "will not ... until" and "will not be able to X until Y"); the same promise, told as what will happen."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from .base import final_punct, sentence

# the transform cannot fire without "until" (restructure() skips the parse then)
CUE = re.compile(r"\buntil\b", re.IGNORECASE)

_STATES = {"know", "determine", "calculate", "available", "clear", "certain", "final"}  # no action to promise
_MODALS = {"can": "can", "ca": "can", "will": "will", "wo": "will", "could": "could"}


def apply(doc: Doc) -> list[str]:
    out = []
    for verb in doc:
        neg = next((c for c in verb.children if c.dep_ == "neg"), None)
        modal = next((c for c in verb.children if c.dep_ == "aux" and c.lower_ in _MODALS), None)
        if neg is None or modal is None or neg.i != modal.i + 1:
            continue
        if verb.dep_ == "conj" or any(c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") for c in verb.children):
            continue  # "will not be X and will not be Y until Z": the "until" covers both
        if verb.dep_ != "ROOT" or verb.lemma_ in _STATES:
            continue  # "..., when the amount will not be known until ...": a reason in an argument, no promise
        until = None
        heads = [verb]
        able = next((c for c in verb.children if c.dep_ == "acomp" and c.lower_ == "able"), None)
        if verb.lemma_ == "be" and able is not None:  # "you will not be able to access it until ...": the
            heads += [x for x in able.children if x.dep_ == "xcomp"]  # "until" hangs on what you will be able to do
        for c in (c for h in heads for c in h.children):
            if c.dep_ == "advcl" and c.i > verb.i:
                until = next(
                    (m for m in c.children if m.dep_ == "mark" and m.lower_ == "until" and m.i == c.left_edge.i), None
                )
            if until is not None:
                break
        if until is not None and (
            doc[until.i + 1].pos_ == "ADP"
            or any(t.lower_ in ("any", "anything", "anyone", "anybody", "ever", "yet") for t in verb.subtree)
        ):
            continue  # "until after ..." / "cannot charge any fees": no plain positive form
        if (
            until is None
            or any(t.dep_ == "neg" for t in doc[until.i :])
            or any(t.dep_ == "neg" and t.i != neg.i for t in verb.subtree)
        ):
            continue
        out.append(turned_positive(doc, neg, modal, until, "as soon as"))
    return out


def turned_positive(
    doc: Doc, neg: Token, modal: Token, mark: Token, phrase: str, swap: dict[int, str] | None = None
) -> str:
    """The sentence without its "not", a contracted modal spelled out ("can't" -> "can"), `mark` read
    as `phrase` ("until" -> "as soon as", "unless" -> "only if") and the words in `swap` (token index
    -> word; "" drops it) put in: the Say-YES reframes' common rewrite."""
    swap = swap or {}
    pieces: list = []
    for t in doc:
        if t.i == neg.i:
            continue
        if t.i in swap:
            if swap[t.i]:
                pieces.append(swap[t.i])
        elif t.i == modal.i:
            pieces.append(_MODALS[t.lower_] if t.lower_ in ("ca", "wo") else t)
        elif t.i == mark.i:
            pieces.append(phrase)
        elif not (t.i == len(doc) - 1 and t.text in ".!?"):
            pieces.append(t)
    if modal.i == 0 and pieces and isinstance(pieces[0], str):
        pieces[0] = pieces[0].capitalize()
    return sentence(pieces, final_punct(doc))
