"""Which edits a model rewrite may make: the kinds of change the rules can explain, nothing else.

A small model trained on undone jargon writes fluent plain sentences inside its training
distribution, and odd ones outside it ("Proposed" -> "Red", "may be provided" -> "may be gave",
a split that leaves "With earlier studies that ..." as a sentence). The verifier's meaning and
readability checks do not see these. A model rewrite is therefore accepted only when every change
in it is one of these kinds:

- a plain word or phrase that a rule in the rule data offers for jargon in this sentence
  (any inflection of it, so the model may also reorder for the active voice);
- a word of the sentence itself, moved or inflected (the active voice, a split);
- function words (pronouns, auxiliaries, articles, prepositions, conjunctions);
- deleting filler (a rule's deletion, or a hedge such as "basically").

and when the result passes shape checks: every word the sentence had is still there unless a rule
replaces or deletes it, and so are the small words that carry meaning ("not", "if", "the"); a new
auxiliary or small-word pair is one the corpora show ("is finish", "be gave", "before to" never
occur); "a"/"an" suits the next word; quote marks and brackets stay; a split happens only at a
comma or semicolon, each new sentence starts with a capital, begins with a subject and has a
finite verb, and no sentence before a split has a word that opens a clause ("which", "if", "when")
that the next part may belong to. `tests/test_licence.py` holds the cases that must and must not pass.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

from ..analysis import RuleIndex
from ..inflect import lemminflect
from ..readability import pronunciations
from ..rules.schema import load_rules
from ..text import FULL_STOP, SENTENCE_END
from .filler import CLOSERS, OPENERS
from .filler import HEDGES as HEDGES_PHRASES
from .word_pairs import AFTER, adjacent, attested
from .word_pairs import words as _words

FUNCTION = frozenset(
    """
a an the this that these those each every either neither some any no all both half few many much more most
other another such what which who whom whose whoever whatever whichever
i me my mine we us our ours you your yours he him his she her hers it its they them their theirs one ones
myself ourselves yourself yourselves himself herself itself themselves
am is are was were be been being has have had having do does did doing done
will would shall should can could may might must ought
not no nor n't
and or but so yet for if then than because since unless while whereas although though as when whenever where
wherever whether until till once after before
to of in on at by with without from into onto upon about above below under over between among through
throughout during against toward towards across along around behind beyond near off out up down per via
there here how why also too only just even still already again ever never always often now then
furthermore moreover however therefore thus hence besides
""".split()
)
HEDGES = frozenset(
    "basically actually essentially really generally very quite just simply certainly clearly "
    "truly fully totally completely indeed kindly please currently presently".split()
)
SUBJECT_START = frozenset(
    """
the a an this these those each every some many most all both no any one another such
it they we you he she i there our your their its his her my
""".split()
)
PRESERVE = frozenset(
    "not no nor never if unless when whenever what which who the a an this these those in on at "
    "all any each every some only or but without before after until since because although while "
    "whether however therefore also thus that where".split()
)  # small words whose loss changes the meaning
SUBORDINATORS = frozenset(
    "if when whenever where wherever while although though because since unless whereas as "
    "after before until once whether".split()
)
BE = frozenset("am is are was were be been being".split())
# a word that opens a clause: a split after it may cut off part of that clause ("situations in which
# a sender errs, and the provider meets conditions" -> "... errs. The provider meets conditions.")
SPLIT_BLOCKERS = frozenset(
    "which who whom whose where wherein whereby when whenever if unless because although "
    "though whereas while whether until since".split()
)
AUXILIARIES = AFTER - {"to"}
# a split's new sentence may start with one of these only when the original goes on with it after the joint
# ("..., and it looks like" -> ". It looks like"): a pronoun the model adds guesses at what it refers to
# and at the verb's number ("..., and agrees with" -> ". They agrees with"; ", a private mission" ->
# ". He is a private mission")
PRONOUN_SUBJECTS = frozenset("it they he she we i you this these those there".split())
JOINT_WORDS = frozenset("and but so or yet then".split())  # dropped at a joint
REPORTING = frozenset("said says added argued explained noted stated told wrote warned insisted".split())
_NOT_BEFORE_VERB = frozenset(
    "the a an this these those each every no any our your their its his her my such of in on "
    "at by with for from to into about and or".split()
)


@dataclass
class Licence:
    """Why a rewrite is refused (None: every change is licensed), and the rule swaps it used."""

    refusal: str | None
    swaps: list[tuple[str, str]]


@functools.cache
def lemmas(word: str) -> frozenset[str]:
    """Every lemma a (lower-case) word can have, itself included."""
    out = {word}
    for forms in lemminflect().getAllLemmas(word).values():
        out.update(forms)
    return frozenset(out)


_FILLER = tuple(p.rstrip(",.") for p in (*OPENERS, *CLOSERS, *HEDGES_PHRASES))


@functools.cache
def _rewriting_index() -> RuleIndex:
    return RuleIndex(tuple(r for r in load_rules() if r.kind in ("substitute", "reframe", "delete")))


@functools.lru_cache(maxsize=256)  # the pipeline checks up to three candidates of the same sentence
def rule_offers(sentence: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(jargon as matched, the replacements a rule offers) for every rule hit in the sentence. Only the
    rules whose prefilters the sentence passes are tried (`RuleIndex.candidates`): the same offers."""
    index = _rewriting_index()
    out = [offer for i in index.candidates(sentence) for offer in index.matchers[i].offers(sentence)]
    low = sentence.lower()
    for phrase in _FILLER:  # the hollow openers, closers and hedges the model was taught to drop
        at = low.find(phrase.lower())
        if at >= 0 and (at == 0 or not low[at - 1].isalnum()):
            out.append((sentence[at : at + len(phrase)], ("",)))
    return tuple(out)


