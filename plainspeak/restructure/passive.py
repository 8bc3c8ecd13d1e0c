"""passive-to-active: a passive clause whose doer is named becomes active:
"Your application will be reviewed by our team within 5 days." ->
"Our team will review your application within 5 days."
`rebuild` is shared with you-subject (the doer is the reader, who is not named)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from .base import (
    OBJECT_FORM,
    SUBJECT_FORM,
    final_punct,
    has_subject,
    inflect,
    is_protected,
    lower_first,
    plural,
    sentence,
    subtree,
)
from .parse import protected_kind, surface
from .reader import speaks_to_reader

# the transform cannot fire without a doer named after "by" (restructure() skips the parse then)
CUE = re.compile(
    r"(?:\b(?:is|are|was|were|be|been|being|am)(?:n['’]t)?\b|['’](?:s|re|m)\b).*\bby\b", re.IGNORECASE | re.DOTALL
)  # ... after a form of "be": the passive's auxiliary

# "by" + one of these is a deadline or a means, not a doer: "must be paid by {{date}}", "by email"
_NOT_DOER = {
    "date",
    "day",
    "time",
    "deadline",
    "end",
    "close",
    "noon",
    "midnight",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "month",
    "week",
    "year",
    "email",
    "e",
    "mail",
    "post",
    "phone",
    "telephone",
    "fax",
    "letter",
    "hand",
    "permission",  # "may be extended by permission of the Committee": how, not who
    "consent",
    "law",
    "regulation",
    "rule",
    "statute",
    "section",
    "paragraph",
    "part",
    "act",
    "default",
    "reference",
    "way",
    "means",
    "virtue",
    "order",
    "use",
    "card",
    "cheque",
    "check",
    "transfer",
    "debit",
    "courier",
    "today",
    "tomorrow",
    "tonight",
    "then",
    "now",
    "advertisement",
    "broadcast",
    "notice",
    "publication",
    "internet",
    "website",
    "amount",
    "extent",
    "percent",
    "margin",
    "factor",
    "total",
    "sum",
    "value",
    "number",
    "measurement",
    "calculation",
    "application",
    "analysis",
    "inspection",
    "estimate",
    "method",
    "procedure",
    "operation",
    "reason",
    "force",
    "mistake",
    "error",
    "accident",
    "chance",
    "design",
    "audio",
    "video",
    "radio",
    "television",
    "writing",
    "print",
    "line",
}
_NAMED = re.compile(
    r"name|company|sender|team|org|brand|store|shop|agent|manager|advis|staff|business|bank", re.IGNORECASE
)
MAX_DOER = 6  # words
_RELATIVE = {"which", "that", "who", "whom", "whose", "what"}
_HAVE = {"has", "have", "had"}
_BE = {"is", "are", "am", "was", "were"}


class _Subject:
    """The new subject's words and what its verb must agree with."""

    def __init__(
        self, words: list, plural_: bool, first_person_singular: bool = False, tail: list | None = None
    ) -> None:
        self.words, self.plural, self.i = words, plural_, first_person_singular
        self.tail = tail or []  # a ", which ..." remark on the doer
        # "which means ...", "which takes 5 days": said of the whole event, not of the doer
        self.about_event = bool(self.tail) and any(
            isinstance(t, Token) and t.dep_ == "relcl" and t.lemma_ in _ABOUT_EVENT for t in self.tail
        )


def _agree(aux: Token, subj: _Subject) -> str:
    """A finite auxiliary ("has", "is", "was") re-agreed with the new subject."""
    low = aux.lower_
    if low in _HAVE:
        return "had" if low == "had" else ("have" if subj.plural else "has")
    if low in ("was", "were"):
        return "were" if subj.plural and not subj.i else "was"
    if low in _BE:
        return "am" if subj.i else ("are" if subj.plural else "is")
    return aux.text


def _present(lemma: str, subj: _Subject) -> str:
    return inflect(lemma, "VBP" if subj.plural else "VBZ")


def _has_object(prep: Token) -> bool:
    """Has the preposition an object, its own or (in "on or around the 1st") its partner's?"""
    return any(g.dep_ in ("pobj", "pcomp") for g in prep.children) or any(
        g.dep_ == "conj" and g.pos_ == "ADP" and any(x.dep_ in ("pobj", "pcomp") for x in g.children)
        for g in prep.children
    )


