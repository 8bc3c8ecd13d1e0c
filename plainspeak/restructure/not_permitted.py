"""not-permitted: "X is not permitted" leads with what IS allowed, where the text says it:
"Withdrawals are not permitted except at a branch." -> "Withdrawals are permitted only at a branch."
"Pets are not allowed unless they are guide dogs." -> "Pets are allowed only if they are guide dogs."
"Cash is not accepted; please pay by card instead." -> "Please pay by card. Cash is not accepted." """

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from .base import final_punct, is_clause, is_imperative, sentence

# the transform cannot fire without a form of permit, allow, accept or authorize (restructure() skips the parse then)
CUE = re.compile(r"\b(?:permit|allow|accept|authori[sz])", re.IGNORECASE)

_PERMIT = {"permit", "allow", "accept", "authorize", "authorise"}
_EXCEPT_PREP = {
    "at",
    "in",
    "for",
    "with",
    "by",
    "on",
    "from",
    "through",
    "via",
    "during",
    "where",
    "when",
    "if",
    "after",
    "before",
    "within",
    "to",
    "under",
}


def _negated_permit(verb: Token) -> Token | None:
    """The "not" of "is not permitted/allowed/accepted", if `verb` is that."""
    if verb.lemma_ not in _PERMIT or verb.tag_ != "VBN":
        return None
    if not any(c.dep_ == "auxpass" for c in verb.children) or not any(c.dep_ == "nsubjpass" for c in verb.children):
        return None
    return next((c for c in verb.children if c.dep_ == "neg"), None)


def _only(doc: Doc, root: Token, neg: Token) -> str | None:
    """ "not permitted except at X" -> "permitted only at X"; "not allowed unless Y" -> "allowed only if Y"."""
    swap: dict[int, str] = {}
    if sum(t.lower_ in ("unless", "except") for t in doc) > 1:
        return None  # "not accepted unless A, or unless B": two exceptions do not fold into one "only"
    for c in root.children:
        if c.i < root.i:
            continue
        if c.dep_ == "prep" and c.lower_ == "except" and c.i + 1 < len(doc) and doc[c.i + 1].lower_ in _EXCEPT_PREP:
            swap[c.i] = "only"
        elif c.dep_ == "advcl":
            mark = next((m for m in c.children if m.dep_ == "mark" and m.lower_ == "unless"), None)
            if mark is not None:
                swap[mark.i] = "only if"
        if swap:
            break
    if len(swap) != 1:
        return None
    at = next(iter(swap))
    if doc[at - 1].text == ",":
        swap[at - 1] = ""
    pieces = [swap.get(t.i, t) for t in doc if t.i != neg.i and not (t.i == len(doc) - 1 and t.text in ".!?")]
    pieces = [p for p in pieces if not isinstance(p, str) or p]
    return sentence(pieces, final_punct(doc))


def _alternative_first(doc: Doc, root: Token, neg: Token) -> str | None:
    """ "X is not permitted; please use Y instead." / "X is not permitted, but you can Y." -> the
    allowed alternative first, then the rule."""
    for t in doc:
        if t.text == ";" or (t.text == "," and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "but"):
            cut = t.i
            start = cut + 1 if t.text == ";" else cut + 2
            break
    else:
        return None
    end = len(doc) - 1 if doc[-1].text in ".!?" else len(doc)
    if doc[cut].text == ";" and start + 1 < end and doc[start].lower_ == "however" and doc[start + 1].text == ",":
        start += 2  # "X is not permitted; however, you may Y." -> "You may Y. X is not permitted."
    heads = [t for t in doc[start:end] if not start <= t.head.i < end or t.head.i == t.i]
    if len(heads) != 1 or root.i >= cut:
        return None
    alt = heads[0]
    if not (is_clause(alt) or (alt.tag_ == "VB" and any(c.lower_ == "please" for c in alt.children))):
        return None
    if any(t.dep_ == "neg" for t in doc[start:end]):
        return None
    first = [t for t in doc[start:end] if not (t.lower_ == "instead" and t.head.i == alt.i)]
    if [t for t in doc[:cut] if not t.head.i < cut or t.head.i == t.i] != [root]:
        return None  # the rule's clause must stand alone
    return sentence(first) + " " + sentence(list(doc[:cut]), final_punct(doc))


def apply(doc: Doc) -> list[str]:
    out = []
    for root in doc:
        across = root.dep_ == "ccomp" and any(t.text == ";" and root.i < t.i < root.head.i for t in doc)
        if root.dep_ != "ROOT" and not (
            root.dep_ == "ccomp" and root.head.dep_ == "ROOT" and (is_imperative(root.head) or across)
        ):
            continue  # (the parser hangs "X is not permitted; however, you may Y" on the second clause)
        neg = _negated_permit(root)
        if neg is None:
            continue
        for result in (_only(doc, root, neg), _alternative_first(doc, root, neg)):
            if result:
                out.append(result)
    return out
