"""split-adverbial: a long clause of contrast or purpose tacked on after a comma at the end of a
long sentence becomes its own sentence:
"The Bureau has decided to keep the exemption, although several commenters urged it to remove the
exemption for all creditors." -> "The Bureau has decided to keep the exemption. But several
commenters urged it to remove the exemption for all creditors."
"although", "though", "even though" and "whereas" become "But" ("while" may mean "during": left alone);
the same clause leading the sentence goes first: "Although we try to answer within two days, it can
take longer in busy periods." -> "We try to answer within two days. But it can take longer in busy
periods." A leading "while" counts only when it cannot mean "during" (its clause has "may" / "might"
/ "could", or is in the past while the main clause is not);
"so that" becomes "This is so that"; "in order to" becomes "This is to". Clauses whose word
carries a condition or a degree ("unless", "if", "insofar as", "as", "since") are left alone:
no second sentence says the same."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .base import ends_in_phrase, final_punct, is_clause, is_main, lower_first, sentence, words
from .split_clauses import _leading_scope

MIN_MAIN = 8
MIN_CLAUSE = 6
_BUT = {("although",), ("though",), ("even", "though"), ("whereas",)}  # "while" may mean "during"
_LEADING = {key[0] for key in _BUT} | {"while"}  # words that can open a granted clause
_PURPOSE = {("so", "that"): ["so", "that"], ("in", "order", "to"): ["to"]}


def _opener(doc: Doc, clause: Token) -> tuple[int, list[str]] | None:
    """Where the clause's own words begin after its linking word(s), and the words that open the new sentence."""
    lo = clause.left_edge.i
    for n in (3, 2, 1):
        key = tuple(t.lower_ for t in doc[lo : lo + n])
        if key in _BUT:
            if not is_clause(clause):
                return None  # "while waiting for X": no clause of its own
            return lo + n, ["But"]
        if key in _PURPOSE:
            return lo + n, _PURPOSE[key]
    return None


_PRONOUNS = {"it", "they", "he", "she", "this", "these", "those"}
_POSSIBLE = {"may", "might", "could"}


def _past(verb: Token) -> bool:
    return verb.tag_ == "VBD" or any(a.dep_ in ("aux", "auxpass") and a.tag_ == "VBD" for a in verb.children)


def _contrast_while(clause: Token, root: Token) -> bool:
    """Does a leading "while" clause grant a point ("While A may be true, B") rather than say when?"""
    if any(a.dep_ == "aux" and a.lower_ in _POSSIBLE for a in clause.children):
        return True
    return _past(clause) and not _past(root) and clause.tag_ != "VBG"


def _leading(doc: Doc, root: Token, end: int) -> list[str]:
    """ "Although A, B." -> "A. But B." """
    clause = next((c for c in root.children if c.dep_ == "advcl" and c.i < root.i), None)
    if clause is None or clause.left_edge.i != 0 or not is_clause(clause):
        return []
    hi = clause.right_edge.i
    if doc[hi].text == ",":  # the parse may hang the comma on the clause
        hi -= 1
    if (
        hi + 2 >= end
        or doc[hi + 1].text != ","
        or any(c.dep_ == "advcl" and c.i < root.i and c != clause for c in root.children)
    ):
        return []
    found = _opener(doc, clause)  # the same linking words as a trailing clause's
    if found is not None and found[1] == ["But"]:
        start = found[0]
    elif doc[0].lower_ == "while" and _contrast_while(clause, root):
        start = 1
    else:
        return []
    if doc[start].dep_ != "nsubj" and doc[start].left_edge.i != start or doc[start].is_punct:
        return []
    subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.lower_ in _PRONOUNS:
        return []  # "Although it is late, the bank ...": the pronoun would come before what it stands for
    if ends_in_phrase(doc, hi):
        return []  # "Although A, under § X, B ...": the phrase between the commas may belong to the main clause
    granted = list(doc[start : hi + 1])
    main = list(doc[hi + 2 : end])
    if words(granted) < MIN_CLAUSE or words(main) < MIN_MAIN or any(t.lower_ in ("then", "so") for t in main[:1]):
        return []
    return [sentence(granted) + " " + sentence(["But", *lower_first(main)], final_punct(doc))]


def apply(doc: Doc) -> list[str]:
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or not is_main(root):
        return []
    end = len(doc) - 1 if doc[-1].text in ".!?" else len(doc)
    if doc[0].lower_ in _LEADING:
        return _leading(doc, root, end)
    if _leading_scope(doc, root):
        return []
    for c in root.children:
        if c.dep_ not in ("advcl", "prep") or c.i < root.i or c.right_edge.i != end - 1:
            continue
        lo = c.left_edge.i
        if lo < 2 or doc[lo - 1].text != ",":
            continue  # only a clause set off by a comma is an afterthought; "X so that Y" may be the point
        found = _opener(doc, c)
        if found is None:
            continue
        start, opener = found
        if (c.dep_ == "prep") != (opener == ["to"]):
            continue
        if opener == ["to"] and doc[start].tag_ != "VB" or opener == ["so", "that"] and not is_clause(c):
            continue
        main = list(doc[: lo - 1])
        if any(t.dep_ in ("ccomp", "csubj") or t.lower_ in ("whether", "that", "not", "n't", "never") for t in main):
            continue  # "argued that A, although B": B may be part of what was argued; "not X, so that Y": scope
        if any(t.dep_ in ("advcl", "acl", "relcl") and t.right_edge.i == lo - 2 for t in main):
            continue  # "designed to reduce X when they make Y, in order to Z": Z may belong to the inner clause
        if doc[lo - 2].is_punct:
            continue
        rest = list(doc[start:end])
        if words(main) < MIN_MAIN or words(rest) < MIN_CLAUSE or doc[start].is_punct:
            continue
        if opener[0] == "But":
            body = ["But", *lower_first(rest)]
        else:
            past = root.tag_ == "VBD" or any(a.dep_ in ("aux", "auxpass") and a.tag_ == "VBD" for a in root.children)
            body = ["This", "was" if past else "is", *opener, *rest]
        return [sentence(main) + " " + sentence(body, final_punct(doc))]
    return []
