"""Import a library while another one looks missing, to the importing thread only.

Two optional hooks cost seconds at start-up: lemminflect imports spaCy (with thinc and torch) only
to register token extensions plainspeak never uses, and thinc imports torch (about 3 s on the
reference machine) to offer PyTorch layers that the parser model (a thinc CNN on numpy) never uses.
Each library checks for the other with `try: import X except ImportError`, so hiding X while it
loads skips the hook. Other threads import as usual, and X itself imports normally later."""

from __future__ import annotations

import importlib
import importlib.abc
import sys
import threading
from types import ModuleType

_lock = threading.Lock()


class _Hide(importlib.abc.MetaPathFinder):
    """Says `hidden` (and its submodules) is missing, to the thread that created it only."""

    def __init__(self, hidden: str) -> None:
        self.hidden = hidden
        self.owner = threading.get_ident()

    def find_spec(self, name, path=None, target=None):
        if threading.get_ident() == self.owner and (name == self.hidden or name.startswith(self.hidden + ".")):
            raise ModuleNotFoundError(f"{name} is hidden while another library loads", name=name)
        return None


def import_without(name: str, hidden: str) -> ModuleType:
    """`import name` with `hidden` looking missing to this thread; a plain import when either is loaded already."""
    with _lock:
        if name in sys.modules or hidden in sys.modules:
            return importlib.import_module(name)
        finder = _Hide(hidden)
        sys.meta_path.insert(0, finder)
        try:
            return importlib.import_module(name)
        finally:
            sys.meta_path.remove(finder)
