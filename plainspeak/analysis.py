"""Stage 2, analysis: every rule hit, style flag and glossary hit, per sentence."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from .readability import Scores, is_prose, score, sentence_grade, word_count
from .rules import Match, Rule, compile_rule, load_rules, sentence_words, style
from .rules.literal import fold
from .rules.register import is_regulatory_document
from .segment import Document, Sentence, segment
from .settings import Glossary, Settings

JARGON_CATEGORIES = {
    "jargon",
    "wordy",
    "legalese",
    "say-no",
    "hollow",
    "customer-focus",
    "nominalization",
    "cliche",
    "glossary",
}


@dataclass
class SentenceAnalysis:
    sentence: Sentence
    words: int
    grade: float
    hits: list[Match] = field(default_factory=list)

    @property
    def protected_local(self) -> list[tuple[int, int]]:
        return [(p.start - self.sentence.start, p.end - self.sentence.start) for p in self.sentence.protected]


@dataclass
class Analysis:
    document: Document
    sentences: list[SentenceAnalysis]
    scores: Scores


@functools.cache
def glossary_rules(
    banned: tuple[tuple[str, str | None], ...], replacements: tuple[tuple[str, str], ...]
) -> tuple[Rule, ...]:
    """Rules made from the user's glossary: replacements (always applied) and banned terms."""
    rules: list[Rule] = []
    for i, (term, new) in enumerate(replacements):
        rules.append(
            Rule(
                code=f"PS{1 + i:04d}",
                category="glossary",
                kind="substitute",
                safe=True,
                source="your glossary",
                message=f"your glossary replaces '{term}'",
                reason="Your team's glossary asks for this wording.",
                patterns=(term,),
                replace=(new,),
                fire=(term,),
                must_pass=("",),
            )
        )
    for j, (term, suggestion) in enumerate(banned):
        rules.append(
            Rule(
                code=f"PS{501 + j:04d}",
                category="glossary",
                kind="substitute" if suggestion else "flag",
                safe=False,
                source="your glossary",
                message=f"'{term}' is on your banned list",
                reason="Your team's glossary bans this term.",
                patterns=(term,),
                replace=(suggestion,) if suggestion else (),
                fire=(term,),
                must_pass=("",),
            )
        )
    return tuple(rules)


def active_rules(settings: Settings) -> list[Rule]:
    g: Glossary = settings.glossary
    rules = list(glossary_rules(tuple(g.banned.items()), tuple(g.replacements.items())))
    rules += [r for r in load_rules() if settings.enabled(r.category)]
    return rules


class RuleIndex:
    """The matchers of a rule set, looked up by the first words they need: a sentence is offered only
    the matchers whose prefilters it passes (`RuleMatcher.first_words`, and `needed`: text every match
    contains, such as "commencement" in "the commencement of"), in rule order, so its hits are those of
    every matcher in turn without a call, or a regex compiled, for each of the hundreds that cannot fire."""

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.matchers = [compile_rule(r) for r in rules]
        self.always: list[int] = []  # matchers without a first-word prefilter
        self.by_word: dict[str, list[int]] = {}
        self.needs: dict[int, str] = {}  # text every match contains (rules/literal.py), where there is some
        for i, m in enumerate(self.matchers):
            if m.needed is not None:
                self.needs[i] = m.needed
            if m.first_words is None:
                self.always.append(i)
            else:
                for w in m.first_words:
                    self.by_word.setdefault(w, []).append(i)

    def candidates(self, text: str, words: set[str] | None = None) -> list[int]:
        """The matchers (indices, in rule order) whose prefilters this text passes: the only ones that can match."""
        words = sentence_words(text) if words is None else words
        folded = fold(text)
        found = set(self.always).union(*(self.by_word.get(w, ()) for w in words))
        return sorted(i for i in found if i not in self.needs or self.needs[i] in folded)

    def find(self, text: str, protected: list[tuple[int, int]], regulation: bool = False) -> list[Match]:
        words = sentence_words(text)
        return [
            hit
            for i in self.candidates(text, words)
            for hit in self.matchers[i].find(text, protected, words, regulation)
        ]


@functools.lru_cache(maxsize=8)
def rule_index(rules: tuple[Rule, ...]) -> RuleIndex:
    return RuleIndex(rules)


_indexes: dict[tuple[object, ...], RuleIndex] = {}


def index_for(settings: Settings) -> RuleIndex:
    """`rule_index(tuple(active_rules(settings)))`, looked up by what the active rules depend on (the
    glossary, the categories, the shipped rules) instead of by hashing some 550 rules per document."""
    g = settings.glossary
    base = load_rules()
    cats = None if settings.categories is None else tuple(sorted(settings.categories))
    key = (tuple(g.banned.items()), tuple(g.replacements.items()), cats, id(base))
    found = _indexes.get(key)
    if found is None:
        if len(_indexes) >= 16:
            _indexes.clear()
        found = _indexes[key] = rule_index(tuple(active_rules(settings)))
    return found


def analyze_document(doc: Document, settings: Settings) -> Analysis:
    index = index_for(settings)
    out: list[SentenceAnalysis] = []
    jargon = passive_n = long_n = 0
    # one sentence that cites a section or names the agency makes the whole document regulatory text:
    # its other sentences use the same terms of art ("a remittance transfer") without a citation
    regulation = is_regulatory_document([s.text for s in doc.sentences])
    for s in doc.sentences:
        sa = SentenceAnalysis(s, word_count(s.text), sentence_grade(s.text))
        prot = sa.protected_local
        sa.hits.extend(index.find(s.text, prot, regulation))
        if not is_prose(s.text):
            out.append(sa)  # Latin filler, another language: the rules may flag it, the style checks mean nothing
            continue
        passive = style.passive(s.text, prot)
        longs = style.long_sentence(s.text, settings.long_sentence_words)
        above = style.above_target(s.text, sa.grade, settings.target_grade)
        sa.hits += passive + longs + style.shouting(s.text, prot) + above
        if settings.strength == "strong":
            sa.hits += [
                m
                for m in style.split_long(s.text, prot, settings.long_sentence_words, above_target=bool(above))
                if not any(m.start < pe and ps < m.end for ps, pe in prot)
            ]
        jargon += sum(1 for h in sa.hits if h.rule.category in JARGON_CATEGORIES)
        passive_n += len(passive)
        long_n += len(longs)
        out.append(sa)
    scores = score(doc.reading_sentences(), jargon_count=jargon, passive_count=passive_n, long_sentence_count=long_n)
    return Analysis(doc, out, scores)


def rescore(output: str, format: str, settings: dict[str, Any] | Settings) -> dict[str, Any]:
    """The scores of a rewritten text: a `Result`'s "after" figures, for any choice of changes."""
    s = settings if isinstance(settings, Settings) else Settings.from_dict(settings)
    if not output.strip():
        return score([]).to_dict()
    return analyze_document(segment(output, format, s.glossary.protected), s).scores.to_dict()
