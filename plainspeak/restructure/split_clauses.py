"""split-clauses: a long sentence becomes several at its joints between independent clauses
(`;` or `, and/but/so` followed by a clause with its own subject and finite verb)."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .base import (
    SUBJECTS,
    ends_open,
    final_punct,
    is_finite,
    lower_first,
    sentence,
    words,
)

MIN_WORDS = 16  # shorter sentences read fine with one joint
MIN_PART = 4  # never leave a part of fewer words
MIN_BARE_PART = 7  # at a bare "and"/"but" (no comma), both clauses must be long
_KEEP = {"but": "But", "so": "So", "yet": "Yet"}
_SCOPE_WORDS = {
    "if",
    "when",
    "whenever",
    "unless",
    "where",
    "wherever",
    "while",
    "once",
    "before",
    "after",
    "until",
    "because",
    "since",
    "although",
    "though",
    "as",
    "provided",
    "whether",
    "otherwise",
}  # "and" is dropped: the full stop does its job
# a connective that opens the sentence and links it to the one before ("In addition, ...",
# "As discussed above, ..."): it scopes over nothing, so it stays with the first part of a split
DISCOURSE_LEADS = {
    "accordingly",
    "additionally",
    "alternatively",
    "as described",
    "as described below",
    "as described earlier",
    "as discussed",
    "as explained",
    "as mentioned",
    "as mentioned above",
    "as mentioned earlier",
    "as stated",
    "as stated earlier",
    "as stated previously",
    "by contrast",
    "generally",
    "importantly",
    "in general",
    "in other words",
    "in practice",
    "in response",
    "in short",
    "in summary",
    "in this regard",
    "notably",
    "on the other hand",
    "overall",
    "to that end",
    "to this end",
    "also",
    "as a result",
    "as described above",
    "as discussed above",
    "as discussed below",
    "as discussed earlier",
    "as explained above",
    "as explained below",
    "as explained earlier",
    "as noted",
    "as noted above",
    "as noted below",
    "as noted earlier",
    "as previously discussed",
    "as previously explained",
    "as previously noted",
    "as stated above",
    "at the same time",
    "consequently",
    "finally",
    "first",
    "for example",
    "for instance",
    "further",
    "furthermore",
    "however",
    "in addition",
    "in contrast",
    "in particular",
    "indeed",
    "instead",
    "likewise",
    "moreover",
    "nevertheless",
    "nonetheless",
    "second",
    "similarly",
    "specifically",
    "therefore",
    "third",
    "thus",
}


def discourse_lead(doc: Doc) -> int:
    """How many tokens the leading connectives take, commas included ("In addition, ..." -> 3;
    "Additionally, as previously stated, ..." -> 6), or 0."""
    lo = 0
    while True:
        n = _one_lead(doc, lo)
        if not n:
            return lo
        lo += n


def _one_lead(doc: Doc, lo: int) -> int:
    for k in range(lo + 1, min(lo + 5, len(doc) - 1)):
        if doc[k].text == ",":
            return k + 1 - lo if " ".join(t.lower_ for t in doc[lo:k]) in DISCOURSE_LEADS else 0
    return 0


def _closed(doc: Doc, lo: int, hi: int, skip: set[int]) -> Token | None:
    """The single head of tokens [lo, hi) when they form one clause that needs nothing outside
    (a finite verb with its subject inside), else None. Tokens in `skip` are ignored."""
    heads = [t for t in doc[lo:hi] if t.i not in skip and (t.head.i == t.i or not lo <= t.head.i < hi)]
    heads = [t for t in heads if not (t.is_punct and t.i == len(doc) - 1)]
    if len(heads) != 1:
        return None
    head = heads[0]
    if head.pos_ not in ("VERB", "AUX") or not is_finite(head):
        return None
    subj = next((c for c in head.children if c.dep_ in SUBJECTS and lo <= c.i < hi), None)
    if subj is None or subj.like_num or subj.pos_ == "NUM":
        return None
    if subj.i < head.i and any(
        t.text == "," or t.head.i != head.i or t.dep_ not in ("aux", "auxpass", "neg", "advmod")
        for t in doc[subj.right_edge.i + 1 : head.i]
    ):
        return None  # "Interest under the contract, shall be ..." / "X to clarify that ...": the parse has gone wrong
    if (
        head.tag_ == "VBD"
        and not any(c.dep_ in ("aux", "auxpass") for c in head.children)
        and subj.i < head.i
        and head.i == subj.right_edge.i + 1
        and any(c.dep_ == "prep" for c in head.children)
        and subj.tag_ in ("NN", "NNS")
        and any(c.dep_ == "det" and c.lower_ in ("each", "every", "any") for c in subj.children)
    ):
        return None  # "Each lease operated under ...": a participle read as a verb
    return head


def _leading_scope(doc: Doc, root: Token) -> bool:
    """Does something before the root's subject scope over the whole sentence ("If you pay late,
    ...", "In that case, ...", "Whenever X, ...")? Then splitting would cut the later clause loose from it."""
    subj = next((c for c in root.children if c.dep_ in SUBJECTS), None)
    first = subj.left_edge.i if subj is not None else root.i
    lead = discourse_lead(doc)  # "In addition, ..." scopes over nothing: look past it
    if (
        any(t.lower_ in _SCOPE_WORDS and t.dep_ in ("mark", "advmod") for t in doc[lead : min(lead + 3, first)])
        and first > lead
    ):
        return True  # "However, if ..., A, and B"
    if any(
        lead <= c.i < first and c.dep_ in ("advcl", "prep", "npadvmod", "mark") and not _so_joint(doc, c)
        for c in root.children
    ):
        return True
    earliest = min([first, *(t.i for t in doc if t.dep_ in ("nsubj", "nsubjpass", "expl"))])
    return any(t.dep_ in ("advcl", "mark", "prep", "npadvmod") or t.lower_ in _SCOPE_WORDS for t in doc[lead:earliest])


