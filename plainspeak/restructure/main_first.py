"""main-first: a long leading condition or exception moves after the main clause, so the
sentence opens with what happens: "In the event that your payment is late, we will charge a fee."
-> "We will charge a fee in the event that your payment is late." """

from __future__ import annotations

from spacy.tokens import Doc, Token

from .base import SUBJECTS, final_punct, is_main, lower_first, sentence, words

MIN_LEAD = 8  # words in the leading part: a short "If you move, ..." reads fine first
_REFER_BACK = {
    "it",
    "this",
    "that",
    "they",
    "them",
    "these",
    "those",
    "he",
    "she",
    "him",
    "her",
    "its",
    "their",
    "such",
    "so",
    "then",
    "there",
    "thereof",
    "same",
}
# openers that link to the sentence before: they stay first ("In addition, ...")
_LINKS = {
    ("in", "addition"),
    ("for", "example"),
    ("for", "instance"),
    ("in", "particular"),
    ("as", "a"),
    ("in", "this"),
    ("in", "that"),
    ("in", "short"),
    ("in", "contrast"),
    ("on", "the"),
    ("at", "the"),
    ("consistent", "with"),
    ("in", "general"),
    ("by", "contrast"),
    ("in", "response"),
    ("as", "noted"),
}
_LINK_WORDS = {
    "however",
    "moreover",
    "further",
    "furthermore",
    "accordingly",
    "thus",
    "therefore",
    "also",
    "finally",
    "first",
    "second",
    "third",
    "similarly",
    "additionally",
    "specifically",
    "instead",
    "again",
    "still",
    "nonetheless",
    "nevertheless",
    "likewise",
    "conversely",
    "alternatively",
    "should",
    "had",
    "were",
}  # the last three open an inverted condition ("Should NMFS approve ...")
_CONTRAST = {"while", "although", "though", "whereas", "even"}  # keep their comma when moved
_CLAUSES = ("relcl", "advcl", "ccomp", "acl", "conj")


def _ends_in_clause(main: list[Token], root: Token) -> bool:
    """Would the moved part seem to hang on a clause at the end of the main one rather than on it?"""
    last = main[-1]
    tok = last
    while tok.i != root.i and tok.head.i != tok.i:
        if tok.dep_ in _CLAUSES:
            return True
        tok = tok.head
    return any(c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") for c in root.children)


def apply(doc: Doc) -> list[str]:
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or not is_main(root) or len(doc) < 2:
        return []
    if (doc[0].lower_, doc[1].lower_) in _LINKS or doc[0].lower_ in _LINK_WORDS:
        return []
    subj = next((c for c in root.children if c.dep_ in SUBJECTS), None)
    lead = [c for c in root.children if c.i < root.i and c.left_edge.i == 0 and c.dep_ in ("advcl", "prep")]
    if len(lead) != 1:
        return []
    b = lead[0].right_edge.i
    if b + 1 >= len(doc) or doc[b + 1].text != "," or words(list(doc[: b + 1])) < MIN_LEAD:
        return []
    if any(t.text == "," and t.i + 1 <= b and doc[t.i + 1].pos_ == "ADP" for t in doc[: b + 1]):
        return []  # "In accordance with X, for entries of Y, we ...": two fronted phrases
    if subj is not None and not (
        subj.pos_ in ("PRON", "PROPN")
        or any(c.dep_ == "poss" and c.lower_ in ("your", "our", "my", "their") for c in subj.children)
    ):
        return []  # "the inaccuracy is ... if a disclosure becomes inaccurate": a "the X" subject may refer back
    start = subj.left_edge.i if subj is not None else b + 2
    main = [t for t in doc[b + 2 :] if not (t.i == len(doc) - 1 and t.text in ".!?")]
    opens = main[0].lower_ in ("please", "simply", "just") or main[0].i == root.i if main else False
    if not main or main[0].i != start or (subj is None and not opens):
        return []  # something else stands between the lead and the clause
    # the main clause must not lean on the lead ("If you owe money, we will collect it")
    if any(t.lower_ in _REFER_BACK for t in main):
        return []
    # nor name again what the lead introduced ("If a creditor changes ..., the creditor must ...")
    introduced = {
        t.lemma_.lower()
        for t in doc[: b + 1]
        if t.pos_ in ("NOUN", "PROPN")
        and any(c.dep_ == "det" and c.lower_ in ("a", "an", "any", "some", "each") for c in t.children)
    }
    if any(t.pos_ in ("NOUN", "PROPN") and t.lemma_.lower() in introduced for t in main):
        return []
    if words(main) >= words(list(doc[: b + 1])) * 2 or _ends_in_clause(main, root) or not main[0].is_alpha:
        return []  # the lead is not the long part, or it would seem to hang on a later clause
    if any(t.text == "," and t.head.i == root.i for t in main):
        return []  # "..., effective January 1" + the moved part: two trailing phrases read as one
    moved = lower_first(list(doc[: b + 1]))
    comma = [","] if doc[0].lower_ in _CONTRAST else []
    return [sentence([*main, *comma, *moved], final_punct(doc))]
