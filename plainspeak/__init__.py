"""plainspeak: rewrite customer copy into plain, warm customer-ese, explained and verified.

>>> import plainspeak
>>> result = plainspeak.rewrite("We will utilize your feedback.")
>>> result.output
'We will use your feedback.'
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Change", "Flag", "Glossary", "PlainspeakError", "Result", "Settings", "analyze", "rewrite", "__version__"]

# Names are imported on first use, so `import plainspeak` (and `plainspeak --help`) stays light:
# the pipeline pulls in textstat, the rules and the dictionaries.
_LAZY = {
    "PlainspeakError": ".errors",
    "analyze": ".pipeline",
    "rewrite": ".pipeline",
    "Change": ".render",
    "Flag": ".render",
    "Result": ".render",
    "Glossary": ".settings",
    "Settings": ".settings",
}

if TYPE_CHECKING:  # pragma: no cover
    from .errors import PlainspeakError
    from .pipeline import analyze, rewrite
    from .render import Change, Flag, Result
    from .settings import Glossary, Settings


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'plainspeak' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


class _Package(types.ModuleType):
    """`plainspeak.analyze` and `plainspeak.rewrite` are the functions, as when this file imported the
    pipeline eagerly: loading the submodules of the same names must not replace them with modules."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("analyze", "rewrite") and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
