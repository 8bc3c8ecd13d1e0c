"""Checks a model candidate must pass besides the verifier's: no broken words, no decoding loop, no
invented name or item, and most of what the sentence says kept."""

from __future__ import annotations

import re
from collections import Counter

from ..readability import is_english_word
from ..segment.names import in_name
from ..segment.protect import find_protected
from ..text import SENTENCE_END, words

_STOP = set(
    "that this with from have will your their there these those which would could should about into "
    "than then them they were been being what when where while also such other more most".split()
)


def content_recall(before: str, after: str) -> float:
    words = {w for w in re.findall(r"[a-z]{4,}", before.lower()) if w not in _STOP}
    if not words:
        return 1.0
    kept = set(re.findall(r"[a-z]{4,}", after.lower()))
    return len(words & kept) / len(words)


def new_nonwords(before: str, after: str) -> list[str]:
    """Words of `after` that are neither in `before` nor in the dictionary (a broken word: "Youary")."""
    have = {w.lower() for w in words(before)}
    return [
        w
        for w in words(after)
        if w.lower() not in have and not is_english_word(w) and not is_english_word(re.split(r"['’]", w)[0])
    ]


def stutters(text: str) -> bool:
    """A decoding loop: the same word three times running, or the same two words twice running."""
    words = re.findall(r"\w+|[^\w\s]", text.lower())
    return any(words[i] == words[i + 1] == words[i + 2] for i in range(len(words) - 2)) or any(
        words[i : i + 2] == words[i + 2 : i + 4] and words[i].isalpha() for i in range(len(words) - 3)
    )


def invented(source: str, output: str) -> bool:
    """The output has a protected item (number, date, amount, URL, placeholder) or a capitalised
    name (`segment.names.in_name`: not after a sentence break, not in a title-case heading, where
    capitals are style) that the source does not have."""
    src = Counter(p.text for p in find_protected(source))
    out = Counter(p.text for p in find_protected(output))
    if out - src:
        return True
    src_words = set(re.findall(r"\w+", source.lower()))
    return any(
        m.group(0).lower() not in src_words and in_name(output, m.start())
        for m in re.finditer(r"\b[A-Z][a-z]+\b", output)
    )


# a new sentence that opens with a noun phrase, a comma and then its verb: the tail of a list cut off
# from the list ("..., and the enhanced liability for HOEPA violations, are unaffected")
_CUT_LIST_TAIL = re.compile(r"^[A-Z][^,.;:!?]*,\s+(?:are|is|was|were|has|have|had|will|would|must|may|can|shall)\b")


def cut_list_tail(before: str, after: str) -> bool:
    """Does a split leave a sentence whose subject is the last item of a list in the original?"""
    return any(
        _CUT_LIST_TAIL.match(part.strip()) and part.strip() not in before
        for part in SENTENCE_END.split(after)
        if part.strip()
    )
