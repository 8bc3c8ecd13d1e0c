"""What a cached result depends on besides its input: the package version, the rule data and the
models. Caches (the server's result cache, the sentence cache, the compiled-rule cache) key on it,
so a change to any of them makes old entries stale."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

RULES_DIR = Path(__file__).resolve().parent / "rules"


@functools.cache
def rule_data_hash() -> str:
    """sha256 over every rule data file and the rule code (names and bytes), in a fixed order."""
    h = hashlib.sha256()
    for path in sorted([*RULES_DIR.glob("data/*.yaml"), *RULES_DIR.glob("*.py")]):
        h.update(path.relative_to(RULES_DIR).as_posix().encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


@functools.cache
def fingerprint(model: str = "none", embedding_path: str | None = None) -> str:
    """One short string for the package version, the rule data and the models in use."""
    from . import __version__

    h = hashlib.sha256("\0".join([__version__, rule_data_hash(), model, embedding_path or ""]).encode())
    return h.hexdigest()[:16]
