"""split-appositive: a long appositive becomes its own sentence:
"We use Stripe, a secure payment service used by most shops, to take your payment." ->
"We use Stripe to take your payment. Stripe is a secure payment service used by most shops." """

from __future__ import annotations

from spacy.tokens import Doc

from .base import Piece, final_punct, is_main, is_protected, plural, sentence, subtree, words

_TIME = {"time", "year", "day", "week", "month", "hour", "period", "moment", "morning", "evening", "season"}
MIN_APPOSITIVE = 4  # words: a short one ("our CEO") reads fine where it is
MAX_NAME = 5  # the noun phrase is named again, so it must be short


def apply(doc: Doc) -> list[str]:
    out: list[str] = []
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or not is_main(root):
        return out
    for app in doc:
        noun = app.head
        if app.dep_ != "appos" or noun.pos_ not in ("NOUN", "PROPN") or is_protected(app):
            continue
        if not (
            noun.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") or noun.pos_ == "PROPN" and noun.dep_ == "pobj"
        ) or app.pos_ not in ("NOUN", "PROPN"):
            continue
        if any(t.dep_ == "cc" or t.tag_ == "VBG" for t in doc[max(0, app.left_edge.i - 7) : app.left_edge.i]):
            continue  # "unless a party requests, or the Department initiates, a review": a misparse
        a, b = app.left_edge.i, app.right_edge.i
        if a == 0 or doc[a - 1].text != "," or noun.i > a or words(list(doc[a : b + 1])) < MIN_APPOSITIVE:
            continue
        # a series misread as an appositive ("card, bank transfer, or cheque") must not split
        if any(t.dep_ in ("conj", "cc") for t in doc[a : b + 1]) or any(
            c.dep_ in ("conj", "cc") for c in noun.children
        ):
            continue
        if (
            doc[a].lower_ in ("this", "that", "these", "those")
            or app.lemma_ in _TIME
            or doc[a].pos_ in ("ADV", "ADP", "VERB")
            or any(t.text in (",", "(", ";") for t in doc[a : b + 1])
        ):
            continue  # "owners, particularly firearm businesses": an example, not another name
        after = doc[b + 1] if b + 1 < len(doc) else None
        if after is None or after.text in ".!?":
            if noun.head.i != root.i:
                continue  # "provide to enrollees, for each claim ... the service, an explanation": a late object
            cut = range(a - 1, b + 1)
        elif after.text == "," and b + 2 < len(doc) and doc[b + 2].dep_ != "cc":
            cut = range(a - 1, b + 2)
        else:
            continue
        if not any(c.dep_ in ("det", "poss") for c in app.children) or doc[a].dep_ not in (
            "det",
            "poss",
            "amod",
            "compound",
            "nummod",
        ):
            continue  # "the Chief, Federal Firearms Licensing Center": a title or an address, not a description
        name = [t for t in subtree(noun, [app]) if t.text != ","]
        if not name or max(t.i for t in name) != a - 2:
            continue  # the appositive must follow its noun phrase directly
        if not name or name[-1].i != noun.i or words(name) > MAX_NAME or root.i in cut:
            continue
        named: list[Piece] = list(name)
        if name[0].lower_ in ("a", "an"):
            named = ["The", *name[1:]]
        elif name[0].lower_ in (
            "any",
            "each",
            "every",
            "no",
            "some",
            "all",
            "another",
            "other",
            "one",
            "such",
            "many",
            "several",
            "certain",
            "this",
            "that",
            "these",
            "those",
        ):
            continue
        main = [t for t in doc if t.i not in cut]
        be = "are" if plural(noun) else "is"
        second = [*named, be, *doc[a : b + 1]]
        out.append(sentence(main[:-1] if main[-1].text in ".!?" else main, final_punct(doc)) + " " + sentence(second))
    return out
