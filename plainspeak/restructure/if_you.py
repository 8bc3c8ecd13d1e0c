"""if-you: a duty laid on "customers who ..." is said to the reader: "Customers who wish to cancel
their subscription are required to give written notice." -> "If you wish to cancel your
subscription, please give written notice." ("can", "may" and "will" stay: "Users who forget their
password can reset it online." -> "If you forget your password, you can reset it online.")
Only for a plural group of customers (customers, cardholders, members, ...) that opens the sentence
with a "who" clause, a duty ("must", "should", "are required to", "need to") that is not negated,
and copy that is not regulation (where the customer is a third party, not the reader)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from ..rules.register import is_regulation
from .base import Piece, final_punct, sentence

# the transform cannot fire without a group of customers and a "who" (restructure() skips the parse then)
CUE = re.compile(
    r"^\s*(?:(?:all|any|the)\s+)?(?:customers|clients|members|cardholders|account\s*holders|policyholders|"
    r"subscribers|users|applicants|borrowers|guests|passengers|patients|tenants|students|buyers|sellers|"
    r"shoppers|travell?ers|visitors|employees|staff|residents|parents|participants)\s+who\b",
    re.IGNORECASE,
)
_DUTY_AUX = {"must", "should"}
_DUTY_VERBS = {"require": "required", "need": "need", "ask": "asked", "expect": "expected", "advise": "advised"}
_YOUR = {"their": "your", "theirs": "yours"}
_NOT_YOU = {"they", "them", "themselves", "he", "she", "him", "her", "his", "hers", "himself", "herself"}


def _duty(root: Token, group: Token) -> tuple[Token, int] | None:
    """The action the group is to take and the index where its words start (after "must" / "to"),
    or None when the sentence lays no plain duty on the group."""
    if any(c.dep_ == "neg" for c in root.children):
        return None
    aux = [c for c in root.children if c.dep_ in ("aux", "auxpass")]
    if root.tag_ == "VB" and any(c.lower_ in _DUTY_AUX for c in aux) and len(aux) == 1:
        if not any(c.dep_ == "nsubj" and c.i == group.i for c in root.children):
            return None
        return root, aux[0].i + 1
    if _DUTY_VERBS.get(root.lemma_) is None:
        return None
    if root.lemma_ != "need" and not (root.tag_ == "VBN" and [c.lower_ for c in aux] in (["are"], ["will", "be"])):
        return None  # "are required to", "will be asked to"
    if root.lemma_ == "need" and not (root.tag_ == "VBP" and not aux or [c.lower_ for c in aux] == ["will"]):
        return None  # "need to", "will need to"
    xcomp = next((c for c in root.children if c.dep_ == "xcomp" and c.tag_ == "VB"), None)
    to = next((c for c in xcomp.children if c.dep_ == "aux" and c.lower_ == "to"), None) if xcomp else None
    if xcomp is None or to is None or to.i + 1 != xcomp.i:
        return None
    return xcomp, xcomp.i


def _to_you(tokens: list[Token]) -> list[Piece] | None:
    """The words said to the reader: "their" becomes "your"; None when another third person is in them."""
    out: list[Piece] = []
    for t in tokens:
        low = t.lower_
        if low in _NOT_YOU:
            return None
        out.append(_YOUR[low] if low in _YOUR else t)
    return out


def apply(doc: Doc) -> list[str]:
    if not CUE.search(doc.text) or is_regulation(doc.text) or any(t.lower_ == "please" for t in doc):
        return []
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return []
    group = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass") and c.tag_ == "NNS"), None)
    if group is None:
        return []
    rel = [c for c in group.children if c.dep_ == "relcl"]
    others = [c for c in group.children if c.dep_ not in ("relcl", "det", "amod", "compound")]
    if len(rel) != 1 or others or group.left_edge.i != 0:
        return []
    clause = list(rel[0].subtree)
    if clause[0].lower_ != "who" or clause[0].dep_ != "nsubj" or doc[clause[0].i - 1].text == ",":
        return []
    if any(t.dep_ == "neg" for t in clause) and any(t.lower_ in ("must", "should") for t in clause):
        return []
    found = _duty(root, group)
    if found is None:
        return _if_you_can(doc, root, group, clause)
    action, start = found
    duty_words = {root.i} | {c.i for c in root.children if c.dep_ in ("aux", "auxpass")}
    duty_words |= {c.i for c in action.children if c.dep_ == "aux" and c.lower_ == "to"}
    if any(t.i not in duty_words for t in doc[clause[-1].i + 1 : start]):
        return []  # other words between the group and its duty ("Customers who ..., however, must ...")
    return _said_to_you(doc, clause, start, "please")


_MAY = {"can", "may", "will"}


def _if_you_can(doc: Doc, root: Token, group: Token, clause: list[Token]) -> list[str]:
    """What the group can, may or will do or get, said to the reader: "Users who forget their password
    can reset it online." -> "If you forget your password, you can reset it online."
    """
    aux = sorted((c for c in root.children if c.dep_ in ("aux", "auxpass")), key=lambda c: c.i)
    if not aux or aux[0].lower_ not in _MAY or aux[0].i != clause[-1].i + 1:
        return []
    if not any(c.dep_ in ("nsubj", "nsubjpass") and c.i == group.i for c in root.children):
        return []
    return _said_to_you(doc, clause, aux[0].i, "you")


def _said_to_you(doc: Doc, clause: list[Token], start: int, lead: str) -> list[str]:
    """ "If you <the who-clause>, <lead> <the sentence from `start`>", or nothing when a third person is in
    either part or the rest has its own clauses (the "If" would seem to cover them all)."""
    rest = [t for t in doc[start:] if not (t.i == len(doc) - 1 and t.text in ".!?")]
    if any(t.text in (",", ";") for t in rest):
        return []
    condition, result = _to_you(clause[1:]), _to_you(rest)
    if not condition or not result:
        return []
    return [sentence(["If", "you", *condition, ",", lead, *result], final_punct(doc))]
