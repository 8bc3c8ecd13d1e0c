"""we-subject: in copy that speaks to the reader, a passive that hides the company doing it names the
company, "we": "A late fee of $25 will be assessed to your account." -> "We will assess a late fee of
$25 to your account."; "If payment is not received by the due date, ..." -> "If we do not receive
payment by the due date, ..."; "Your request has been received and will be processed within 5 days."
-> "We have received your request and will process it within 5 days."; "... has been received and
will be reviewed by our team." -> "We have received ..., and our team will review it."
Only for what a company does to its customer (charge, refund, ship, process, notify, ...) and to the
reader, the reader's things ("your account") or money ("a late fee"); never for what the customer may
have done ("your password has been changed", "your subscription has been cancelled"), nor for what a
bank, courier or manager does ("declined", "delivered", "approved"); only where no doer is named
(passive-to-active says that one) and no one else is the subject of the sentence ("Your adviser will
call you once the payment is received": the adviser may be the one who receives it)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from .base import final_punct, lower_first, plural, sentence, text_of
from .passive import _NOT_DOER, _Subject, reader_passives, rebuild

# the transform needs a passive ("is/are/was/were/be/been" + a verb) in copy to the reader (the sentence
# or its document says "you": reader.py)
CUE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|am|['’](?:s|re|m))\b(?:\s+[\w-]+){0,3}?\s+"
    r"(?:appli|assess|bill|charg|collect|credit|debit|deduct|dispatch|invoic|issu|notif|contact|inform|"
    r"process|receiv|referr|refund|renew|ship|suspend|waiv|sent|send|return|restrict|lock|froz|freez|block)\w*",
    re.IGNORECASE | re.DOTALL,
)  # a passive of one of the ACTIONS: no parse for the other sentences
READER = True  # only in copy to the reader: the sentence or its document says "you" (reader.py)

# what a company does to its customer's money, account or order (NARROW: only to some things)
ACTIONS = {
    "apply",
    "assess",
    "bill",
    "charge",
    "collect",
    "credit",
    "debit",
    "deduct",
    "dispatch",
    "invoice",
    "issue",
    "notify",
    "contact",
    "inform",
    "process",
    "receive",
    "refer",
    "refund",
    "renew",
    "ship",
    "suspend",
    "waive",
}
# what it does it to: the reader, the reader's things ("your account"), or money
MONEY = {"fee", "fees", "charge", "charges", "payment", "payments", "refund", "refunds", "interest"}
MONEY |= {"penalty", "penalties", "amount", "balance", "deposit"}
PATIENTS = MONEY | {"you", "order", "orders", "item", "items", "request", "requests", "claim", "claims"}
PATIENTS |= {"application", "applications"}  # what the company processes for the reader
# verbs whose doer is the company only for some things: a customer sends a message and returns an item,
# but the company sends a reset link and returns a balance; it restricts access ("access to your account")
SENT = {"link", "links", "code", "codes", "email", "emails", "confirmation", "receipt", "receipts", "invoice"}
SENT |= {"invoices", "statement", "statements", "reminder", "reminders", "letter", "notice", "notification"}
SENT |= {"information", "details", "copy", "card", "cards", "pin", "replacement", "voucher", "order", "orders"}
NARROW = {
    "send": MONEY | SENT | {"you"},
    "return": MONEY,
    "restrict": {"access", "account", "accounts"},
    "lock": {"access", "account", "accounts"},
    "freeze": {"account", "accounts", "card", "cards"},
    "block": {"access", "account", "accounts", "card", "cards"},
}
ACTIONS |= set(NARROW)
_PRONOUN_DOERS = {"you", "we", "i", "it", "they"}
MAX_STEPS = 3  # passives made active in one sentence, one parse each after the first


def _patient_ok(patient: Token, verb: Token) -> bool:
    if verb.lemma_ in NARROW:
        return patient.lower_ in NARROW[verb.lemma_]
    return patient.lower_ in PATIENTS or any(c.dep_ == "poss" and c.lower_ == "your" for c in patient.children)


def _candidates(doc: Doc) -> list[Token]:
    out = []
    for verb in reader_passives(doc, ACTIONS, document=True):
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        if agent is not None:
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if pobj is None or pobj.lower_ not in _NOT_DOER:
                continue  # a doer is named ("by our team"): passive-to-active's job
        patient = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if patient is None or not _patient_ok(patient, verb):
            continue
        if patient.lower_ != "you" and any(c.dep_ == "dobj" for c in verb.children):
            continue  # "requests will be issued administrator access": who gets what is unclear
        if not any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("MD", "VBZ", "VBP", "VBD") for c in verb.children):
            continue  # "to be notified", "being charged": no clause of its own to give a subject
        if any(
            c.dep_ == "conj" and not any(x.dep_ in ("nsubj", "nsubjpass") for x in c.children) for c in verb.children
        ):
            continue  # "notified ... and informed of ...": the second verb shares the subject
        if any(
            t.i > verb.i
            and t.dep_ == "conj"
            and t.tag_ in ("VBN", "JJ")
            and t.lower_.endswith("ed")
            and not any(x.dep_ in ("nsubj", "nsubjpass") for x in t.children)
            for t in verb.subtree
        ):
            continue  # the same, where the parse hung the second participle on a noun ("in writing and informed")
        out.append(verb)
    patients = {c.i for v in out for c in v.children if c.dep_ == "nsubjpass"}
    if any(
        (t.dep_ == "nsubj" or t.dep_ == "nsubjpass" and t.pos_ == "PROPN")
        and t.i not in patients
        and t.lower_ not in _PRONOUN_DOERS
        for t in doc
    ):
        return []  # "TTS PeopleOps checks that the extension has been processed": the doer may be theirs
    return out


def _once(doc: Doc) -> str | None:
    for verb in _candidates(doc):
        new = rebuild(doc, verb, _Subject(["we"], True), set())
        if new:
            return new
    return None


def _pair(doc: Doc) -> str | None:
    """ "Your request has been received and will be processed within 5 days." -> "We have received your
    request and will process it within 5 days.": two passives of one subject, each with a tense of its
    own; each half is made active on its own parse, then they are joined again."""
    from .parse import parse

    end = len(doc) - 1 if doc[-1].text in ".!?" else len(doc)
    for verb in reader_passives(doc, ACTIONS, document=True):
        patient = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        seconds = [c for c in verb.children if c.dep_ == "conj"]
        if verb.dep_ != "ROOT" or patient is None or patient.left_edge.i != 0 or len(seconds) != 1:
            continue
        if not _patient_ok(patient, verb) or any(t.dep_ in ("nsubj", "nsubjpass") and t != patient for t in doc):
            continue
        second = seconds[0]
        named = _named_doer(second)  # "... and will be reviewed by our team": that doer, made the subject
        if (
            second.tag_ != "VBN"
            or (named is None and (second.lemma_ not in ACTIONS or not _patient_ok(patient, second)))
            or second.right_edge.i != end - 1
            or not any(c.dep_ == "auxpass" for c in second.children)  # "received and processed": one "be"
            or any(c.dep_ == "agent" for c in verb.children)
            or (named is None and any(c.dep_ == "agent" for c in second.children))
        ):
            continue
        cc = doc[second.left_edge.i - 1]
        if cc.lower_ != "and" or cc.dep_ != "cc":
            continue
        cut = cc.i - 1 if doc[cc.i - 1].text == "," else cc.i
        subject = list(patient.subtree)
        first = _once(parse(sentence(list(doc[:cut]))))
        half = parse(sentence([*subject, *doc[second.left_edge.i : end]]))
        obj = text_of(lower_first(subject))
        pronoun = "them" if plural(patient) else "it"
        if named is None:
            rest = _once(half)
            if first is None or rest is None or not rest.startswith("We ") or obj not in rest:
                continue
            return first[:-1] + " and " + rest[3:].replace(obj, pronoun, 1)[:-1] + final_punct(doc)
        from .passive import apply as passive_to_active

        rest = next((r for r in passive_to_active(half) if r.startswith(named)), None)
        if first is None or rest is None or obj not in rest[len(named) :]:
            continue
        rest = rest[: len(named)] + rest[len(named) :].replace(obj, pronoun, 1)
        return first[:-1] + ", and " + _lower_doer(rest, half) + final_punct(doc)
    return None


def _named_doer(verb: Token) -> str | None:
    """The doer that "by ..." names after a passive, as the subject of the active clause ("Our team"), or
    None: no agent, or one that is no doer ("by email", "by the due date")."""
    agent = next((c for c in verb.children if c.dep_ == "agent" and c.lower_ == "by"), None)
    pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if pobj is None or pobj.lower_ in _NOT_DOER or pobj.lower_ in _PRONOUN_DOERS:
        return None
    doer = "".join(t.text_with_ws for t in pobj.subtree).strip()
    return doer[:1].upper() + doer[1:]


def _lower_doer(clause: str, half: Doc) -> str:
    """The active clause after ", and": its first word in lower case unless it is a name."""
    first = clause.split(" ", 1)[0]
    body = clause[:-1] if clause[-1:] in ".!?" else clause
    if any(t.text == first and t.pos_ == "PROPN" for t in half) or first.isupper():
        return body
    return body[:1].lower() + body[1:]


def apply(doc: Doc) -> list[str]:
    from .parse import parse

    new = _once(doc) or _pair(doc)
    if new is None:
        return []
    for _ in range(MAX_STEPS - 1):  # "If payment is not received ..., a fee will be charged ...": both
        more = _once(parse(new))
        if more is None:
            break
        new = more
    return [new]
