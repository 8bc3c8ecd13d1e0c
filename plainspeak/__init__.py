"""plainspeak: rewrite customer copy into plain, warm customer-ese, explained and verified.

>>> import plainspeak
>>> result = plainspeak.rewrite("We will utilize your feedback.")
>>> result.output
'We will use your feedback.'
"""

from .errors import PlainspeakError
from .pipeline import analyze, rewrite
from .render import Change, Flag, Result
from .settings import Glossary, Settings

__version__ = "0.1.0"
__all__ = ["Change", "Flag", "Glossary", "PlainspeakError", "Result", "Settings", "analyze", "rewrite", "__version__"]
