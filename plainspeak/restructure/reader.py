"""Does the copy around a sentence speak to its reader? A letter says "your account" in one sentence
and "Any remaining balance will be returned to your card" or "... to the card used" in the next: the
second, too, is copy to a customer. `restructure(text, reader=True)` says so for the sentences of
such a document; the transforms that need it (we-subject) read it here, for the sentence and for
every rewrite of it that they parse."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy loads through parse.import_spacy (torch hidden), never from here
    from spacy.tokens import Doc

_READER: ContextVar[bool] = ContextVar("plainspeak_restructure_reader", default=False)
YOU = ("you", "your", "yours")
SAYS_YOU = re.compile(rf"\b(?:{'|'.join(YOU)})\b", re.IGNORECASE)  # YOU, in a sentence's text
_SAYS_WE = re.compile(r"\b(?:[Ww]e|[Oo]ur|[Oo]urs|us)\b")
WE_NEAR = 3  # sentences either side in which the company speaks as "we"


@contextmanager
def document_speaks_to_reader(reader: bool) -> Iterator[None]:
    token = _READER.set(reader)
    try:
        yield
    finally:
        _READER.reset(token)


def speaks_to_reader(doc: Doc, document: bool = False) -> bool:
    """Does the sentence say "you"/"your" (or, with `document`, does its document)?"""
    return (document and _READER.get()) or any(t.lower_ in YOU for t in doc)


def to_reader(texts: list[str]) -> list[bool]:
    """Per sentence of a document: is it copy from "us" to "you", though it may say neither ("Any
    remaining balance will be returned to the card used.")? The sentence before or after says
    "you"/"your", and one within WE_NEAR says "we"/"our". A whole document is too coarse: a
    regulation's commentary says "you" in one example and "the payment is not received until April 10"
    in another (on the formal and plain corpora, 5 of 436 sentences next to a "you" took a "we", 2
    wrongly; with "we" near, 1 of 187, and that one is refused now: "requests will be issued
    administrator access")."""
    you = [bool(SAYS_YOU.search(t)) for t in texts]
    we = [bool(_SAYS_WE.search(t)) for t in texts]
    return [
        any(you[j] for j in (i - 1, i + 1) if 0 <= j < len(texts)) and any(we[max(0, i - WE_NEAR) : i + WE_NEAR + 1])
        for i in range(len(texts))
    ]