@functools.cache
def _inflections(word: str) -> frozenset[str]:
    out = {word}
    for lemma in lemmas(word):
        for forms in lemminflect().getAllInflections(lemma).values():
            out.update(f.lower() for f in forms)
    return frozenset(out)


@functools.lru_cache(maxsize=256)
def offered(sentence: str) -> frozenset[str]:
    """Every inflection of every word of the replacements the rules offer for jargon in the sentence."""
    return frozenset(f for _, reps in rule_offers(sentence) for r in reps for w in _words(r) for f in _inflections(w))


def vocabulary(sentence: str) -> frozenset[str]:
    """Every word a licensed rewrite of the sentence may contain (lower case): the sentence's words
    and their inflections, the words (any inflection) of the replacements the rules offer here,
    function words and hedges. Decoding can be held to it (`infer.Rewriter.propose(vocabularies=...)`),
    so the model picks its best licensed word instead of a broken one that `check` would refuse."""
    out = set(FUNCTION) | HEDGES | offered(sentence)
    for w in _words(sentence):
        out |= _inflections(w)
    return frozenset(out)


def _content(words: list[str]) -> list[str]:
    return [w for w in words if w not in FUNCTION and not w.isdigit()]


def split_sentences_of(text: str) -> list[str]:
    """The sentences of a candidate rewrite, as the licence counts them."""
    return _sentences(text)


def _sentences(text: str) -> list[str]:
    """Split where a sentence ends and a capital follows (so "U.S. Small" stays one sentence)."""
    out, pos = [], 0
    for m in SENTENCE_END.finditer(text):
        if re.search(r"(?:^|\s)(?:[A-Z]\.)+$|\b(?:Mr|Mrs|Ms|Dr|St|No|vs|etc|e\.g|i\.e)\.$", text[pos : m.start() + 1]):
            continue
        out.append(text[pos : m.end()].strip())
        pos = m.end()
    out.append(text[pos:].strip())
    return [s for s in out if s]


@functools.cache
def _key(word: str) -> str:
    """One name for all inflections of a word: its verb lemma, else its noun lemma, else itself."""
    found = lemminflect().getAllLemmas(word)
    for pos in ("VERB", "NOUN", "ADJ", "ADV"):
        if pos in found:
            return found[pos][0]
    return word


def _tensed(word: str) -> bool:
    for lemma in lemminflect().getAllLemmas(word).get("VERB", ()):
        forms = lemminflect().getAllInflections(lemma, upos="VERB")
        if any(word in forms.get(tag, ()) for tag in ("VBD", "VBZ", "VBP")):
            return True
    return False


def _finite(sentence: str) -> bool:
    """Has a word that can head a clause: an auxiliary, or a tensed verb that does not follow an
    article, a possessive, a preposition or "and"/"or" (so "of points" is not a verb)."""
    words = _words(sentence)
    return any(
        w in AUXILIARIES or (not (i and words[i - 1] in _NOT_BEFORE_VERB) and _tensed(w)) for i, w in enumerate(words)
    )


def _gone(jargon: str, after: str) -> bool:
    return re.search(rf"(?<![\w'-]){re.escape(jargon.lower())}(?![\w'-])", after.lower()) is None


