"""main-first: a long leading condition or exception moves after the main clause, so the
sentence opens with what happens: "In the event that your payment is late, we will charge a fee."
-> "We will charge a fee in the event that your payment is late." """
from __future__ import annotations

from spacy.tokens import Doc

from .base import SUBJECTS, final_punct, is_main, lower_first, sentence, words

MIN_LEAD = 8     # words in the leading part: a short "If you move, ..." reads fine first
_REFER_BACK = {"it", "this", "that", "they", "them", "these", "those", "he", "she", "him", "her", "its", "their",
               "such", "so", "then", "there"}


def apply(doc: Doc) -> list[str]:
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or not is_main(root):
        return []
    subj = next((c for c in root.children if c.dep_ in SUBJECTS), None)
    lead = [c for c in root.children if c.i < root.i and c.left_edge.i == 0 and c.dep_ in ("advcl", "prep")]
    if len(lead) != 1:
        return []
    b = lead[0].right_edge.i
    if b + 1 >= len(doc) or doc[b + 1].text != "," or words(list(doc[:b + 1])) < MIN_LEAD:
        return []
    start = subj.left_edge.i if subj is not None else b + 2
    main = [t for t in doc[b + 2:] if not (t.i == len(doc) - 1 and t.text in ".!?")]
    opens = main[0].lower_ in ("please", "simply", "just") or main[0].i == root.i if main else False
    if not main or main[0].i != start or (subj is None and not opens):
        return []   # something else stands between the lead and the clause
    # the main clause must not lean on the lead ("If you owe money, we will collect it")
    if any(t.lower_ in _REFER_BACK for t in main):
        return []
    if words(main) >= words(list(doc[:b + 1])) * 2:
        return []   # the lead is not the long part
    return [sentence([*main, *lower_first(list(doc[:b + 1]))], final_punct(doc))]
