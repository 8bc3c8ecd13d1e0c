"""split-participle: a long participial phrase becomes a sentence with the main clause's subject:
"Having reviewed your file in detail, we have decided to approve the loan." ->
"We reviewed your file in detail. We have decided to approve the loan."
"We have updated our terms, giving you more time to pay each bill." ->
"We have updated our terms. This gives you more time to pay each bill." """

from __future__ import annotations

from spacy.tokens import Doc, Token

from .base import (
    SUBJECTS,
    agree_tag,
    final_punct,
    inflect,
    is_clause,
    lower_first,
    plural,
    sentence,
    words,
)
from .split_clauses import _leading_scope

MIN_PHRASE = 6  # words in the participial phrase
# a trailing "-ing" phrase with one of these verbs states a result of the whole clause: "This gives ..."
_RESULT = {
    "give",
    "allow",
    "let",
    "ensure",
    "enable",
    "result",
    "leave",
    "help",
    "save",
    "cause",
    "bring",
    "reduce",
    "increase",
    "lead",
    "create",
    "keep",
    "provide",
    "lower",
    "raise",
    "protect",
}
_DANGLING = {
    "assuming",
    "given",
    "considering",
    "including",
    "regarding",
    "concerning",
    "following",
    "according",
    "based",
    "provided",
    "depending",
    "notwithstanding",
    "excluding",
    "barring",
    "pending",
    "granted",
    "supposing",
    "speaking",
    "judging",
    "taking",
    "beginning",
    "starting",
    "compared",
    "generally",
    "combined",
    "coupled",
    "together",
    "added",
    "counting",
    "allowing",
    "save",
    "excepting",
}
# a trailing "-ing" phrase with one of these verbs says what the subject said: ", arguing that X"
_SAYING = {
    "argue",
    "assert",
    "contend",
    "claim",
    "note",
    "state",
    "explain",
    "suggest",
    "say",
    "maintain",
    "urge",
    "stress",
    "emphasize",
    "express",
    "recommend",
    "request",
    "observe",
    "point",
    "indicate",
    "question",
    "ask",
    "cite",
}
_SUBJECT_PRONOUNS = {"we", "you", "they", "i", "he", "she", "it"}


def _tense(root: Token) -> str:
    """VBD when the main clause is in the past (or present perfect), else the present."""
    if root.tag_ == "VBD" or any(c.dep_ == "aux" and c.lemma_ == "have" for c in root.children):
        return "VBD"
    if any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in root.children):
        return "VBD"
    return "VBP"


def _modal(root: Token) -> Token | None:
    return next((c for c in root.children if c.dep_ == "aux" and c.tag_ == "MD"), None)


def _verbs(head: Token) -> list[Token]:
    """The participle and the participles joined to it by "and"/"or" ("checking ... and paying ...")."""
    out = [head]
    for c in head.children:
        if c.dep_ == "conj" and c.tag_ == head.tag_:
            out += _verbs(c)
    return out


def _finite(phrase: list[Token], verbs: list[Token], lemma_tag: str, subject: Token | None) -> list:
    forms = {v.i: inflect(v.lemma_, lemma_tag, subject) for v in verbs}
    return [forms.get(t.i, t) for t in phrase]


def _leading(doc: Doc, root: Token, subj: Token) -> str | None:
    part = next(
        (c for c in root.children if c.dep_ == "advcl" and c.left_edge.i == 0 and c.tag_ in ("VBG", "VBN")), None
    )
    if part is None or any(c.dep_ in SUBJECTS | {"mark"} or c.tag_ in ("WRB",) for c in part.children):
        return None
    if part.lower_ in _DANGLING:
        return None  # "Assuming that X, theory implies ...": the phrase has no doer of its own
    if any(c.dep_ == "poss" for c in subj.children):
        return None  # "Asked whether X, his reply was ...": the doer is the possessor, not the subject
    if part.left_edge.i != part.i and not (doc[0].lower_ == "having" and part.i == 1):
        return None  # "For loans claimed to be ...": the phrase does not open with its participle
    b = part.right_edge.i
    if b + 1 >= len(doc) or doc[b + 1].text != "," or words(list(doc[: b + 1])) < MIN_PHRASE:
        return None
    phrase = list(doc[: b + 1])
    having = [c for c in part.children if c.dep_ == "aux" and c.lower_ == "having"]
    if having:  # "Having reviewed X" -> "We reviewed X"
        if part.tag_ != "VBN" or having[0].i != 0:
            return None
        body = _finite([t for t in phrase if t.i != having[0].i], [part], "VBD", subj)
    elif part.tag_ == "VBG":  # "Recognising X" -> "We recognise X"
        modal = _modal(root)
        if modal is not None:
            body = [modal] + _finite(phrase, _verbs(part), "VB", subj)
        else:
            body = _finite(phrase, _verbs(part), agree_tag(_tense(root), subj), subj)
    else:  # "Designed for X" -> "It is designed for X"
        be = inflect("be", "VBD" if _tense(root) == "VBD" else "VBZ", subj)
        body = [be, *lower_first(phrase)]
    name = _subject_words(subj)
    if name is None:
        return None
    first = sentence([*name, *lower_first(body)])
    rest = [t for t in doc[b + 2 :] if not (t.i == len(doc) - 1 and t.text in ".!?")]
    return first + " " + sentence(rest, final_punct(doc))


