"""plainspeak: rewrite customer copy into plain, warm customer-ese, explained and verified.

    >>> import plainspeak
    >>> result = plainspeak.rewrite("We will utilize your feedback.")
    >>> result.output
    'We will use your feedback.'

The names below load on first use, so `import plainspeak` (and `plainspeak --help`) stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .lazy import lazy_getattr

__version__ = "0.1.0"
__all__ = ["Change", "Flag", "Glossary", "PlainspeakError", "Result", "Settings", "analyze", "rewrite", "__version__"]

_WHERE = {
    "Change": "changes",
    "Flag": "changes",
    "Glossary": "settings",
    "PlainspeakError": "errors",
    "Result": "result",
    "Settings": "settings",
    "analyze": "pipeline",
    "rewrite": "pipeline",
}

if TYPE_CHECKING:
    from .changes import Change, Flag
    from .errors import PlainspeakError
    from .pipeline import analyze, rewrite
    from .result import Result
    from .settings import Glossary, Settings

__getattr__ = lazy_getattr(__name__, globals(), _WHERE)
