"""you-subject: a passive duty laid on the reader names them as the doer:
"Your form must be signed and returned by {{date}}." -> "You must sign and return your form by {{date}}."
Only for the reader's own actions (sign, complete, return, ...) with "must"/"should", in copy
that already talks to "you"."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .passive import _Subject, reader_passives, rebuild

# the transform cannot fire without a duty, "must" or "should" (restructure() skips the parse then)
CUE = re.compile(r"\b(?:must|should)\b", re.IGNORECASE)

# what a customer is asked to do to a document, form or payment
ACTIONS = {
    "sign",
    "complete",
    "return",
    "submit",
    "send",
    "provide",
    "include",
    "attach",
    "enter",
    "pay",
    "read",
    "keep",
    "fill",
    "upload",
    "show",
    "present",
    "bring",
    "quote",
    "print",
    "check",
    "review",
    "confirm",
    "update",
    "activate",
    "register",
    "verify",
    "date",
    "post",
    "enclose",
    "renew",
    "cancel",
    "share",
    "disclose",
}
_DUTY = {"must", "should"}


def apply(doc: Doc) -> list[str]:
    out = []
    for verb in reader_passives(doc, ACTIONS):
        if any(c.dep_ == "agent" for c in verb.children):
            continue
        if not any(c.dep_ == "aux" and c.lower_ in _DUTY for c in verb.children):
            continue
        conj = [c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
        if any(
            c.tag_ != "VBN"
            or c.lemma_ not in ACTIONS
            or any(x.dep_ in ("dobj", "nsubjpass", "nsubj", "agent") for x in c.children)
            for c in conj
        ):
            continue  # "signed and returned" share the form; a conjunct with its own object or doer does not
        patient = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if patient is None or patient.lower_ in ("you", "it", "this", "that", "they"):
            continue
        new = rebuild(doc, verb, _Subject(["you"], True), set())
        if new:
            out.append(new)
    return out
