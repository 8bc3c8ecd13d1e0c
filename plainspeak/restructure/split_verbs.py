"""split-verbs: a long sentence with two verbs sharing one subject becomes two sentences, the
subject said again: "We will review the documents you sent us last week and write to you with
our decision within ten days." -> "We will review the documents you sent us last week. We will
write to you with our decision within ten days." """

from __future__ import annotations

from spacy.tokens import Doc, Token

from .base import SUBJECTS, ends_open, final_punct, lower_first, plural, sentence, words
from .split_clauses import _leading_scope

MIN_WORDS = 18
MIN_PART = 6
_PRONOUNS = {"we", "you", "they", "i", "he", "she", "it"}
_KEEP = {"but": "But"}
_QUANTITIES = {"most", "many", "some", "all", "few", "both", "several", "none", "half"}


_PEOPLE = {
    "person",
    "consumer",
    "customer",
    "borrower",
    "applicant",
    "individual",
    "employee",
    "member",
    "user",
    "client",
    "patient",
    "student",
    "owner",
    "holder",
    "officer",
    "secretary",
    "agent",
    "director",
    "manager",
    "commenter",
    "representative",
    "buyer",
    "seller",
    "tenant",
    "landlord",
    "resident",
    "child",
    "parent",
    "general",
    "inspector",
    "administrator",
    "commissioner",
    "president",
    "attorney",
    "chief",
    "judge",
    "chairman",
    "chair",
    "head",
    "official",
    "trustee",
    "examiner",
    "registrant",
    "licensee",
    "respondent",
    "petitioner",
    "permittee",
    "envoy",
    "ambassador",
    "governor",
    "comptroller",
    "historian",
    "advocate",
}


def _subject_words(subj: Token) -> list | None:
    """How the second sentence names the subject: the pronoun, "they" for a plural noun phrase,
    a short singular one repeated, "it" for a longer one that is not a person."""
    if subj.lower_ in _PRONOUNS:
        return [subj.text if subj.text == "I" else subj.lower_]
    np = list(subj.subtree)
    if np[0].lower_ in ("a", "an", "any", "each", "every", "no", "some", "all", "which", "that", "what"):
        return None
    if plural(subj) or subj.lower_ in _QUANTITIES:
        return ["they"]
    if words(np) <= 3 and not any(t.like_num for t in np):
        return lower_first(np)
    if subj.lemma_.lower() in _PEOPLE or subj.tag_ == "NNP" and words(np) <= 2:
        return None
    return ["it"]


def disagrees(name: list, tag: str) -> bool:
    """Would a present-tense verb of `tag` not agree with the subject said again as `name`? (they/we/
    you/I hope; it/the bank hopes)"""
    plural_form = name in (["they"], ["we"], ["you"], ["I"])
    return plural_form and tag == "VBZ" or not plural_form and tag == "VBP"


def _tensed(verb: Token) -> bool:
    """A verb with its own tense: "adopted", "is adopting", "will adopt"."""
    return verb.tag_ in ("VBD", "VBZ", "VBP") or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in ("MD", "VBZ", "VBP", "VBD") for c in verb.children
    )


def _untensed(verb: Token) -> bool:
    """An "-ing", "-ed" or "to" verb with no tense of its own ("of requiring X", "to review Y"):
    a tensed verb after it cannot be its second half."""
    if verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return True  # "language for the Bureau to use": an infinitive, whatever its subject
    return verb.tag_ in ("VBG", "VBN", "VB") and not any(
        c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") and c.lower_ != "to" for c in verb.children
    )


