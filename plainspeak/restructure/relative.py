"""split-relative: a non-restrictive relative clause becomes its own sentence:
"X, which Y, Z." -> "X Z. It Y." ("which" as the subject of its clause; "who" only where the
person can be named again); and "X, during which time Y." -> "X. During this time, Y." (after which,
at which point, in which case, by which time) where Y is a clause of its own."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .base import Piece, final_punct, is_finite, is_main, plural, sentence, subtree, words

MIN_CLAUSE = 4  # words in the relative clause: a short one reads fine where it is
MAX_NAME = 4  # the noun phrase is repeated ("Your plan ...") when it has at most this many words
_HEDGES = {"would", "could", "may", "might", "should"}
# "..., which may include/be ...": these describe the noun itself, not the statement
_DESCRIBE = {"include", "contain", "consist", "comprise", "cover", "be", "involve", "list"}
# verbs whose "which" usually refers to the whole statement before it: "This means ..."
_WHOLE = {
    "mean",
    "make",
    "allow",
    "let",
    "give",
    "lead",
    "result",
    "help",
    "ensure",
    "enable",
    "cause",
    "require",
    "save",
    "reflect",
    "keep",
    "reduce",
    "increase",
    "avoid",
    "prevent",
    "provide",
}


def _negated(noun: Token) -> bool:
    """Is the verb that governs `noun` negated ("may not reflect true pricing, which ...")?"""
    tok = noun
    while tok.head.i != tok.i and tok.pos_ not in ("VERB", "AUX"):
        tok = tok.head
    return any(c.dep_ == "neg" for c in tok.children)


def _number(clause: Token) -> str | None:
    """ "sg" or "pl" as the clause's finite verb shows it ("which is" / "which are"), else None."""
    for t in [*(c for c in clause.children if c.dep_ in ("aux", "auxpass") and c.i < clause.i), clause]:
        if t.tag_ == "VBZ" or t.lower_ == "was":
            return "sg"
        if t.tag_ == "VBP" or t.lower_ == "were":
            return "pl"
        if t is clause and t.tag_ == "VB" and not any(c.dep_ in ("aux", "auxpass") for c in clause.children):
            return "pl"  # "thresholds ..., which lessen": a bare form is the plural present
    return None


def _subject(noun: Token, clause: Token, rel: Token) -> list | None:
    """What the new sentence starts with instead of "which"/"who"."""
    words_ = _pick(noun, clause, rel)
    number = _number(clause)
    if words_ and isinstance(words_[0], str) and number and (words_[0] == "They") != (number == "pl"):
        return None  # the pronoun would not agree with the verb ("They is")
    return words_


def _agrees_only_with(noun: Token, clause: Token) -> bool:
    """Does the clause's verb agree with `noun` and not with the noun its phrase hangs on ("access to
    premium features, which include ...": only the features include)?"""
    number, outer = _number(clause), noun.head.head
    return (
        number is not None
        and outer.pos_ in ("NOUN", "PROPN")
        and (number == "pl") == plural(noun)
        and (number == "pl") != plural(outer)
    )


