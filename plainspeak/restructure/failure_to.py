"""failure-to-please: a threat becomes a request with its reason:
"Failure to pay on time will result in a late fee." -> "Please pay on time to avoid a late fee."
"If you fail to reply by {{date}}, we will close your claim." / "If you do not reply ..., ..." ->
"Please reply by {{date}}, or we will close your claim." """

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from .base import final_punct, is_clause, lower_first, sentence

# the transform cannot fire without a form of "fail" or an "if" (restructure() skips the parse then)
CUE = re.compile(r"\bfail|\bif\b", re.IGNORECASE)

_LEADS_TO = {"result": ("in",), "lead": ("to",), "cause": (), "mean": ()}
_FAILURE = {"failure", "failing", "fail"}
# "If you do not want/receive X" is no duty the reader can be asked to do
_STATES = {
    "want",
    "need",
    "like",
    "wish",
    "have",
    "know",
    "agree",
    "recognise",
    "recognize",
    "understand",
    "mind",
    "care",
    "remember",
    "hear",
    "see",
    "receive",
    "get",
    "qualify",
    "live",
    "own",
    "hold",
    "intend",
    "plan",
    "expect",
    "be",
    "find",
    "think",
    "feel",
    "use",
    "hope",
    "already",
    "yet",
}


def _action(verb: Token, drop: set[int]) -> list[Token] | None:
    """The verb phrase the reader is asked to do, without "to"/"you"/"do not"."""
    toks = [t for t in verb.subtree if t.i not in drop]
    if (
        verb.lemma_ in _STATES
        or not toks
        or verb.tag_ != "VB"
        or any(t.dep_ in ("nsubj", "nsubjpass") for t in verb.children if t.i not in drop)
    ):
        return None
    return toks


def _continues(tail: list[Token], last: Token) -> bool:
    """Is `tail` an "-ing" phrase ("being permanently closed") that goes on from the result's noun?"""
    verb = next((t for t in tail if t.tag_ == "VBG"), None)
    return (
        verb is not None
        and last.pos_ in ("NOUN", "PROPN", "PRON")
        and tail[0].i == last.i + 1
        and {t.i for t in tail} == {t.i for t in verb.subtree}
        and not any(t.is_punct for t in tail)
    )


def _threat(doc: Doc, root: Token) -> str | None:
    """ "Failure to X will result in Y" -> "Please X to avoid Y"."""
    if root.lemma_ not in _LEADS_TO:
        return None
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "csubj")), None)
    if subj is None or subj.lower_ not in _FAILURE or subj.i != 0:
        return None
    verb = next((c for c in subj.children if c.dep_ in ("acl", "xcomp") and c.tag_ == "VB"), None)
    if verb is None or subj.right_edge.i != verb.right_edge.i:
        return None
    to = [c for c in verb.children if c.dep_ == "aux" and c.lower_ == "to"]
    action = _action(verb, {t.i for t in to})
    preps = _LEADS_TO[root.lemma_]
    if preps:
        prep = next((c for c in root.children if c.dep_ == "prep" and c.lower_ in preps), None)
        if prep is None:
            return None
        result = [t for t in prep.subtree if t.i != prep.i]
        last = prep.right_edge.i
    else:
        obj = next((c for c in root.children if c.dep_ == "dobj"), None)
        if obj is None:
            return None
        result, last = list(obj.subtree), obj.right_edge.i
    between = [t for t in doc[subj.right_edge.i + 1 : root.i] if t.dep_ not in ("aux",)]
    tail = [t for t in doc[last + 1 :] if not (t.i == len(doc) - 1 and t.text in ".!?")]
    if tail and result and _continues(tail, result[-1]):
        result, tail = result + tail, []  # "in your account | being closed": the parse hung the rest on the verb
    if action is None or not result or between or tail or any(t.dep_ == "neg" for t in doc):
        return None
    if any(t.lower_ in ("which", "whereupon", "whereby") for t in result):
        return None  # "the link expiring, in which case you will need a new one": the case is what "avoid" undoes
    return sentence(["Please", *action, "to avoid", *result], final_punct(doc))


def _condition(doc: Doc, root: Token) -> str | None:
    """ "If you fail to X, Y" / "If you do not X, Y" -> "Please X, or Y"."""
    cond = next((c for c in root.children if c.dep_ == "advcl" and c.left_edge.i == 0), None)
    if cond is None or not is_clause(root):
        return None  # "If you do not X, call us" is advice, not a consequence
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if (
        subj is not None
        and subj.lower_ == "you"
        and any(c.dep_ == "aux" and c.lower_ in ("can", "may", "might", "could", "should") for c in root.children)
    ):
        return None  # "..., you can ignore this" is an option, not a consequence
    mark = next((c for c in cond.children if c.dep_ == "mark" and c.lower_ == "if"), None)
    you = next((c for c in cond.children if c.dep_ == "nsubj" and c.lower_ == "you"), None)
    b = cond.right_edge.i
    if mark is None or you is None or b + 1 >= len(doc) or doc[b + 1].text != ",":
        return None
    if cond.lemma_ == "fail":
        verb = next((c for c in cond.children if c.dep_ == "xcomp" and c.tag_ == "VB"), None)
        if verb is None or any(c.dep_ not in ("mark", "nsubj", "xcomp", "aux") for c in cond.children):
            return None
        to = [c for c in verb.children if c.dep_ == "aux" and c.lower_ == "to"]
        action = _action(verb, {t.i for t in to})
    else:
        aux = [c for c in cond.children if c.dep_ == "aux"]
        neg = [c for c in cond.children if c.dep_ == "neg"]
        if len(aux) != 1 or aux[0].lemma_ != "do" or len(neg) != 1:
            return None
        action = _action(cond, {mark.i, you.i, aux[0].i, neg[0].i})
    if action is None or any(t.dep_ == "neg" for t in action):
        return None
    main = [t for t in doc[b + 2 :] if not (t.i == len(doc) - 1 and t.text in ".!?")]
    return sentence(["Please", *action, ",", "or", *lower_first(main)], final_punct(doc))


def apply(doc: Doc) -> list[str]:
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return []
    return [x for x in (_threat(doc, root), _condition(doc, root)) if x]
