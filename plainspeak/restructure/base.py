"""Shared pieces of the transforms: turning parse tokens back into well-formed sentences, and
the clause tests that keep every new sentence a real one (a subject and a finite verb)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Token

from ..inflect import lemminflect
from .parse import is_protected, surface

Piece = Token | str
SUBJECTS = {"nsubj", "nsubjpass", "expl", "csubj", "csubjpass"}
FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}
_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "%", "'s", "’s", "n't", "n’t", "'", "’"}
_CLOSERS = {".", "!", "?"}
# subject pronouns and the object form they take after a verb or preposition, and back
OBJECT_FORM = {
    "i": "me",
    "we": "us",
    "he": "him",
    "she": "her",
    "they": "them",
    "you": "you",
    "it": "it",
    "who": "whom",
}
SUBJECT_FORM = {v: k for k, v in OBJECT_FORM.items() if k != "who"}
PLURAL_PRONOUNS = {"we", "you", "they", "i"}


def text_of(pieces: Sequence[Piece]) -> str:
    """Join tokens and strings: original spacing between neighbouring tokens, one space elsewhere,
    none before closing punctuation."""
    out: list[str] = []
    prev: Piece | None = None
    for p in pieces:
        word = surface(p) if isinstance(p, Token) else p
        if not word:
            continue
        if prev is not None:
            if isinstance(p, Token) and isinstance(prev, Token) and p.i == prev.i + 1:
                out.append(prev.whitespace_)
            elif word not in _NO_SPACE_BEFORE and not word.startswith(("'", "’")) or word in ("'", "’"):
                out.append(" ")
        out.append(word)
        prev = p
    return "".join(out).strip()


def keeps_case(tok: Piece) -> bool:
    """Should this word keep its capital when it no longer starts the sentence?"""
    if isinstance(tok, str):
        return tok[:1].isupper() and tok not in {"It", "This", "These", "They", "We", "You", "Please", "The"}
    if sum(ch.isupper() for ch in tok.text) >= 2:
        return True  # an acronym, also in the plural ("CPFs") or mixed case ("iPhone" aside)
    if tok.text[:1].isupper() and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].like_num:
        return True  # a numbered name: "Section 508", "Form 1099", "Table 2"
    if tok.i == 0 and tok.tag_ in ("NNP", "NNPS") and not is_protected(tok):
        # a capital at the start says nothing: a name continues ("Acme Bank") or recurs capitalised
        nxt = tok.doc[1] if len(tok.doc) > 1 else None
        return bool(nxt is not None and nxt.text[:1].isupper() and nxt.tag_ in ("NNP", "NNPS")) or any(
            t.text == tok.text for t in tok.doc[1:]
        )
    return (
        tok.tag_ in ("NNP", "NNPS")
        or tok.text == "I"
        or is_protected(tok)
        or (len(tok.text) > 1 and tok.text.isupper())
        or not tok.text[:1].isupper()
    )


def lower_first(pieces: Sequence[Piece]) -> list[Piece]:
    """The pieces with their first word lower-cased, unless it is a name, "I", an acronym or protected."""
    if not pieces or keeps_case(pieces[0]):
        return list(pieces)
    first = pieces[0]
    word = first.text if isinstance(first, Token) else first
    return [word[:1].lower() + word[1:]] + list(pieces[1:])


def upper_first(text: str) -> str:
    for k, ch in enumerate(text):
        if ch.isalpha():
            return text[:k] + ch.upper() + text[k + 1 :] if k == 0 or not text[:k].strip("\"'“‘(") else text
        if not ch.isspace() and ch not in "\"'“‘(":
            return text
    return text


def sentence(pieces: Sequence[Piece], end: str = ".") -> str:
    """One finished sentence: stray leading/trailing commas, semicolons and conjunction-free
    punctuation dropped, first letter capitalised, ending in `end` (kept when it already ends so)."""
    items = list(pieces)
    while items and _word(items[0]) in {",", ";", ":", "—", "–", "-"}:
        items.pop(0)
    while items and _word(items[-1]) in {",", ";", ":", "—", "–", "-", "."}:
        items.pop()
    body = text_of(items)
    if items and not (isinstance(items[0], Token) and (is_protected(items[0]) or items[0].text[1:2].isupper())):
        body = upper_first(body)
    if not body:
        return ""
    if body[-1] in _CLOSERS or body.endswith(('?"', '."', '!"', ".”", "?”")):
        return body
    return body + end


def _word(p: Piece) -> str:
    return surface(p) if isinstance(p, Token) else p


def final_punct(doc: Doc) -> str:
    """The sentence's closing mark ("." when it has none)."""
    last = doc[-1].text if len(doc) else "."
    return last if last in _CLOSERS else "."