def _pick(noun: Token, clause: Token, rel: Token) -> list | None:
    if rel.lower_ == "which" and noun.lemma_.lower() in _PEOPLE and noun.head.dep_ == "agent":
        return ["This"]  # "inspected by our team, which takes up to 10 days": the inspecting takes them, not the team
    if (
        noun.dep_ == "pobj"
        and noun.head.head.dep_ not in ("ROOT", "conj", "xcomp", "ccomp")
        and noun.head.head.pos_ != "AUX"
        and clause.lemma_ not in _WHOLE
        and not _agrees_only_with(noun, clause)
    ):
        return None  # "the exchange rate applied to the transfer, which ...": which noun is meant?
    if (
        noun.dep_ == "pobj"
        and noun.head.lower_ == "of"
        and clause.lemma_ not in _WHOLE
        and not _agrees_only_with(noun, clause)
    ):
        return None  # "section 19(a) of RESPA, which would include ...": the section, or RESPA?
    number = _number(clause)
    if (
        rel.lower_ == "which"
        and any(
            t.lower_ in ("turn", "thereby", "consequently", "therefore", "thus")
            for t in clause.children
            if t.dep_ in ("advmod", "prep")
        )
        and number != "pl"
    ):
        return ["This"]  # "..., which in turn continued ...": the remark is on the whole statement
    if rel.lower_ == "which" and number == "sg" and plural(noun):
        return ["This"]  # "the risk settings, which benefits ...": the verb says it is the whole statement
    # "our support team, who are available ...": a group of people takes either number (British usage)
    collective = rel.lower_ == "who" and noun.lemma_.lower() in _COLLECTIVE
    if number == "pl" and not plural(noun) and not collective and not any(c.dep_ == "conj" for c in noun.children):
        return None
    hedged = any(c.dep_ == "aux" and c.lower_ in _HEDGES for c in clause.children)
    if rel.lower_ == "which" and hedged and plural(noun) and clause.lemma_ not in _DESCRIBE:
        return None  # "..., and several locations, which would multiply ...": them, or all of it?
    if rel.lower_ == "which" and (
        clause.lemma_ in _WHOLE
        or (
            (hedged or _negated(noun) and noun.dep_ not in ("nsubj", "nsubjpass"))
            and clause.lemma_ not in _DESCRIBE
            and not plural(noun)
        )
    ):
        return ["This"]  # "..., which would make it impossible": the remark is on the whole statement
    if noun.dep_ == "conj" or any(c.dep_ == "conj" for c in noun.children):
        if rel.lower_ != "which":
            return None
        if _number(clause) is None:
            return None  # "negative equity or near negative equity situation, which can ...": them or it?
        return ["It"] if _number(clause) == "sg" else ["They"]  # "phone and online services, which ..."
    if rel.lower_ == "which" and noun.dep_ in ("nsubj", "nsubjpass") and noun.head.dep_ == "ROOT":
        return ["They" if plural(noun) else "It"]  # it was the subject just before: "Your account ... It was"
    np = [t for t in subtree(noun, [clause]) if t.text != ","]
    if np and np[-1].i >= clause.left_edge.i:
        return None
    if number and (number == "pl") != plural(noun) and not collective:
        return None  # the verb does not agree with this noun: the remark is on something else
    if 0 < words(np) <= MAX_NAME and np[-1].i == noun.i:
        first = np[0]
        if first.lower_ in ("a", "an"):
            return None  # "a business, which was corroborated ...": "This business" may not be what is meant
        if first.lower_ in ("any", "each", "every", "no", "some", "all", "this", "that", "these", "those"):
            return None  # "this part, which ..." -> "This part ..." may name the wrong thing
        if first.lower_ in ("another", "other", "such", "one", "many", "several", "certain", "both", "most", "few"):
            if rel.lower_ == "who":
                return None  # "One waiter, who ..." -> "It ...": a person is no "it"
            return [
                "They" if plural(noun) else "It"
            ]  # "another institution ... Another institution" would be a new one
        return np
    if rel.lower_ == "which" and noun.pos_ in ("NOUN", "PROPN"):
        return ["They" if plural(noun) else "It"]
    return None


# who answers: "contact our team on extension 1077, who will ..." (the parser hangs "who" on the extension)
_PEOPLE = {
    "team",
    "department",
    "staff",
    "adviser",
    "advisor",
    "agent",
    "representative",
    "manager",
    "specialist",
    "officer",
    "colleague",
    "member",
    "partner",
    "expert",
    "engineer",
    "consultant",
}
_COLLECTIVE = {"team", "staff", "department", "crew", "committee", "board"}
_THINGS = {"extension", "number", "line", "address", "email", "website", "site", "page", "form", "link"}


def _person_behind(noun: Token) -> Token:
    """For "who" hung on a way to reach someone ("our team on extension 1077, who ..."), the people it
    is said of: the object of the verb the phrase belongs to. Otherwise `noun` itself."""
    prep = noun.head
    if noun.lemma_.lower() not in _THINGS or noun.dep_ != "pobj" or prep.dep_ != "prep":
        return noun
    verb = prep.head
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None or obj.lemma_.lower() not in _PEOPLE or obj.i > prep.i:
        return noun
    return obj