def rebuild(doc: Doc, verb: Token, subj: _Subject, drop: set[int]) -> str | None:
    """The sentence with `verb`'s passive clause made active with `subj` as the doer; tokens in
    `drop` (the "by ..." phrase) go. None when the clause has a shape this cannot rewrite."""
    patient = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    auxpass = [c for c in verb.children if c.dep_ == "auxpass"]
    if patient is None or len(auxpass) != 1 or patient.lower_ in _RELATIVE or auxpass[0].lemma_ != "be":
        return None
    if any(t.lower_ in _RELATIVE for t in patient.subtree):
        return None
    if patient.lower_ == "it" and any(c.dep_ == "ccomp" for c in verb.children):
        return None  # "when it is shown by X that ...": "it" stands for the "that" clause
    if any(t.lower_ in ("none", "no", "neither", "nothing", "few", "little") for t in patient.subtree):
        return None  # "None of the funds may be used by X" is not "X may use none of the funds"
    if any(
        t.lower_ == "being" and t.dep_ == "auxpass" and t.head.i != verb.i and not has_subject(t.head)
        for t in verb.subtree
    ):
        return None  # "must be approved by OCE before being distributed": the new subject would be distributed
    lo, hi = verb.left_edge.i, verb.right_edge.i
    p_lo, p_hi = patient.left_edge.i, patient.right_edge.i
    opens = doc[lo].dep_ == "mark" and doc[lo].head.i == verb.i  # "(until) as soon as the item ...": its own clause
    if opens and subj.tail:
        return None  # "that the limits might have been allocated by the fleet, which ...": whose remark?
    if (
        lo > 0
        and not opens
        and doc[lo - 1].text != ","
        and doc[lo - 1].dep_ not in ("mark", "cc")
        and doc[lo - 1].tag_ != "IN"
    ):
        return None  # "each individual designated as the manager shall be ...": the parse split the subject
    if any(c.dep_ == "prep" and not _has_object(c) for c in verb.children):
        return None  # "may be relied upon by": a verb with its own preposition
    if verb.dep_ == "relcl" or any(t.tag_ in ("WDT", "WP") for t in doc[lo:p_lo]):
        return None  # "the view from which the section is cut by ...": a relative clause
    if p_lo > lo and doc[p_lo - 1].text != "," and doc[p_lo - 1].dep_ not in ("mark", "advmod", "cc"):
        return None  # the parse put more of the subject before it than it kept in it
    cc = doc[p_lo - 1] if p_lo > 0 and doc[p_lo - 1].dep_ == "cc" else None
    if cc is not None and not (verb.dep_ == "conj" and verb.head.i == cc.head.i):
        return None  # "organizing demonstrations and direct action has been ...": a subject the parse cut in two
    if not p_hi < auxpass[0].i < verb.i:
        return None
    between = [t for t in doc[p_hi + 1 : verb.i]]
    if any(t.head.i != verb.i or t.dep_ not in ("aux", "auxpass", "neg", "advmod") for t in between):
        return None
    conj_verbs = [
        c
        for c in verb.children
        if c.dep_ == "conj"
        and c.tag_ == "VBN"
        and not any(x.dep_ in ("auxpass", "nsubjpass", "aux") for x in c.children)
    ]
    ap = auxpass[0]
    finite_aux = [t for t in between if t.dep_ == "aux" and t.tag_ != "MD" and t.lower_ in _HAVE | _BE]
    modal = [t for t in between if t.dep_ == "aux" and t.tag_ == "MD"]
    neg = [t for t in between if t.dep_ == "neg"]
    middle: list = []
    if ap.lower_ in _BE and not modal and not finite_aux:  # "is/was reviewed" -> "reviews/reviewed"
        if neg:  # "was not approved" -> "did not approve"
            do = "did" if ap.tag_ == "VBD" else ("do" if subj.plural else "does")
            form, conj_form = "VB", "VB"
            for t in between:
                middle += [do] if t.i == ap.i else (["not"] if t.dep_ == "neg" else [t])
        else:
            form = "VBD" if ap.tag_ == "VBD" else ("VBP" if subj.plural else "VBZ")
            conj_form = form
            middle = [t for t in between if t.i != ap.i]
    elif ap.lower_ == "been":  # "has been reviewed" -> "has reviewed"; "might have been" -> "might have"
        form = conj_form = "VBN"
        middle = [_agree(t, subj) if t in finite_aux and not modal else t for t in between if t.i != ap.i]
    elif ap.lower_ == "being":  # "is being reviewed" -> "is reviewing"
        form = conj_form = "VBG"
        middle = [_agree(t, subj) if t in finite_aux and not modal else t for t in between if t.i != ap.i]
    elif ap.lower_ == "be":  # "will be reviewed" -> "will review"
        form = conj_form = "VB"
        middle = [t for t in between if t.i != ap.i]
    else:
        return None
    middle = ["not" if not isinstance(t, str) and t.lower_ in ("n't", "n’t") else t for t in middle]
    if form in ("VBZ", "VBP") and not neg:
        new_verb = _present(verb.lemma_, subj)
        conj_new = {c.i: _present(c.lemma_, subj) for c in conj_verbs}
    else:  # the same form as the participle keeps its spelling ("cancelled", not the inflector's "canceled")
        new_verb = verb.text if form == "VBN" else inflect(verb.lemma_, form)
        conj_new = {c.i: c.text if conj_form == "VBN" else inflect(c.lemma_, conj_form) for c in conj_verbs}
    obj = [
        OBJECT_FORM.get(t.lower_, t.text) if t.i == patient.i and t.tag_ == "PRP" else t for t in doc[p_lo : p_hi + 1]
    ]
    if p_lo == 0:
        obj = lower_first(obj)
    prt = [c for c in verb.children if c.dep_ == "prt" and c.i == verb.i + 1]
    head: list = [new_verb, *prt]
    start = verb.i + 1 + len(prt)
    if conj_verbs:  # "signed and returned" -> "sign and return the form": the object after the last verb
        c = conj_verbs[0]
        if len(conj_verbs) > 1 or c.i != start + 1 or doc[start].dep_ != "cc":
            return None
        head += [doc[start], conj_new[c.i]]
        start = c.i + 1
    elif any(
        c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and not any(x.dep_ in ("nsubj", "nsubjpass") for x in c.children)
        for c in verb.children
    ):
        return None  # "was approved and sent": the second verb shares the clause (one with its own subject stays)
    rest = [t for t in doc[start : hi + 1] if t.i not in drop and not (t.i == len(doc) - 1 and t.text in ".!?")]
    while rest and isinstance(rest[-1], Token) and rest[-1].text == "," and rest[-1].i + 1 in drop:
        rest.pop()
    # a ", which ..." remark on the doer stays on it ("Our bank, which sets the rate, charges the fee.");
    # one about the whole event ("which means ...", "which takes 5 days") stays at the end
    on_doer = bool(subj.tail) and not subj.about_event
    clause = list(doc[lo:p_lo]) + subj.words + ([*subj.tail, ","] if on_doer else []) + middle + head + obj + rest
    clause += [] if on_doer else subj.tail
    after = [t for t in doc[hi + 1 :] if not (t.i == len(doc) - 1 and t.text in ".!?")]
    pieces = list(doc[:lo]) + clause + after
    return sentence(pieces, final_punct(doc))