def _subject_words(subj: Token) -> list | None:
    """The main clause's subject, to repeat: a pronoun, or a short noun phrase."""
    if subj.lower_ in _SUBJECT_PRONOUNS:
        return [subj.text]
    np = list(subj.subtree)
    if words(np) > 3 or np[0].lower_ in ("a", "an", "any", "each", "every", "no", "some"):
        return None
    return np


# verbs whose "to ..." is still to come: a trailing "-ing" phrase may belong to that future action
_LOOKS_AHEAD = {
    "promise",
    "plan",
    "hope",
    "want",
    "intend",
    "expect",
    "aim",
    "vow",
    "pledge",
    "agree",
    "offer",
    "threaten",
    "wish",
    "like",
    "love",
    "prefer",
    "seek",
    "try",
    "prepare",
    "mean",
    "need",
}


def _trailing(doc: Doc, root: Token, subj: Token) -> str | None:
    end = len(doc) - 1 if doc[-1].text in ".!?" else len(doc)
    part = next(
        (
            c
            for c in root.children
            if c.dep_ == "advcl"
            and c.tag_ == "VBG"
            and c.right_edge.i == end - 1
            and c.left_edge.i > 0
            and doc[c.left_edge.i - 1].text == ","
        ),
        None,
    )
    if part is None or part.left_edge.i != part.i or part.text[:1].isupper():
        return None  # "a study, Assessing the ... Formula, to ...": a title, not a phrase
    if root.lemma_ in _LOOKS_AHEAD and any(c.dep_ == "xcomp" and c.i < part.i for c in root.children):
        return None  # "has promised to enjoy life, flying helicopters": the flying is still to come, not done
    if any(t.tag_ == "VBG" for t in doc[max(0, part.i - 8) : part.i - 1]):
        return None  # "by raising A, increasing B, and protecting C": a series of "-ing" phrases
    before = [t.lower_ for t in doc[max(0, part.i - 4) : part.i - 1]]
    if before[-1:] and (
        doc[part.i - 2].tag_ == "IN" or before[-2:] in (["for", "example"], ["for", "instance"]) or "by" in before
    ):
        return None  # "by, for example, providing ...": the phrase belongs to a preposition
    if any(c.dep_ in SUBJECTS | {"mark"} for c in part.children) or words(list(doc[part.i : end])) < MIN_PHRASE:
        return None
    phrase = list(doc[part.i : end])
    verbs = [v for v in _verbs(part) if v.pos_ == "VERB"]
    inside = {t.i for t in phrase}
    if (
        _leading_scope(doc, root)
        or any((t.dep_ in ("cc", "conj") and t.head.i not in inside) for t in phrase)
        or any(
            t.dep_ == "conj" and t.pos_ in ("NOUN", "PROPN") and t.head.i in inside and t.head.pos_ == "VERB"
            for t in phrase
        )
    ):
        return None  # "If A, B, leaving C" keeps its condition; "adding X, exempting Y, and Z, exempting W" is a series
    if any(t.lower_ in ("including", "such") for t in doc[: part.i]) or any(
        t.tag_ == "VBG" and t not in verbs and t.dep_ in ("conj", "advcl") for t in phrase
    ):
        return None  # "including A, providing B, and providing C": a series, not one phrase
    if part.lemma_ in _RESULT:
        modal = _modal(root)
        body = (
            ["This", modal, *_finite(phrase, verbs, "VB", None)]
            if modal is not None  # "could lead ..., resulting"
            else ["This", *_finite(phrase, verbs, "VBZ", None)]
        )
    else:
        if subj.lower_ not in _SUBJECT_PRONOUNS and not (
            part.lemma_ in _SAYING and any(c.dep_ in ("ccomp", "dobj") for c in part.children)
        ):
            return None  # ", dealing with X" after a noun may describe that noun, not the subject
        name = _subject_words(subj)
        if subj.lower_ not in _SUBJECT_PRONOUNS and (plural(subj) or subj.lower_ in ("many", "some", "several")):
            name = ["they"]  # "Many industry commenters objected, arguing that X" -> "They argued that X."
        if name is None:
            return None
        modal = _modal(root)
        if modal is not None:
            body = [*name, modal, *_finite(phrase, verbs, "VB", subj)]
        else:
            body = [*name, *_finite(phrase, verbs, agree_tag(_tense(root), subj), subj)]
    main = list(doc[: part.i - 1])
    if words(main) < MIN_PHRASE:
        return None  # "Thus, the Bureau reasoned, providing ...": too little to stand as a sentence
    return sentence(main) + " " + sentence(body, final_punct(doc))


def apply(doc: Doc) -> list[str]:
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or not is_clause(root):
        return []
    subj = next(c for c in root.children if c.dep_ in SUBJECTS)
    if subj.dep_ not in ("nsubj", "nsubjpass") or subj.lower_ == "which":
        return []
    return [x for x in (_leading(doc, root, subj), _trailing(doc, root, subj)) if x]