def apply(doc: Doc) -> list[str]:
    return _which_clauses(doc) + _which_phrase(doc)


# ", during which time you may ..." at the end of a sentence: the phrase that opens the new sentence
_PHRASE_OPENERS = {
    ("during", "which", "time"): "During this time,",
    ("during", "which"): "During this time,",
    ("after", "which"): "After that,",
    ("following", "which"): "After that,",
    ("at", "which", "point"): "At that point,",
    ("at", "which", "time"): "At that time,",
    ("in", "which", "case"): "In that case,",
    ("by", "which", "time"): "By then,",
}


_SUBJ = ("nsubj", "nsubjpass", "expl")


def _which_phrase(doc: Doc) -> list[str]:
    """ "X, during which time Y." -> "X. During this time, Y." when Y is a clause (its own subject and
    finite verb) that runs to the end of the sentence and X holds the main verb."""
    out: list[str] = []
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or not is_main(root):
        return out
    for t in doc:
        if t.text != "," or t.i <= root.i:
            continue
        opener = next(
            (
                (words_, text)
                for words_, text in _PHRASE_OPENERS.items()
                if tuple(x.lower_ for x in doc[t.i + 1 : t.i + 1 + len(words_)]) == words_
            ),
            None,
        )
        if opener is None:
            continue
        start = t.i + 1 + len(opener[0])
        if sum(x.text == "(" for x in doc[: t.i]) > sum(x.text == ")" for x in doc[: t.i]):
            continue  # inside brackets: the full stop would leave "(unless ... ." open
        if doc[-1].text not in ".!?":
            break  # "...; or" / "... the lesser of:": an item of a list, not a sentence of its own
        rest = doc[start : len(doc) - 1]
        if words(list(rest)) < MIN_CLAUSE:
            continue
        # the clause after the phrase opens with its subject and holds everything up to the full stop
        verb = next((x for x in rest if is_finite(x) and any(c.dep_ in _SUBJ for c in x.children)), None)
        subj = None if verb is None else next(c for c in verb.children if c.dep_ in _SUBJ)
        if verb is None or subj is None or subj.left_edge.i != start:
            continue
        inside = {x.i for x in verb.subtree}
        if any(x.i not in inside and not x.is_punct for x in rest):
            continue  # "period, during which payments are made, followed by ...": the rest is not all its
        if any(
            x.dep_ == "conj"
            and x.pos_ in ("VERB", "AUX")
            and not any(c.dep_ in _SUBJ for c in x.children)
            and doc[x.left_edge.i - 1].lower_ in ("or", "and")
            and doc[x.left_edge.i - 2].text == ","
            for x in rest
        ):
            continue  # "..., in which case it will be X, or may be Y": the last verb may be the main clause's
        if opener[0] == ("during", "which") and any(x.text == "," for x in doc[max(0, t.i - 6) : t.i]):
            continue  # "any period, not to exceed three years, during which ...": which noun is it said of?
        if opener[0] == ("during", "which") and verb.dep_ == "relcl":
            det = next((c.lower_ for c in verb.head.children if c.dep_ == "det"), None)
            if det in ("any", "each", "every", "no", "a", "an", "the"):
                continue  # "any period ... during which a borrower is ...": the clause says which period
        if any(x.tag_ in ("WDT", "WP", "WP$") for x in rest):
            continue  # a second relative clause would be left without its noun
        first = sentence(list(doc[: t.i]), final_punct(doc))
        out.append(first + " " + sentence([opener[1], *rest], final_punct(doc)))
        break
    return out


