"""split-because: a long reason at the end of a long sentence becomes its own sentence:
"We have closed your account on our system because we did not receive the payment that was due
on {{date}}." -> "We have closed your account on our system. This is because we did not receive
the payment that was due on {{date}}."
A long reason that leads the sentence keeps its place and the result follows with "So": "Because the
premiums are not paid monthly, they are not shown in the table." -> "The premiums are not paid
monthly. So they are not shown in the table." (the order stays, so every pronoun still follows
what it stands for)."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .base import ends_in_phrase, final_punct, is_clause, is_main, lower_first, sentence, words

MIN_MAIN = 8
MIN_REASON = 6
_PRONOUNS = {"it", "they", "he", "she", "this", "these", "those"}


def _leading(doc: Doc, root: Token, end: int) -> list[str]:
    """ "Because A, B." -> "A. So B." """
    clause = next((c for c in root.children if c.dep_ == "advcl" and c.i < root.i), None)
    if clause is None or clause.left_edge.i != 0 or not is_clause(clause):
        return []
    hi = clause.right_edge.i
    if doc[hi].text == ",":  # the parse may hang the comma on the clause
        hi -= 1
    if hi + 2 >= end or doc[hi + 1].text != ",":
        return []
    if any(c.dep_ == "advcl" and c.i < root.i and c != clause for c in root.children):
        return []  # "Because A, if B, C": the second condition would lose its reason
    if doc[1].is_punct or any(t.text in ";:" or t.lower_ == "because" for t in doc[1:end]):
        return []
    subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if subj is None or subj.lower_ in _PRONOUNS and subj.dep_ != "expl":
        return []  # "Because it is small, the bank ...": the pronoun would come before what it stands for
    if ends_in_phrase(doc, hi):
        return []  # "Although A, under § X, B ...": the phrase between the commas may belong to the main clause
    reason = list(doc[1 : hi + 1])
    main = list(doc[hi + 2 : end])
    if words(reason) < MIN_REASON or words(main) < MIN_REASON or main[0].lower_ in ("then", "so", "therefore", "thus"):
        return []
    return [sentence(reason) + " " + sentence(["So", *lower_first(main)], final_punct(doc))]


def apply(doc: Doc) -> list[str]:
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or not is_main(root):
        return []
    end = len(doc) - 1 if doc[-1].text in ".!?" else len(doc)
    if doc[0].lower_ == "because":
        return _leading(doc, root, end)
    if sum(t.lower_ == "because" for t in doc) != 1:
        return []  # "not because X but because Y" weighs two reasons: leave it whole
    for c in root.children:
        mark = next((m for m in c.children if m.dep_ == "mark" and m.lower_ == "because"), None)
        if c.dep_ != "advcl" or mark is None or mark.i != c.left_edge.i or c.right_edge.i != end - 1:
            continue
        if mark.i == 0 or doc[mark.i - 1].lower_ in (
            "just",
            "only",
            "not",
            "simply",
            "partly",
            "mainly",
            "largely",
            "merely",
            "solely",
            "primarily",
            "part",
            "precisely",
            "exactly",
            "especially",
            "particularly",
            "chiefly",
            "purely",
            "principally",
            "mostly",
            "generally",
            "entirely",
            "wholly",
        ):
            continue  # "not because ..." / "only because ...": the reason is part of the point
        before = mark.i - 2 if doc[mark.i - 1].text == "," else mark.i - 1
        if any(t.dep_ in ("ccomp", "relcl", "advcl", "acl") and t.right_edge.i == before for t in doc[: mark.i]):
            continue  # "concern that A because B": the reason may belong to A
        if any(t.dep_ in ("ccomp", "pcomp", "csubj") or t.lower_ in ("whether", "that") for t in doc[: mark.i]):
            continue  # "seeks comment on whether it would be right to X because Y": Y may belong inside
        if (
            any(t.dep_ == "neg" for t in doc[: mark.i])
            and any(t.lemma_ in ("consider", "deem", "treat", "regard") for t in doc[: mark.i])
            or any(t.dep_ == "neg" and t.head.i == root.i for t in doc[: mark.i])
            and root.lemma_ in ("be",)
            and any(c.dep_ in ("acomp", "attr") for c in root.children)
        ):
            continue  # "shall not be considered unable because X": the "not" may be about the reason
        main = [t for t in doc[: mark.i]]
        reason = list(doc[mark.i + 1 : end])
        if words(main) < MIN_MAIN or words(reason) < MIN_REASON:
            continue
        past = root.tag_ == "VBD" or any(a.dep_ in ("aux", "auxpass") and a.tag_ == "VBD" for a in root.children)
        return [
            sentence(main) + " " + sentence(["This", "was" if past else "is", "because", *reason], final_punct(doc))
        ]
    return []
