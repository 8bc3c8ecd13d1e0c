"""Compile rules into matchers: inflection-aware, case-keeping, never inside protected spans."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..cachedir import cached
from ..segment.names import in_name
from ..text import WORD, word_keys
from .literal import required_literal
from .register import is_regulation
from .schema import Rule, cache_key, load_rules

_APOS = "['’]"
_TAG_ORDER = ("VB", "VBP", "VBZ", "VBG", "VBD", "VBN", "NN", "NNS")


@dataclass(frozen=True)
class Match:
    """A rule hit in one sentence: [start, end) relative to the sentence text."""

    rule: Rule
    start: int
    end: int
    text: str
    replacement: str | None  # None for flags; "" for deletions
    alternatives: tuple[str, ...] = ()


_PARTICIPLE_BEFORE = re.compile(
    r"\b(?:has|have|had|having|is|are|was|were|be|been|being|am|get|gets|got|gotten)"
    r"(?:\s+(?:not|never|already|just|also|been|now|recently))*\s+$",
    re.I,
)


# a modal or "to" right before: only the base form can follow ("would exceeded", a typo in the source,
# becomes "would go over", not "would went over")
_BASE_BEFORE = re.compile(r"\b(?:will|would|shall|should|can|could|may|might|must|to)\s+$", re.I)
_SUBJECT_BEFORE = re.compile(
    r"\b(?:i|you|we|they|he|she|it|who|which|that|customers?|members?)"
    r"(?:\s+(?:already|just|also|recently|previously|then))?\s+$",
    re.I,
)


_OBJECT_AFTER = re.compile(
    r"\s+(?:a|an|the|your|our|their|this|that|these|those|my|his|her|its|you|us|them|me|him|"
    r"it|all|any|some|every|each|no|both|more|up|out|\d)\b",
    re.I,
)


def _past_tag(before: str, after: str, has_object: bool) -> str | None:
    """Tell the past tense from the past participle of an -ed form: a participle after
    'has'/'was' (VBN); a past tense after a subject or before its object (VBD); otherwise
    ("Provided, that", "the amount disclosed under") no safe reading (None)."""
    if _PARTICIPLE_BEFORE.search(before):
        return "VBN"
    if not before.strip() or before.rstrip()[-1:] in "([\"'“‘:;,":
        return None
    if has_object or _SUBJECT_BEFORE.search(before) or _OBJECT_AFTER.match(after):
        return "VBD"
    return None


@functools.cache
def forms(lemma: str, pos: str) -> dict[str, str]:
    """Inflected form -> Penn tag for a verb or noun lemma (the lemma itself included)."""
    from ..inflect import lemminflect  # numpy and tables: only when needed

    upos = "VERB" if pos == "verb" else "NOUN"
    li = lemminflect()
    table = li.getAllInflections(lemma, upos=upos) or li.getAllInflectionsOOV(lemma, upos=upos)
    out: dict[str, str] = {lemma.lower(): "VB" if pos == "verb" else "NN"}
    for tag in _TAG_ORDER:
        for form in table.get(tag, ()):
            out.setdefault(form.lower(), tag)
    return out


def inflect(word: str, tag: str, pos: str) -> str:
    if tag in ("VB", "VBP", "NN"):
        return word
    from ..inflect import lemminflect

    got = lemminflect().getInflection(word, tag=tag)
    if got:
        return got[0]
    return word


def keep_case(matched: str, replacement: str) -> str:
    """Give the replacement the capitalization of what it replaces."""
    letters = [c for c in matched if c.isalpha()]
    if not replacement or not letters:
        return replacement
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    if letters[0].isupper() and matched.lstrip()[:1].isupper():
        return replacement[0].upper() + replacement[1:]
    return replacement


def _first_word(text: str) -> str | None:
    """The first word as sentence_words() cuts it, or None when the text starts otherwise."""
    m = WORD.match(text)
    return m.group(0).lower().replace("’", "'") if m else None


def _phrase_regex(phrase: str) -> str:
    """Translate the pattern language ((a|b), [optional], words) into a regex body."""
    tokens = re.findall(r"\([^)]*\)|\[[^\]]*\]|[^\s()\[\]]+", phrase)
    parts: list[tuple[str, bool]] = []  # (regex, optional)
    for tok in tokens:
        if tok.startswith("(") and tok.endswith(")"):
            alts = [_words(a) for a in tok[1:-1].split("|")]
            parts.append(("(?:" + "|".join(alts) + ")", False))
        elif tok.startswith("[") and tok.endswith("]"):
            parts.append((_words(tok[1:-1]), True))
        else:
            parts.append((_words(tok), False))
    out, started = "", False
    for rx, optional in parts:
        if optional:
            out += f"(?:\\s+{rx})?" if started else f"(?:{rx}\\s+)?"
        else:
            out += ("\\s+" if started else "") + rx
            started = True
    return out


def _words(text: str) -> str:
    return r"\s+".join(re.sub("['’]", lambda _: _APOS, re.escape(w)) for w in text.split())


Parts = tuple[str, list[str] | None, dict[str, str], str | None]


def matcher_parts(rule: Rule) -> Parts:
    """What a matcher is built from: (regex source, prefilter words or None, inflected head -> tag, text
    every match contains or None: `literal.required_literal`). Plain data, so the compiled-rule cache
    (`cached_parts`) can keep it between runs."""
    if rule.regex:
        return rule.regex, None, {}, required_literal(rule.regex)
    head_tags: dict[str, str] = {}
    bodies: list[str] = []
    firsts: set[str] | None = set()
    for p in rule.patterns:
        if rule.inflect != "none":
            head, _, rest = p.partition(" ")
            table = forms(head.lower(), rule.inflect)
            head_tags.update(table)
            alts = "|".join(re.escape(f) for f in sorted(table, key=len, reverse=True))
            body = f"(?P<head>{alts})" + (r"\s+" + _phrase_regex(rest) if rest else "")
            if firsts is not None:
                firsts.update(_first_word(f) or f for f in table)
        else:
            body = _phrase_regex(p)
            first = _first_word(p)  # the prefilter sees words as sentence_words() cuts them
            if first is None:
                firsts = None
            elif firsts is not None:
                firsts.add(first)
        bodies.append(body)
    # several inflected patterns would repeat the group name: give each its own
    joined = "|".join(f"(?:{b.replace('(?P<head>', f'(?P<head{i}>')})" for i, b in enumerate(bodies))
    source = rf"(?<![\w'’-])(?:{joined})(?![\w'’-])"
    return source, sorted(firsts) if firsts is not None else None, head_tags, required_literal(source)


class RuleMatcher:
    """Finds one rule's hits in sentences. The regex is compiled on first use: with the prefilter,
    most rules never meet a sentence with their first words in a short run."""

    def __init__(self, rule: Rule, parts: Parts | None = None) -> None:
        self.rule = rule
        source, firsts, head_tags, needed = parts if parts is not None else matcher_parts(rule)
        self.needed = needed  # text (folded) every match contains: a sentence without it is not tried
        self._source = source
        self.first_words: frozenset[str] | None = frozenset(firsts) if firsts is not None else None  # None: always try
        self._head_tags: dict[str, str] = dict(head_tags)
        self.skip_names = rule.category != "glossary"  # a user's glossary term is often a name itself

    @property
    def source(self) -> str:
        """The regex this matcher compiles (case-insensitive)."""
        return self._source

    @functools.cached_property
    def rx(self) -> re.Pattern[str]:
        return re.compile(self._source, re.I)

    @functools.cached_property
    def not_before(self) -> re.Pattern[str] | None:
        return re.compile(rf"(?:{self.rule.not_before})\s*$", re.I) if self.rule.not_before else None

    @functools.cached_property
    def needs_before(self) -> re.Pattern[str] | None:
        return re.compile(rf"(?:{self.rule.needs_before})\s*$", re.I) if self.rule.needs_before else None

    @functools.cached_property
    def not_after(self) -> re.Pattern[str] | None:
        return re.compile(rf"\s*(?:{self.rule.not_after})", re.I) if self.rule.not_after else None

    def _replacements(self, m: re.Match[str], sentence: str) -> tuple[str, ...]:
        rule = self.rule
        if rule.kind == "flag":
            return ()
        if rule.kind == "delete":
            return ("",)
        if rule.regex:
            return tuple(m.expand(r.replace("$", "\\")) for r in rule.replace)
        if rule.inflect != "none":
            head_group, head = next((k, v) for k, v in m.groupdict().items() if k.startswith("head") and v)
            tag = self._head_tags.get(head.lower(), "VB")
            if rule.inflect == "verb" and tag in ("VBD", "VBN", "VBZ") and _BASE_BEFORE.search(sentence, 0, m.start()):
                tag = "VB"
            elif tag == "VBD":
                past = _past_tag(sentence[: m.start()], sentence[m.end() :], m.end() > m.end(head_group))
                if past is None:
                    firsts = [r.partition(" ")[0] for r in rule.replace]
                    if any(inflect(f, "VBD", "verb") != inflect(f, "VBN", "verb") for f in firsts):
                        return ()  # "Provided, that" -> "Gave"/"Given"? no safe choice: leave it
                    past = "VBD"
                tag = past
            outs = []
            for r in rule.replace:
                first, _, rest = r.partition(" ")
                outs.append(inflect(first, tag, rule.inflect) + (" " + rest if rest else ""))
            return tuple(outs)
        return rule.replace

    def _in_context(self, sentence: str, regulation: bool = False) -> Iterator[re.Match[str]]:
        """The pattern's non-empty matches whose surroundings the rule allows (not_before / needs_before / not_after),
        outside names ("Emergency Position Indicating Radio Beacon" keeps "Indicating"), except for
        glossary rules, whose terms are often names themselves; none in regulatory text for a rule
        marked `not_in_regulation` (`regulation`: the sentence belongs to a regulatory document)."""
        if self.rule.not_in_regulation and (regulation or is_regulation(sentence)):
            return
        for m in self.rx.finditer(sentence):
            if m.end() == m.start() or (self.skip_names and in_name(sentence, m.start())):
                continue
            if self.not_before and self.not_before.search(sentence, 0, m.start()):
                continue
            if self.needs_before and not self.needs_before.search(sentence, 0, m.start()):
                continue
            if self.not_after and self.not_after.match(sentence, m.end()):
                continue
            yield m

    def offers(self, sentence: str) -> list[tuple[str, tuple[str, ...]]]:
        """Every place the rule's pattern occurs in its context, with what it could replace it by,
        also where the replacement's inflection is ambiguous (the model's licence asks what a rule
        could offer there; `find` returns only what it can apply)."""
        return [
            (
                m.group(0),
                ("",) if self.rule.kind == "delete" else (self._replacements(m, sentence) or tuple(self.rule.replace)),
            )
            for m in self._in_context(sentence)
        ]

    def find(
        self, sentence: str, protected: list[tuple[int, int]], words: set[str] | None = None, regulation: bool = False
    ) -> list[Match]:
        if words is not None and self.first_words is not None and not (self.first_words & words):
            return []
        hits: list[Match] = []
        for m in self._in_context(sentence, regulation):
            s, e = m.start(), m.end()
            if any(s < pe and ps < e for ps, pe in protected):
                continue
            reps = self._replacements(m, sentence)
            if not reps and self.rule.kind != "flag":
                continue  # no safe inflection of the replacement here
            reps = tuple(keep_case(m.group(0), r) for r in reps)
            hits.append(Match(self.rule, s, e, m.group(0), reps[0] if reps else None, reps[1:]))
        return hits


@functools.cache
def compile_rule(rule: Rule) -> RuleMatcher:
    return RuleMatcher(rule, cached_parts(rule))  # the shipped rules' parts are kept between runs


@functools.cache
def _shipped() -> dict[str, Rule]:
    return {r.code: r for r in load_rules()}


@functools.cache
def _all_parts() -> dict[str, Parts]:
    return cached(cache_key("matchers"), lambda: {r.code: matcher_parts(r) for r in load_rules()})


def cached_parts(rule: Rule) -> Parts | None:
    """The cached matcher parts of a shipped rule (`schema.cache_key`: current data and code only); None
    for any other rule (a glossary rule, a rule a test builds), which is then compiled from scratch."""
    if rule.category == "glossary" or _shipped().get(rule.code) != rule:
        return None
    return _all_parts().get(rule.code)


def sentence_words(sentence: str) -> set[str]:
    return set(word_keys(sentence))
