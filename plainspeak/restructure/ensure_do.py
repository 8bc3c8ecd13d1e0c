"""ensure-to-do: a request to make sure something gets done asks for the thing itself:
"Please ensure that all required documents are submitted before 2 March." -> "Please submit all
required documents before 2 March."; "Please make sure your form is signed and returned by Friday."
-> "Please sign and return your form by Friday."
Only an instruction (no subject of its own: it speaks to the reader, whatever the sentences around
it say) whose "ensure" / "make sure" holds a passive of one of the reader's own actions (you-subject's
list: sign, submit, send, pay, ...) in the present, with no doer named ("is signed by your employer"
stays) and no "not".
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from .base import final_punct, sentence
from .you_subject import ACTIONS

# "ensure" or "make sure" with a passive of a reader's action after it (restructure() skips the parse otherwise)
CUE = re.compile(r"\b(?:ensure|make\s+sure)\b.{0,80}?\b(?:is|are|be|gets?)\b", re.IGNORECASE | re.DOTALL)

_PRESENT = {"is", "are", "be", "get", "gets"}
_OBJECT = {"it": "it", "this": "this", "these": "these", "those": "those", "they": "them"}


def _ensure(doc: Doc) -> Token | None:
    """The instruction's "ensure" or "make" (of "make sure"): a bare imperative, no subject, no helper."""
    for t in doc:
        if t.tag_ != "VB" or any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "neg") for c in t.children):
            continue
        lemma = t.lemma_.lower()
        if lemma == "ensure" or lemma == "make" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "sure":
            return t
    return None


def _passive(ens: Token) -> Token | None:
    """The participle of the clause "ensure" / "make sure" governs ("... that X is sent")."""
    heads = [ens, *(c for c in ens.children if c.lower_ == "sure")]
    for h in heads:
        for c in h.children:
            if c.dep_ == "ccomp" and c.tag_ == "VBN" and c.i > ens.i:
                return c
    return None


def _particles(doc: Doc, verb: Token) -> list[Token]:
    """The verb's particle, to go right after it: "filled in" -> "fill in the form"; but "kept up to
    date" keeps "up to date" after the object."""
    return [
        c
        for c in verb.children
        if c.dep_ == "prt" and c.i == verb.i + 1 and not (c.i + 1 < len(doc) and doc[c.i + 1].lower_ in ("to", "with"))
    ]


def apply(doc: Doc) -> list[str]:
    ens = _ensure(doc)
    if ens is None:
        return []
    verb = _passive(ens)
    if verb is None or verb.lemma_.lower() not in ACTIONS:
        return []
    helpers = [c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg")]
    if len(helpers) != 1 or helpers[0].dep_ != "auxpass" or helpers[0].lower_ not in _PRESENT:
        return []  # "has been paid", "will be sent", "is not shared": the request would change its time or sense
    if any(c.dep_ in ("agent", "dobj", "nsubj") or c.dep_ == "dative" and c.pos_ != "ADP" for c in verb.children):
        return []  # a doer of its own ("signed by your employer"), or an object besides the patient ("sent you")
    patients = [c for c in verb.children if c.dep_ == "nsubjpass"]
    patient = patients[0] if patients else None
    if patient is None or patient.i > verb.i:
        return []
    last = patient.right_edge.i
    if len(patients) == 2 and patients[1].like_num and patients[1].left_edge.i == last + 1:
        last = patients[1].right_edge.i  # "documentation for case 12": the parser reads the number as a second subject
    elif len(patients) > 1:
        return []
    if helpers[0].i != last + 1:
        return []
    if patient.pos_ == "PRON" and patient.lower_ not in _OBJECT:
        return []  # "you are registered", "he is ..."
    end = len(doc) - 1 if doc[-1].is_punct else len(doc)
    if max(t.i for t in verb.subtree if t.i < end) != end - 1:
        return []  # the sentence goes on after the clause
    # between "ensure" and the patient only "sure" and "that"
    gap = doc[ens.i + 1 : patient.left_edge.i]
    if any(t.lower_ not in ("sure", "that") for t in gap):
        return []
    # the participle's partners ("signed and returned"): reader's actions without a subject or object of their own
    conj = [c for c in verb.children if c.dep_ == "conj"]
    if any(
        c.tag_ not in ("VBN", "VBD")  # "completed in full and returned": the parser may read the second as a past
        or c.lemma_.lower() not in ACTIONS
        or any(x.dep_ in ("nsubj", "nsubjpass", "dobj", "agent", "aux", "auxpass") for x in c.children)
        for c in conj
    ):
        return []
    ccs = [c for c in verb.children if c.dep_ == "cc"]
    if conj and (len(conj) != 1 or len(ccs) != 1 or ccs[0].lower_ not in ("and", "or") or ccs[0].i != conj[0].i - 1):
        return []
    # words between the helper and the participle ("is fully completed") go before the verb
    before = list(doc[helpers[0].i + 1 : verb.i])
    if any(t.dep_ != "advmod" for t in before):
        return []
    patient_words: list = list(doc[patient.left_edge.i : last + 1])
    if {t.i for t in patient_words} != {t.i for p in patients for t in p.subtree}:
        return []  # the patient's words are not all of one piece
    if patient.pos_ == "PRON":
        patient_words = [_OBJECT[patient.lower_]]
    particles = _particles(doc, verb)
    action: list = [*before, verb.lemma_.lower(), *particles]
    taken = {verb.i, *(t.i for t in particles)}
    if conj:
        c = conj[0]
        c_prt = _particles(doc, c)
        action += [ccs[0], c.lemma_.lower(), *c_prt]
        taken |= {ccs[0].i, c.i, *(x.i for x in c_prt)}
    rest = [t for t in doc[verb.i + 1 : end] if t.i not in taken]
    lead = list(doc[: ens.i])
    return [sentence([*lead, *action, *patient_words, *rest], final_punct(doc))]
