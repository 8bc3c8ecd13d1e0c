"""lemminflect without its spaCy hook.

Importing lemminflect imports spaCy whenever spaCy is installed (and with it thinc: seconds), only
to register `Token._.inflect` and `Token._.lemma`, which plainspeak never uses. `plainspeak analyze`
and `rewrite --model none` inflect words but need no parse, so lemminflect is loaded with spaCy
hidden (`hidden_imports.py`); spaCy itself still imports normally later."""

from __future__ import annotations

import functools
from types import ModuleType

from .hidden_imports import import_without


@functools.cache
def lemminflect() -> ModuleType:
    """The lemminflect module (getAllLemmas, getAllInflections, getInflection, ...)."""
    return import_without("lemminflect", "spacy")