def _which_clauses(doc: Doc) -> list[str]:
    out = []
    for rel in doc:
        if rel.lower_ not in ("which", "who") or rel.dep_ not in ("nsubj", "nsubjpass"):
            continue
        clause = rel.head
        if clause.dep_ != "relcl" or not is_finite(clause):
            continue
        noun = _person_behind(clause.head) if rel.lower_ == "who" else clause.head
        if noun.pos_ not in ("NOUN", "PROPN") or rel.i != clause.left_edge.i:
            continue
        a, b = clause.left_edge.i, clause.right_edge.i
        if any(t.text == "," and t.i + 1 <= b and doc[t.i + 1].pos_ == "ADP" for t in doc[a : b + 1]):
            continue  # "which is X, into a loan ...": the main clause goes on inside what the parse gave the remark
        up = noun.head
        while up.i != up.head.i and up.pos_ not in ("VERB", "AUX"):
            up = up.head
        # "before contacting our team, who ...": the people the "-ing" verb acts on (not "including X, who ...")
        people = rel.lower_ == "who" and noun.lemma_.lower() in _PEOPLE and noun.dep_ == "dobj"
        if up.dep_ in ("relcl", "acl") or noun.head.dep_ in ("acl",) or (noun.head.tag_ == "VBG" and not people):
            continue  # "programs that incentivize risk-taking, which ...": the remark may be on the programs
        if len(noun.text) == 1 or any(c.dep_ == "relcl" and c.i != clause.i for c in noun.children):
            continue  # "a case that has A and B, which may ...": the remark may be on A and B
        if a == 0 or doc[a - 1].text != "," or words(list(doc[a : b + 1])) < MIN_CLAUSE:
            continue
        if any(t.tag_ in ("WDT", "WP", "WP$") for t in doc[a + 1 : b + 1]):
            continue  # "who spent 30 years ... and whose book is ...": a second relative clause would be left bare
        after = doc[b + 1] if b + 1 < len(doc) else None
        if after is None or after.text in ".!?":
            cut = range(a - 1, b + 1)
        elif after.text == "," and b + 2 < len(doc) and doc[b + 2].dep_ != "cc":
            root = next(t for t in doc if t.dep_ == "ROOT")
            nxt = doc[b + 2]
            if not (
                nxt.i == root.i
                or nxt.head.i == root.i
                and nxt.dep_ in ("aux", "auxpass", "neg", "advmod", "nsubj", "nsubjpass", "det", "poss", "punct")
            ):
                continue  # the clause may run on past the comma ("statements, IRS forms, ..."): leave it
            subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            # "Unlike X, which ..., wire transfers ...": the comma also closes the opening phrase
            fronted = (
                subj is not None
                and noun.i < subj.left_edge.i
                and noun not in subj.subtree
                and doc[b + 2].pos_ not in ("VERB", "AUX")
            )  # "Among X, which ..., was Y": no comma
            # "Regulation G, 12 CFR part 1007, which ..., imposes": the comma also closes the appositive
            cut = range(a - 1, b + 1) if fronted or noun.dep_ == "appos" else range(a - 1, b + 2)
        else:
            continue
        if any(t.lower_ == "it" and doc[t.i + 1].lemma_ == "be" for t in doc[max(0, a - 15) : a - 1]):
            continue  # "it is the combination ..., which must ...": a cleft, not a remark
        if clause.lemma_ == "be" and noun.dep_ == "pobj" and noun.head.head.pos_ in ("NOUN", "PROPN", "ADJ"):
            continue  # "the person closest to the transaction, which is ...": which noun is meant?
        start = _subject(noun, clause, rel)
        if start is None:
            continue
        root = next(t for t in doc if t.dep_ == "ROOT")
        if root.i in cut or not is_main(root):
            continue
        main = [t for t in doc if t.i not in cut]
        body = [t for t in doc[a : b + 1] if t.i != rel.i]
        if body and body[0].dep_ == "prep" and body[0].head.i == clause.i:
            continue  # "which in § X generally prohibits": the remark opens with its own phrase
        rest: list[Piece] = list(body)
        if (
            body
            and body[0].i != clause.i
            and body[0].dep_ not in ("aux", "auxpass", "neg", "advmod")
            and any(t.text == "," for t in body if t.i < clause.i)
        ):
            rest = [",", *body]  # "which, by virtue of their size, are" -> "They, by virtue of their size, are"
            if body[0].text == ",":
                rest = rest[1:]
        second = start + rest
        out.append(sentence(main[:-1] if main[-1].text in ".!?" else main, final_punct(doc)) + " " + sentence(second))
    return out
