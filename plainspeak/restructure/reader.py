"""Does the copy around a sentence speak to its reader? A letter says "your account" in one sentence
and "Any remaining balance will be returned to your card" or "... to the card used" in the next: the
second, too, is copy to a customer. `restructure(text, reader=True)` says so for the sentences of
such a document; the transforms that need it (we-subject) read it here, for the sentence and for
every rewrite of it that they parse."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy loads through parse.import_spacy (torch hidden), never from here
    from spacy.tokens import Doc

_READER: ContextVar[bool] = ContextVar("plainspeak_restructure_reader", default=False)
YOU = ("you", "your", "yours")


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