def reader_passives(doc: Doc, actions: set[str], document: bool = False) -> list[Token]:
    """The participles of `actions` ("signed", "charged") in a sentence that speaks to the reader (it
    has "you"/"your", or with `document` its document does: `reader.py`): where you-subject and
    we-subject look for a passive to make active."""
    if not speaks_to_reader(doc, document):
        return []
    return [verb for verb in doc if verb.tag_ == "VBN" and verb.lemma_ in actions]


def _doer(agent: Token) -> _Subject | None:
    """The doer named in "by ...", as the new subject (None for a deadline, a means or a number)."""
    pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.lower_ in _NOT_DOER or pobj.lower_ in _RELATIVE or pobj.tag_ in ("CD",):
        return None
    if is_protected(pobj) and not (protected_kind(pobj) in ("placeholder", "term") and _NAMED.search(surface(pobj))):
        return None
    remark = [
        c
        for c in pobj.children
        if c.dep_ == "relcl"
        and c.left_edge.i > 0
        and c.doc[c.left_edge.i - 1].text == ","
        and c.right_edge.i == pobj.right_edge.i
    ]
    words = subtree(pobj, remark)
    tail: list = []
    if remark:
        if remark[0].left_edge.lower_ != "which":
            return None  # ", who notified ..." would seem to be said of the new object
        words = words[:-1] if words[-1].text == "," else words
        tail = [",", *remark[0].subtree]
    if any(t.like_num or protected_kind(t) in ("date", "money", "number", "percent") for t in words):
        return None
    if words and isinstance(words[0], Token) and words[0].lower_ in ("that", "this", "these", "those", "such", "said"):
        return None  # "that person" would come before the person it points back to
    if any(t.text == ";" for t in agent.doc[agent.i :]):
        return None  # "by citizens; lawyers; ...": a series the parse cut short
    if len(words) > MAX_DOER or any(t.pos_ in ("VERB", "AUX") for t in words):
        return None  # a long doer ("the Director of the Office who shall appoint ...") makes a worse subject
    if any(c.dep_ == "conj" for c in pobj.children) and not any(
        c.dep_ == "cc" and c.lower_ == "and" for c in pobj.children
    ):
        return None
    if pobj.tag_ == "PRP":
        word = SUBJECT_FORM.get(pobj.lower_, pobj.lower_)
        return _Subject([word], word in ("we", "you", "they", "i"), word == "i", tail)
    doc = agent.doc
    nxt = doc[agent.right_edge.i + 1] if agent.right_edge.i + 1 < len(doc) else None
    if nxt is not None and (
        nxt.text in (",", ";", "(")
        or nxt.dep_ == "cc"
        or nxt.dep_ == "prep"
        and (
            nxt.lower_ in ("in", "of", "for", "with", "from", "on", "at", "under", "since")
            or nxt.lower_ == "to"  # "required by amendments to FOIA": the doer's; "sent by us to you": the verb's
            and agent.head.lemma_ not in _TO_VERBS
        )
        or nxt.tag_.startswith("VB")  # "identified by the name of the person stated on ...": leans on the doer
    ):
        return None  # "by X, as such term is defined" / "by theft or ...": what follows leans on the doer
    said = "".join(surface(t) if isinstance(t, Token) else str(t) for t in words)
    if said.count("(") != said.count(")") or (nxt is not None and nxt.text in (")", "]")):
        return None  # "by its authority under section 105(a) to ...": the parse cut a bracket in two
    if any(t.is_punct for t in words) or any(
        t.dep_ == "cc" or t.lower_ == "by" for t in agent.subtree if t.i != agent.i
    ):
        return None  # "by the home itself or by land and home together": more than one doer
    if any(t.lower_ == "by" for t in agent.doc[agent.right_edge.i + 1 : agent.head.right_edge.i + 1]):
        return None  # "by the government, and not by the provider": two doers weighed against each other
    return _Subject(words, plural(pobj), tail=tail)


