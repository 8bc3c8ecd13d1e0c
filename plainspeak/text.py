"""The one word tokenizer and the sentence-end patterns every module uses.

Words are runs of letters with inner apostrophes ("don't", "customer’s"); readability counts a
hyphenated compound ("sign-in") as one word, as the grade formulas expect. A sentence ends at one
or more of . ! ? and any closing quotes or brackets after them.
"""

from __future__ import annotations

import re

WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
COUNTED_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")  # readability's word: compounds count once

STOP = r"[.!?]+[\"'’”)\]]*"  # a sentence's final stop and its closing marks
FULL_STOP = re.compile(STOP + r"\s+")  # where a sentence may end
SENTENCE_END = re.compile(STOP + r"\s+(?=[\"'“‘(\[]?[A-Z0-9])")  # ... and a new one starts
ENDS_WITH_STOP = re.compile(STOP + r"\s*$")  # the text ends a sentence


def words(text: str) -> list[str]:
    """The words of `text`, in order, as written."""
    return WORD.findall(text)


def word_keys(text: str) -> list[str]:
    """Lower-case words with straight apostrophes: how word tables are keyed and looked up."""
    return [w.lower().replace("’", "'") for w in WORD.findall(text)]
