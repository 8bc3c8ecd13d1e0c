"""must-to-please: an order to the reader becomes a request: "You must send us your meter reading."
-> "Please send us your meter reading." ("you are required to" and "you have to" too; "must not"
becomes "please do not")."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .base import final_punct, sentence

# the transform cannot fire without "you must", "you are required/obliged/obligated to" or "you have to"
# (restructure() skips the parse then)
CUE = re.compile(
    r"\byou(?:\s+(?:must|are\s+(?:required|obliged|obligated)|have\s+to)|\s*['’]re\s+(?:required|obliged|obligated))\b",
    re.IGNORECASE,
)

_REQUIRED = {"required", "obliged", "obligated"}


def apply(doc: Doc) -> list[str]:
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return []
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.lower_ != "you" or any(t.lower_ == "please" for t in doc):
        return []
    drop: set[int] = {subj.i}
    action = root
    must = [c for c in root.children if c.dep_ == "aux" and c.lower_ == "must"]
    if must and root.tag_ == "VB" and must[0].i == subj.i + 1:
        drop.add(must[0].i)
        between = doc[must[0].i + 1 : root.i]
    elif root.lower_ in _REQUIRED or root.lemma_ == "have":
        # "you are required to send" / "you have to send": the action is the verb after "to"
        if root.lemma_ == "have" and not (root.tag_ == "VBP" and root.i == subj.i + 1):
            return []
        xcomp = next((c for c in root.children if c.dep_ == "xcomp" and c.tag_ == "VB"), None)
        if xcomp is None:
            return []
        to = next((c for c in xcomp.children if c.dep_ == "aux" and c.lower_ == "to"), None)
        if to is None or to.i != xcomp.left_edge.i and to.i + 1 != xcomp.i:
            return []
        aux = [c for c in root.children if c.dep_ in ("aux", "auxpass")]
        if any(c.i != subj.i + 1 for c in aux) or any(c.dep_ == "neg" for c in root.children):
            return []
        drop |= {c.i for c in aux} | {root.i, to.i}
        if any(t.i not in drop and t.i > subj.i for t in doc[subj.i + 1 : to.i]):
            return []
        between = doc[to.i + 1 : xcomp.i]
        action = xcomp
    else:
        return []
    if any(t.dep_ not in ("neg", "advmod") for t in between):
        return []
    negated = any(t.dep_ == "neg" for t in between)
    if negated and action is not root:
        return []
    pieces: list = []
    for t in doc:
        if t.i == subj.i:
            pieces.append("please do" if negated else "please")
        elif t.i in drop or (t.i == len(doc) - 1 and t.text in ".!?"):
            continue
        elif t.dep_ == "neg" and t.head.i == action.i and t.lower_ in ("n't", "n’t"):
            pieces.append("not")
        else:
            pieces.append(t)
    if subj.i == 0:
        pieces[0] = pieces[0].capitalize()
    return [sentence(pieces, final_punct(doc))]