def is_finite(verb: Token) -> bool:
    """Does this verb head a finite clause (a tensed verb, or an auxiliary/modal that is)?"""
    if verb.tag_ in FINITE_TAGS:
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE_TAGS for c in verb.children)


def has_subject(verb: Token) -> bool:
    return any(c.dep_ in SUBJECTS for c in verb.children)


def is_clause(verb: Token) -> bool:
    """A clause that can stand alone: a finite verb with its own subject."""
    return verb.pos_ in ("VERB", "AUX") and is_finite(verb) and has_subject(verb)


def span(tokens: Iterable[Token]) -> list[Token]:
    return sorted(set(tokens), key=lambda t: t.i)


def subtree(tok: Token, without: Iterable[Token] = ()) -> list[Token]:
    """The token's subtree in order, less the subtrees of `without`."""
    drop = {t.i for w in without for t in w.subtree}
    return [t for t in tok.subtree if t.i not in drop]


def contiguous(tokens: Sequence[Token]) -> bool:
    return bool(tokens) and tokens[-1].i - tokens[0].i + 1 == len(tokens)


def plural(tok: Token) -> bool:
    """Is this noun phrase head plural (for verb agreement)?"""
    if tok.lower_ in PLURAL_PRONOUNS:
        return True
    if any(c.dep_ == "conj" for c in tok.children) and any(c.dep_ == "cc" and c.lower_ == "and" for c in tok.children):
        return True
    return tok.tag_ in ("NNS", "NNPS")


def inflect(lemma: str, tag: str, subject: Token | None = None) -> str:
    """`lemma` in form `tag` (VBZ/VBP/VBD/VB/VBN/VBG), with "be" agreeing with `subject`."""
    if lemma == "be" and subject is not None and tag in ("VBP", "VBZ", "VBD"):
        low = subject.lower_
        if tag == "VBD":
            return "were" if plural(subject) and low != "i" else "was"
        return "am" if low == "i" else ("are" if plural(subject) else "is")
    forms = lemminflect().getInflection(lemma, tag)
    return forms[0] if forms else lemma


def agree_tag(tense: str, subject: Token) -> str:
    """Present tense tag for `subject` ("VBZ" for he/it/a singular noun, else "VBP"); past stays VBD."""
    if tense == "VBD":
        return "VBD"
    return "VBP" if plural(subject) else "VBZ"


def words(pieces: Sequence[Piece]) -> int:
    return sum(1 for p in pieces if any(ch.isalnum() for ch in _word(p)))


def is_imperative(verb: Token) -> bool:
    """A command with no subject: "Please sign the form", "Call us", "Do not share it"."""
    return (
        verb.dep_ == "ROOT"
        and verb.tag_ == "VB"
        and not has_subject(verb)
        and not any(c.dep_ in ("aux", "auxpass") and not (c.lemma_ == "do" and c.tag_ == "VB") for c in verb.children)
    )


def is_main(verb: Token) -> bool:
    """Can this verb head a sentence of its own: a clause with a subject, or a command?"""
    return is_clause(verb) or is_imperative(verb)


FUNCTION_TAGS = {"WRB", "WDT", "WP", "IN", "DT", "CC", "TO", "MD", "PRP$", "POS", "RP"}


def ends_open(tok: Token) -> bool:
    """Does a part that ends with this token leave something unsaid ("... is in existence when")?"""
    return tok.tag_ in FUNCTION_TAGS or tok.dep_ in ("mark", "aux", "det", "poss", "case")


def ends_in_phrase(doc: Doc, hi: int) -> bool:
    """Does the leading clause doc[:hi + 1] end in a phrase set off by a comma ("Although A, under § X")?
    Such a phrase may belong to the main clause that follows: a split would hand it to the wrong one."""
    return any(
        t.text == ","
        and doc[t.i + 1].dep_ == "prep"
        and all(u.is_punct for u in doc[doc[t.i + 1].right_edge.i + 1 : hi + 1])
        for t in doc[1:hi]
    )