def check(before: str, after: str) -> Licence:
    """Is every change from `before` to `after` one the rules or grammar can account for?"""
    offers = rule_offers(before)
    b_words, a_words = _words(before), _words(after)
    b_set, a_set = set(b_words), set(a_words)
    b_lemmas = set().union(*(lemmas(w) for w in b_words)) if b_words else set()
    addable = offered(before)
    removed: Counter[str] = Counter()  # words of the jargon the rewrite replaced or dropped
    added: Counter[str] = Counter()  # words of the plain replacements it used
    swaps: list[tuple[str, str]] = []
    for jargon, reps in offers:
        if not _gone(jargon, after):
            continue
        removed.update(_words(jargon))
        used = next((r for r in reps if r and set(_words(r)) <= a_set), None)
        if used:
            added.update(_key(w) for w in _words(used))
            if (jargon.lower(), used.lower()) not in {(j.lower(), u.lower()) for j, u in swaps}:
                swaps.append((jargon, used))
        elif not any(reps) and all(j.lower() != jargon.lower() for j, _ in swaps):
            swaps.append((jargon, ""))
    # 1. nothing new: every content word comes from the sentence (any inflection) or from a rule's
    #    offer, and no more often than the sentence and the offers have it
    have = Counter(_key(w) for w in b_words) + added
    for w, n in Counter(_content(a_words)).items():
        if not (w in b_set or w in addable or lemmas(w) & b_lemmas or w in HEDGES):
            return Licence(f"it brings in a word the sentence and the rules do not offer ({w!r})", swaps)
        if n > have[_key(w)] and w not in addable:
            return Licence(f"it repeats a word ({w!r})", swaps)
    # 2. nothing lost: every content word of the sentence survives as often as it occurs (in some
    #    inflection), unless a rule replaces it or it is filler; so do the small words that carry
    #    meaning ("not", "if", "in", "the"), unless a rule's replacement took them
    kept = Counter(_key(w) for w in a_words)
    for w, n in Counter(_content(b_words)).items():
        if w in HEDGES or kept[_key(w)] + removed[w] >= n:
            continue
        return Licence(f"it drops a word that no rule removes ({w!r})", swaps)
    b_count, a_count = Counter(b_words), Counter(a_words)
    for w in PRESERVE:
        if a_count[w] < b_count[w] - removed[w]:
            return Licence(f"it drops {w!r}", swaps)
    if (
        sum(a_count[w] for w in BE) < sum(b_count[w] for w in BE) - sum(removed[w] for w in BE)
        and a_count["by"] >= b_count["by"]
    ):
        return Licence("it drops a form of 'be' without moving the 'by' agent (not the active voice)", swaps)
    for jargon, plain in swaps:  # "prior to" -> "before" must not leave "before to"
        tail = _words(jargon)[-1:] if plain else []
        if (
            tail
            and tail[0] in FUNCTION
            and not _words(plain)[-1:] == tail
            and re.search(rf"\b{re.escape(plain.lower())}\s+{tail[0]}\b", after.lower())
            and not re.search(rf"\b{re.escape(plain.lower())}\s+{tail[0]}\b", before.lower())
        ):
            return Licence(f"it leaves part of the jargon ('{plain} {tail[0]}')", swaps)
    doubled = [x for x, y in zip(a_words, a_words[1:]) if x == y and x not in ("that", "had")]
    if any(f"{x} {x}" not in before.lower() for x in doubled):
        return Licence(f"it doubles a word ({doubled[0]!r})", swaps)
    # 3. grammar at the joins: a new "is X", "may X", "has X" or pair of small words ("before to")
    #    must be one the corpora show, and "a"/"an" must suit the next word's sound
    b_pairs = set(adjacent(before))
    for pair in adjacent(after):
        if pair in b_pairs:
            continue
        if not attested(*pair):
            return Licence(f"'{pair[0]} {pair[1]}' is not English", swaps)
        if pair[0] in ("a", "an") and wrong_article(*pair):
            return Licence(f"'{pair[0]} {pair[1]}' takes the other article", swaps)
    # 4. quote marks and brackets stay as they were (a lost opening quote leaves a quotation open)
    marks = '“”"()[]'
    lost = [m for m in marks if after.count(m) != before.count(m) - sum(j.count(m) for j, _ in swaps)]
    if lost:
        return Licence(f"it drops or adds a quote mark or bracket ({lost[0]!r})", swaps)
    # 5. sentence shape
    lower_start = re.search(r"[.!?]\s+[a-z]\w*", after)
    if lower_start and lower_start.group(0) not in before:
        return Licence(f"a sentence does not start with a capital ({lower_start.group(0)[1:].strip()!r})", swaps)
    if re.search(r"\w\s+[.!?](?:\s|$)", after) and not re.search(r"\w\s+[.!?](?:\s|$)", before):
        return Licence("it leaves a space before a full stop", swaps)
    b_sents, a_sents = _sentences(before), _sentences(after)
    stops = len(FULL_STOP.findall(after)) - len(FULL_STOP.findall(before))
    if stops > len(a_sents) - len(b_sents):  # "-1, -3, and -4 for" -> "-1, -3. -4 for"
        return Licence("it puts a full stop where no new sentence starts", swaps)
    if len(a_sents) > len(b_sents):
        if not re.search(r"[,;]", before):
            return Licence("it splits the sentence where there is no comma or semicolon", swaps)
        if len(a_sents) > len(b_sents) + 2:
            return Licence("it splits the sentence into too many pieces", swaps)
    for n, s in enumerate(a_sents):
        if s in b_sents:
            continue
        words = _words(s)
        if not re.match(r"[\"'“‘(\[]?[A-Z0-9§$£€]", s):
            return Licence(f"a sentence does not start with a capital ({s[:30]!r})", swaps)
        if len(words) < 4:
            return Licence(f"a piece is too short to be a sentence ({s!r})", swaps)
        if len(a_sents) > len(b_sents):
            first = words[0] if words else ""
            lead_clause = re.search(r",\s+[\"“]?(\w+)", s)  # "For informal writing, it's ..."
            if (
                n > 0
                and first not in SUBJECT_START
                and not _proper(first, before)
                and not (first in SUBORDINATORS and "," in s)
                and not (
                    first in FUNCTION
                    and lead_clause
                    and (lead_clause.group(1).lower() in SUBJECT_START or _proper(lead_clause.group(1), before))
                )
            ):
                return Licence(f"a new sentence does not start with its subject ({s[:30]!r})", swaps)
            last = _words(s.rsplit(",", 1)[-1])[:1]
            if n == 0 and (first in SUBORDINATORS and "," not in s or last and last[0] in SUBORDINATORS):
                # "If the identifier is incorrect." / "By contrast, where the institution is an agent."
                return Licence(f"the split leaves a clause without its main clause ({s[:30]!r})", swaps)
            if n > 0 and {"which", "whom", "whose"} & set(words[:3]):  # "Many of which offer ..."
                return Licence(f"a new sentence is a relative clause on its own ({s[:30]!r})", swaps)
            if n > 0 and first in PRONOUN_SUBJECTS and not _continues_with(before, a_sents[n - 1], first):
                return Licence(f"a new sentence starts with {first!r}, which the original does not say there", swaps)
            if n < len(a_sents) - 1 and _cut_that_clause(s):
                return Licence(f"the split cuts a 'that' clause off its main clause ({s[:30]!r})", swaps)
            if n < len(a_sents) - 1 and words[-1:] and words[-1] in REPORTING and f"{words[-1]}," in before:
                return Licence(f"the split cuts off what {words[-1]!r} reports ({s[:30]!r})", swaps)
            if not _finite(s):
                return Licence(f"a new sentence has no verb ({s[:30]!r})", swaps)
            if n < len(a_sents) - 1 and SPLIT_BLOCKERS & set(words):
                blocker = next(w for w in words if w in SPLIT_BLOCKERS)
                return Licence(f"the split may cut off part of the clause that {blocker!r} opens ({s[:30]!r})", swaps)
    return Licence(None, swaps)