def _so_joint(doc: Doc, t: Token) -> bool:
    """Is `t` the "so" of ", so we will ..." (a joint the parser reads as a subordinating mark)?"""
    return t.lower_ == "so" and t.i > 0 and doc[t.i - 1].text == "," and t.dep_ in ("mark", "advmod")


def _participial(clause: Token) -> bool:
    """An "-ing"/"-ed" phrase with no subject and no "if"/"when" of its own ("result in your account
    being closed"): a clause with its own subject and verb after the joint cannot continue it."""
    return (
        clause.dep_ == "advcl"
        and clause.tag_ in ("VBG", "VBN")
        and not any(c.dep_ in ("mark", *SUBJECTS) for c in clause.children)
        and clause.left_edge.lower_ not in _SCOPE_WORDS
    )


def _set_off(doc: Doc, clause: Token, joint: int) -> bool:
    """Is `clause` a relative clause set off by commas (", which A,") that the comma at `joint` closes?
    "Your request is reviewed by our team, which takes 5 days, and you will hear from us": the
    clause after the joint, with a subject of its own, cannot continue "which ..." """
    lo = clause.left_edge.i
    return (
        clause.dep_ == "relcl"
        and doc[joint].text == ","
        and lo > 0
        and doc[lo - 1].text == ","
        and doc[lo].lower_ in ("which", "who", "whom", "whose")
    )


def joints(doc: Doc) -> list[tuple[int, int, str | None]]:
    """Candidate joints: (first joint token, first token of the next clause, word that opens it)."""
    out: list[tuple[int, int, str | None]] = []
    for t in doc:
        if t.text == ";" and t.i + 1 < len(doc):
            nxt = doc[t.i + 1]
            opener = None
            if (
                nxt.lower_ in ("however", "therefore", "instead", "otherwise", "also", "then")
                and t.i + 2 < len(doc)
                and doc[t.i + 2].text == ","
            ):
                out.append((t.i, t.i + 1, None))  # keep "However, ..." as the opener of the next sentence
                continue
            out.append((t.i, t.i + 1, opener))
        elif (
            t.text == ","
            and t.i + 2 < len(doc)
            and doc[t.i + 1].dep_ == "cc"
            and doc[t.i + 1].lower_ in ("and", "but", "so", "yet")
        ):
            out.append((t.i, t.i + 2, _KEEP.get(doc[t.i + 1].lower_)))
        elif (
            t.text == ","
            and t.i + 2 < len(doc)
            and _so_joint(doc, doc[t.i + 1])
            and doc[t.i + 1].head.i > t.i + 1
            and doc[t.i + 2].lower_ not in ("that", "as", "far", "much", "many", "long")
        ):
            out.append((t.i, t.i + 2, "So"))  # ", so we will ..." that the parser reads as subordinate
        elif (
            t.dep_ == "cc"
            and t.lower_ in ("and", "but")
            and t.i > 0
            and doc[t.i - 1].text != ","
            and t.i + 1 < len(doc)
        ):
            out.append((t.i, t.i + 1, _KEEP.get(t.lower_)))  # no comma: only between two long clauses
    return out


