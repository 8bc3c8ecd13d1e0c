"""split-reported: two things someone says, thinks or finds, joined in one long "that" clause,
become two sentences, each still saying who says it: "The Bureau believes that most creditors
already meet the new test, and that the cost of the rule will therefore be small." -> "The Bureau
believes that most creditors already meet the new test. The Bureau also believes that the cost of
the rule will therefore be small."
Splitting after "and" alone would state the second point as fact; saying the verb again keeps it
reported, and "also" keeps the two points together."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from .base import final_punct, is_clause, sentence, words
from .split_verbs import _subject_words, disagrees

CUE = re.compile(r"\band\b", re.IGNORECASE)
MIN_WORDS = 20
MIN_POINT = 5  # words in each reported point
# verbs that report what someone says, thinks or finds ("that" clauses after them can be repeated)
REPORTING = {
    "acknowledge",
    "agree",
    "anticipate",
    "argue",
    "assert",
    "believe",
    "claim",
    "comment",
    "conclude",
    "contend",
    "emphasize",
    "estimate",
    "expect",
    "explain",
    "find",
    "indicate",
    "maintain",
    "note",
    "observe",
    "recognize",
    "report",
    "say",
    "show",
    "state",
    "stress",
    "suggest",
    "tell",
    "think",
    "understand",
}
_SAME_PRONOUN = {"they": {"they", "them", "their", "theirs"}, "it": {"it", "its"}}
_ROOT_CHILDREN = {"nsubj", "aux", "advmod", "punct", "ccomp"}


def _lead_ok(doc: Doc, subj: Token) -> bool:
    """Nothing before the subject but one linking word and its comma ("Further, the Bureau notes"):
    a longer lead ("With regard to X, ...") would stay with the first point only."""
    lead = subj.left_edge.i
    return lead == 0 or lead == 2 and doc[0].dep_ in ("advmod", "cc") and doc[1].text == ","


def apply(doc: Doc) -> list[str]:
    if words(list(doc)) < MIN_WORDS:
        return []
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.lemma_.lower() not in REPORTING or root.pos_ != "VERB":
        return []
    if any(c.dep_ not in _ROOT_CHILDREN for c in root.children):
        return []  # "notes in its comments that ...", "does not believe ...": the second point would drop it
    subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
    point = next((c for c in root.children if c.dep_ == "ccomp" and c.i > root.i), None)
    if subj is None or subj.i > root.i or point is None or not _lead_ok(doc, subj) or not is_clause(point):
        return []
    end = len(doc) - 1 if doc[-1].text in ".!?" else len(doc)
    if point.right_edge.i != end - 1 or any(c.dep_ == "advmod" and c.i > root.i for c in root.children):
        return []
    mark = next((c for c in point.children if c.dep_ == "mark"), None)
    if mark is not None and (mark.lower_ != "that" or mark.i != root.i + 1):
        return []  # "believes whether ...", or words between the verb and its point
    seconds = [c for c in point.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
    if len(seconds) != 1:
        return []  # one point, or a series of three: leave it whole
    second = seconds[0]
    if not is_clause(second) or second.right_edge.i != end - 1 or any(c.dep_ == "conj" for c in second.children):
        return []
    start = second.left_edge.i
    cc = doc[start - 1]
    if cc.lower_ != "and" or cc.dep_ != "cc" or doc[start].is_punct:
        return []  # "but", "or" weigh the two points against each other; "and, thus, ..." stays whole
    if doc[start].dep_ != "mark" or doc[start].lower_ != "that":
        return []  # "explains that A, and thus B": without its own "that", B may be the writer's own point
    cut = cc.i - 1 if doc[cc.i - 1].text == "," else cc.i
    first_point = list(doc[point.i if mark is None else mark.i + 1 : cut])
    second_point = list(doc[start + 1 : end])  # after its "that"
    if words(first_point) < MIN_POINT or words(second_point) < MIN_POINT:
        return []
    if any(t.text in ";:" for t in doc[:end]):
        return []  # a list of provisions: the split would not know its parts
    name = _subject_words(subj)
    if name is None:
        return []
    if name in (["they"], ["it"]) and any(t.lower_ in _SAME_PRONOUN[name[0]] for t in second_point):
        return []  # "They also observed that ... they have": which "they" is which?
    aux = [c for c in root.children if c.dep_ == "aux" and c.i < root.i]
    if any(a.lower_ in ("to", "do", "does", "did") for a in aux) or not aux and root.tag_ not in ("VBD", "VBZ", "VBP"):
        return []
    if disagrees(name, root.tag_):
        return []  # the verb would not agree with the subject said again
    if aux:  # "has also noted", "would also argue"
        verb: list = [aux[0], "also", *aux[1:], root]
    else:
        verb = ["also", root]
    first = sentence(list(doc[:cut]))
    rest = [*name, *verb, "that", *second_point]
    return [first + " " + sentence(rest, final_punct(doc))]