# verbs that take "to" (someone or somewhere) after their doer: "sent by the developer to the Director"
_TO_VERBS = {
    "send",
    "submit",
    "give",
    "deliver",
    "provide",
    "report",
    "pay",
    "return",
    "forward",
    "assign",
    "move",
    "transfer",
    "change",
    "add",
    "apply",
    "refer",
    "issue",
    "mail",
    "post",
    "present",
    "supply",
    "grant",
    "lend",
    "sell",
    "offer",
    "explain",
    "show",
    "describe",
    "disclose",
    "email",
    "extend",
    "increase",
    "reduce",
    "raise",
    "lower",
    "set",
    "adjust",
    "limit",
    "restrict",
    "direct",
    "address",
    "link",
    "connect",
}

_ABOUT_EVENT = {"mean", "take", "result", "lead", "cause", "allow", "let", "help", "save", "cost", "give", "make"}


def _shared_agent(verb: Token) -> Token | None:
    """The "by ..." of "reviewed and approved by our team": on the second of two participles that
    share the subject and the "be" of the first, it names the doer of both."""
    conj = [c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
    if len(conj) != 1 or conj[0].tag_ != "VBN":
        return None
    second = conj[0]
    if any(x.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for x in second.children):
        return None
    return next((c for c in second.children if c.dep_ == "agent" and c.lower_ == "by"), None)


def apply(doc: Doc) -> list[str]:
    out = []
    for verb in doc:
        if verb.tag_ != "VBN":
            continue
        agent = next((c for c in verb.children if c.dep_ == "agent" and c.lower_ == "by"), None)
        shared = _shared_agent(verb) if agent is None else None
        agent = agent or shared
        if agent is None or agent.i < verb.i:
            continue
        subj = _doer(agent)
        if subj is None or (
            shared is None and any(c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") for c in verb.children)
        ):
            continue
        new = rebuild(doc, verb, subj, {t.i for t in subtree(agent)})
        if new:
            out.append(new)
    return out