def apply(doc: Doc) -> list[str]:
    if words(list(doc)) < MIN_WORDS:
        return []
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ not in ("VERB", "AUX") or _leading_scope(doc, root):
        return []
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.i > root.i:
        return []
    end = len(doc) - 1 if doc[-1].text in ".!?" else len(doc)
    second = next((c for c in root.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")), None)
    if second is None or second.right_edge.i != end - 1 or any(c.dep_ in SUBJECTS for c in second.children):
        return []
    tensed = _tensed(second)
    if any(c.dep_ == "neg" for c in root.children) and not tensed:
        return []  # "will not sell X and share Y": the "not" covers both verbs unless the second has its own tense
    cc = doc[second.left_edge.i - 1] if second.left_edge.i > 0 else None
    if cc is None or cc.dep_ != "cc" or cc.head.i != root.i or cc.lower_ not in ("and", "but"):
        return []
    cut = cc.i - 1 if doc[cc.i - 1].text == "," else cc.i
    last = cut - 1
    while last > 0 and doc[last].is_punct:
        last -= 1
    if any(
        t.dep_ in ("ccomp", "relcl", "advcl", "acl", "xcomp", "pcomp")
        and t.right_edge.i >= last
        and not (tensed and _untensed(t))
        for t in doc[:cut]
    ) or any(c.dep_ == "aux" and c.lower_ == "to" for c in second.children):
        return []  # "... that A and B": B may continue the inner clause; "to include A but to exclude B"
    if len(doc) > 1 and doc[0].lower_ == "not" and doc[1].lower_ == "only":
        return []
    if not any(
        c.dep_ in ("dobj", "prep", "attr", "acomp", "xcomp", "ccomp", "dative", "oprd", "agent", "advmod")
        and c.i < cc.i
        for c in root.children
        if c.i > root.i
    ):
        return []  # "shall review and update the plan": the object belongs to both verbs
    first_right = doc[second.left_edge.i]
    if (
        first_right.i != second.i
        and first_right.dep_ not in ("aux", "auxpass", "neg", "advmod")
        or first_right.tag_ in ("WRB", "IN")
        or ends_open(doc[cut - 1])
    ):
        return []  # "and until the rule is closed ...": not a second action of the same subject
    left = list(doc[:cut])
    if any(t.dep_ in SUBJECTS and t.i != subj.i and not (tensed and _untensed(t.head)) for t in left):
        return []  # "X set forth A, and the Bureau requested B and received C": whose is the last verb?
    if doc[cut - 1].like_num and cut >= 2 and doc[cut - 2].text == ",":
        return []  # "..., 15 and": a footnote mark
    if any(not (0 <= t.head.i < cut) for t in left if t.i != root.i):
        return []
    right = list(doc[second.left_edge.i : end])
    if words(left) < MIN_PART or words(right) < MIN_PART:
        return []
    name = _subject_words(subj)
    if name is None:
        return []
    if not any(
        c.dep_ in ("dobj", "attr", "acomp", "ccomp", "xcomp", "oprd", "dative") for c in root.children if c.i < cc.i
    ) and any(c.dep_ == "dobj" for c in second.children):
        return []  # "shall submit to Congress and make available a report": the report is for both verbs
    own = [c for c in second.children if c.dep_ in ("aux", "auxpass")]
    own_aux = any(c.tag_ in ("MD", "VBZ", "VBP", "VBD") for c in own)
    if own and not own_aux:  # "must meet X and be printed": the modal is shared
        modal = [c for c in root.children if c.dep_ == "aux" and c.tag_ == "MD" and c.i < root.i]
        if not modal:
            return []
        own_aux = False
        shared_modal = modal
    else:
        shared_modal = []
    shared = [c for c in root.children if c.dep_ in ("aux", "auxpass") and c.i < root.i]
    if shared_modal:
        borrowed = shared_modal
    elif own_aux:
        borrowed = []
    elif shared and second.tag_ in ("VBZ", "VBP") and not any(c.tag_ == "MD" for c in shared):
        # "We've been working hard ... and hope you will visit" -> "We hope ...": a present-tense verb
        # after "has/have/is/are been ...ing" has a tense of its own ("hope" is no participle)
        borrowed = []
    elif shared and second.tag_ == "VBD" and all(c.lemma_ == "do" for c in shared):
        borrowed = []  # "did not suggest X, but instead urged Y": the past tense is the second verb's own
    elif shared:  # "will review ... and write" -> "We will write"
        if any(c.lower_ in ("to", "do", "does", "did") for c in shared) or second.tag_ not in (
            "VB",
            "VBN",
            "VBD",
            "VBG",
        ):
            return []
        lemmas = {c.lemma_ for c in shared if c.tag_ != "MD"}
        need = (
            "VBN"
            if lemmas & {"have"} or "be" in lemmas and any(c.dep_ == "auxpass" for c in shared)
            else ("VBG" if "be" in lemmas else "VB")
        )
        if second.tag_ != need and not (need == "VBN" and second.tag_ == "VBD" and second.lemma_ not in ("be", "have")):
            return []  # "is finalizing X and comment Y": the second word is no verb of the same form
        borrowed = shared
    elif second.tag_ in ("VBD", "VBZ", "VBP"):
        borrowed = []
    else:
        return []
    if disagrees(name, second.tag_) and not (borrowed and second.tag_ == "VBP"):
        return []  # the verb would not agree with the subject said again
    opener = _KEEP.get(cc.lower_)
    first = sentence(left)
    if right[0].lower_ == "instead" and not borrowed:  # "but instead urged" -> "Instead, they urged"
        rest = ["Instead", ",", *name, *right[1:]]
    else:
        rest = [*([opener] if opener else []), *name, *borrowed, *right]
    return [first + " " + sentence(rest, final_punct(doc))]
