"""torch and transformers, imported once per process under one lock.

transformers resolves its names lazily; two threads resolving them at once fail with "module
'transformers' has no attribute 'AutoModel'" (or an ImportError). The server loads models in a
background thread while requests, other engines or tests run, so every use goes through here."""

from __future__ import annotations

import threading
from types import ModuleType

NAMES = ("AutoModel", "AutoTokenizer", "AutoModelForSeq2SeqLM", "LogitsProcessorList", "PreTrainedTokenizerFast")
_lock = threading.Lock()
_resolved = False


def transformers() -> ModuleType:
    """The transformers module, with torch imported and the names plainspeak uses resolved."""
    global _resolved
    with _lock:
        import torch  # noqa: F401
        import transformers as module

        if not _resolved:
            for name in NAMES:
                getattr(module, name)
            _resolved = True
    return module
