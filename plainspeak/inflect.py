"""lemminflect without its spaCy hook.

Importing lemminflect imports spaCy whenever spaCy is installed (and with it thinc and torch: about
6 s on the reference machine), only to register `Token._.inflect` and `Token._.lemma`, which
plainspeak never uses. `plainspeak analyze` and `rewrite --model none` inflect words but need no
parse, so lemminflect is loaded here with spaCy hidden; spaCy itself still imports normally later."""

from __future__ import annotations

import functools
import importlib.abc
import sys
import threading
from types import ModuleType

_lock = threading.Lock()


class _HideSpacy(importlib.abc.MetaPathFinder):
    """Says spaCy is missing, to the thread that loads lemminflect only (others import as usual)."""

    def __init__(self) -> None:
        self.owner = threading.get_ident()

    def find_spec(self, name, path=None, target=None):
        if threading.get_ident() == self.owner and (name == "spacy" or name.startswith("spacy.")):
            raise ModuleNotFoundError(f"{name} is hidden while lemminflect loads", name=name)
        return None


@functools.cache
def lemminflect() -> ModuleType:
    """The lemminflect module (getAllLemmas, getAllInflections, getInflection, ...)."""
    with _lock:
        if "lemminflect" in sys.modules or "spacy" in sys.modules:
            import lemminflect as module  # spaCy is here already: its hook costs nothing more

            return module
        finder = _HideSpacy()
        sys.meta_path.insert(0, finder)
        try:
            import lemminflect as module
        finally:
            sys.meta_path.remove(finder)
        return module