def apply(doc: Doc) -> list[str]:
    if words(list(doc)) < MIN_WORDS:
        return []
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or _leading_scope(doc, root):
        return []
    end = len(doc) - 1 if doc[-1].is_punct and doc[-1].text in ".!?" else len(doc)
    cuts = []
    lo = 0
    for a, b, opener in joints(doc):
        if a <= lo:
            continue
        skip = set(range(a, b))
        left, right = _closed(doc, lo, a, skip), _closed(doc, b, end, skip)
        if left is None or right is None:
            continue
        if any(
            t.dep_ in ("conj", "parataxis", "ccomp")
            and t.pos_ in ("VERB", "AUX")
            and t.head.i == left.i
            and t.i > left.i
            and any(c.dep_ in SUBJECTS for c in t.children)
            and t.left_edge.i > 0
            and doc[t.left_edge.i - 1].text in (",", ";")
            for t in doc[lo:a]
        ):
            continue  # "A, B, and C" of three clauses: cutting off C leaves "A, B." joined by a comma
        r_subj = next((c for c in right.children if c.dep_ in SUBJECTS and c.i >= b), None)
        if (
            r_subj is not None
            and right.tag_ in ("VBD", "VBN")
            and right.i == r_subj.right_edge.i + 1
            and not any(c.dep_ in ("aux", "auxpass") for c in right.children)
            and not any(c.dep_ in ("det", "poss", "nummod") for c in r_subj.children)
            and r_subj.pos_ == "NOUN"
        ):
            continue  # "..., and comments received ...": a noun with a participle, read as a clause
        if r_subj is not None and r_subj.tag_ == "NNS" and r_subj.i == b and not list(r_subj.children):
            continue  # "..., and addresses changes to ...": a bare plural may be a verb misread
        if (
            doc[a].dep_ == "cc"
            and r_subj is not None
            and not (
                r_subj.pos_ == "PRON"
                or doc[r_subj.left_edge.i].dep_ in ("det", "poss")
                or doc[r_subj.left_edge.i].pos_ == "PROPN"
            )
        ):
            continue  # "maintenance and repairs and granting vacations ...": a bare "and" may join nouns
        # "; however, ..." / "; as a result, ...": after a semicolon, a connective opens a new main clause
        connective = _one_lead(doc, b) if doc[a].text == ";" else 0
        opener_ok = (
            doc[b].dep_ in ("advmod", "aux", "neg", "expl")
            and r_subj is not None
            and r_subj.left_edge.i in (b + 1, b + 2)
            and (r_subj.left_edge.i == b + 1 or doc[b + 1].text == ",")
        ) or (connective > 0 and r_subj is not None and r_subj.left_edge.i == b + connective)
        if r_subj is None or not (r_subj.left_edge.i == b or opener_ok or doc[b].dep_ == "expl"):
            continue  # the later part must open with its subject (or an adverb before it)
        if not (right.head.i == left.i or left.head.i == right.i or lo > 0):
            continue  # the later clause belongs to a clause inside the first ("if A, and B"), not to it
        last = a - 1
        while last > lo and doc[last].is_punct:
            last -= 1
        inner = ("advcl", "ccomp") if doc[a].text == ";" else ("advcl", "relcl", "ccomp")
        if not connective and any(
            t.dep_ in inner
            and t.i != left.i
            and t.right_edge.i >= last
            and not _set_off(doc, t, a)
            and not _participial(t)
            for t in doc[lo:a]
        ):
            continue  # "X if A, and B": B may continue the "if" clause; the parse cannot tell (after a
            # semicolon, or the comma that closes a ", which ..." clause, a relative clause has ended)
        if any(
            t.dep_ in ("mark", "advmod") and t.lower_ in _SCOPE_WORDS and any(u.text == "," for u in doc[t.i : a])
            for t in doc[lo:a]
        ):
            continue  # "when A, B, C, and D": D may be the last of the conditions
        if any(t.dep_ == "advmod" and t.lower_ == "otherwise" for t in doc[lo:a]):
            continue  # "..., otherwise we cannot refund you and the item will be sent back": both are "otherwise"
        least = MIN_PART if doc[a].text in (",", ";") else MIN_BARE_PART
        if words(list(doc[lo:a])) < least or words(list(doc[b:end])) < least:
            continue
        first = next((t for t in doc[b:end] if not (t.is_punct or t.dep_ == "cc")), None)
        if first is None or first.i != b and (first.dep_ == "mark" or first.lower_ in _SCOPE_WORDS) or doc[b].is_punct:
            continue  # "..., and, since ..." / "; and, if ...": a subordinate clause, not a main one
        if any(
            c.dep_ == "advcl"
            and c.i > right.i
            and c.left_edge.i > b
            and doc[c.left_edge.i - 1].text == ","
            and any(m.dep_ == "mark" for m in c.children)
            for c in right.children
        ):
            continue  # "A, and B, because C": the reason may cover both
        if (
            doc[a].text == ","
            and doc[b].pos_ in ("NOUN", "PROPN")
            and not any(c.dep_ in ("det", "poss") for c in doc[b].children)
            and doc[a - 1].pos_ in ("NOUN", "PROPN")
            and any(t.text == "," for t in doc[max(lo, a - 4) : a])
        ):
            continue  # "the gases, vapors, and fumes emitted ...": a series, not two clauses
        if (
            doc[b].dep_ == "prep"
            or any(t.tag_ in ("WDT", "WP", "WRB", "WP$") for t in doc[b : b + 2])
            or (doc[a - 1].like_num and a >= 2 and doc[a - 2].text == ",")
        ):
            continue  # "..., and to whom ..." / "..., 16 and": not the start of a clause, or a footnote mark
        if ends_open(doc[a - 1]) or doc[0].lower_ == "provided" or doc[0].lower_ == "not" and doc[1].lower_ == "only":
            continue  # "... is in existence when, and ..." / "Provided, That A, and B": B is under the proviso
        if left.i == last and left.pos_ == "VERB" and any(c.dep_ == "aux" for c in left.children):
            continue  # "commenters did not provide, and the Bureau is not aware of, data ...": the object comes later
        if (
            doc[b].tag_ in ("WDT", "WP", "WRB", "WP$")
            or doc[b].dep_ == "mark"
            or doc[b].lower_ in ("whether", "if", "that", "because", "although", "while", "since", "as")
        ):
            continue  # "..., and how many ..." continues a series of questions, not a clause
        cuts.append((a, b, opener))
        lo = b
    if not cuts:
        return []
    # every part must itself be closed, now that all cuts are known
    bounds = [0] + [x for a, b, _ in cuts for x in (a, b)] + [end]
    skip = {i for a, b, _ in cuts for i in range(a, b)}
    parts = [(bounds[k], bounds[k + 1]) for k in range(0, len(bounds), 2)]
    if any(_closed(doc, lo, hi, skip) is None for lo, hi in parts):
        return []
    mark = final_punct(doc)
    sentences = []
    for k, (lo, hi) in enumerate(parts):
        opener = cuts[k - 1][2] if k else None
        pieces = [opener, *lower_first(list(doc[lo:hi]))] if opener else list(doc[lo:hi])
        sentences.append(sentence(pieces, mark if k == len(parts) - 1 else "."))
    return [" ".join(sentences)]