def _continues_with(before: str, previous: str, first: str) -> bool:
    """Does the original go on with `first` (past a joint word) where the previous new sentence ends?"""
    b, tail = _words(before), _words(previous)[-2:]
    if not tail:
        return False
    for i in range(len(b) - len(tail) + 1):
        if b[i : i + len(tail)] == tail:
            rest = b[i + len(tail) :]
            while rest and rest[0] in JOINT_WORDS:
                rest = rest[1:]
            if rest[:1] == [first]:
                return True
    return False


def _cut_that_clause(sentence: str) -> bool:
    """'... opined that so long as the funds stay in control.': a subordinate clause right after 'that'
    needs the main clause of the 'that' clause, which the split moved into the next sentence."""
    text = sentence.lower()
    if re.search(r"\bthat\s*,", text):  # "showing that, for every euro invested ..." ends before its clause does
        return True
    return bool(re.search(r"\bthat (?:so long as|as long as|if|when|unless|once|because|although|while)\b", text)) and (
        "," not in text
    )


def wrong_article(article: str, word: str) -> bool:
    """'an change' or 'a offer', by the word's first sound in the pronouncing dictionary."""
    prons = pronunciations(word)
    if not prons:
        return False
    vowel = {p[0][-1].isdigit() for p in prons if p}
    return (article == "an" and vowel == {False}) or (article == "a" and vowel == {True})


def _proper(word: str, text: str) -> bool:
    """Is the word a name or an acronym in the original (capitalised somewhere other than a sentence start)?"""
    return bool(re.search(rf"(?<![.!?]\s)(?<!^)\b{re.escape(word)}\b", text, re.I)) and any(
        m[:1].isupper() for m in re.findall(rf"(?<=\s)({re.escape(word)})\b", text, re.I)
    )
