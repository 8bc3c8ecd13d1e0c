"""Capitalised names inside sentences ("the Financial Assistance Office"), told apart from headings
("Important Information Regarding Your Account"), where every word is capitalised by style."""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_CONTENT_WORD = re.compile(r"\b[A-Za-z][A-Za-z'’-]{3,}\b")
_AFTER_BREAK = re.compile(r"(?:^|[.!?:;\n]|[\"“‘(\[—–•*-]|\bDear)[\s\"“‘(\[]*$")  # salutations are styled too


# words that title case may leave in lower case
_SMALL = frozenset(
    "with from into onto over upon than that this when where under after before until "
    "within without versus along among".split()
)


def is_heading(text: str) -> bool:
    """Title case: at least three words of four or more letters, all capitalised but small ones."""
    words = [w for w in _CONTENT_WORD.findall(text) if w.lower() not in _SMALL]
    return len(words) >= 3 and all(w[0].isupper() for w in words)


def in_name(sentence: str, start: int) -> bool:
    """The word at `start` is capitalised in running text, not after a sentence break or an opening
    mark or "Dear": a name or part of one. Words in capitals ("ASAP") and words in a heading are not names."""
    word = _WORD.match(sentence, start)
    if not word or not word.group(0)[0].isupper() or word.group(0).isupper():
        return False
    if _AFTER_BREAK.search(sentence, 0, start):
        return False
    return not is_heading(sentence)
