"""you-subject: a passive duty laid on the reader names them as the doer:
"Your form must be signed and returned by {{date}}." -> "You must sign and return your form by {{date}}."
Only for the reader's own actions (sign, complete, return, ...) with "must"/"should", in copy
that already talks to "you". Likewise what the reader "can" do ("Our support team can be contacted
via live chat." -> "You can contact our support team via live chat."), for a narrower set of verbs
(ABLE: contact, track, download, ...), never "may" ("Your referees may be contacted" is our doing)."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .passive import _Subject, reader_passives, rebuild

# the transform cannot fire without a duty, "must" or "should" (restructure() skips the parse then)
CUE = re.compile(r"\b(?:must|should|can)\b", re.IGNORECASE)

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
# what a reader "can" do to the company's things and their own: "can be contacted" -> "you can contact"
ABLE = {
    "contact",
    "reach",
    "find",
    "download",
    "view",
    "access",
    "track",
    "manage",
    "change",
    "update",
    "cancel",
    "pay",
    "print",
    "use",
    "redeem",
    "return",
}


def apply(doc: Doc) -> list[str]:
    out = []
    for verb in reader_passives(doc, ACTIONS | ABLE):
        if any(c.dep_ == "agent" for c in verb.children):
            continue
        duty = any(c.dep_ == "aux" and c.lower_ in _DUTY for c in verb.children) and verb.lemma_ in ACTIONS
        able = any(c.dep_ == "aux" and c.lower_ == "can" for c in verb.children) and verb.lemma_ in ABLE
        if not (duty or able) or (able and any(c.dep_ == "neg" for c in verb.children)):
            continue  # "cannot be used" is a limit, not an offer
        conj = [c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
        if any(
            c.tag_ != "VBN"
            or c.lemma_ not in (ACTIONS if duty else ABLE)
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
