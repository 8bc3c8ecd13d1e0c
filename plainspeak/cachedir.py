"""The user's cache folder for data plainspeak derives from its inputs (compiled rules, the compact
syllable dictionary): PLAINSPEAK_CACHE_DIR, else $XDG_CACHE_HOME/plainspeak, else ~/.cache/plainspeak.
Entries are named by a hash of what they were built from, so a stale one is never read; writes are
atomic, and a folder that cannot be written only means the data is rebuilt in memory each time."""

from __future__ import annotations

import gc
import marshal
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any


def cache_dir() -> Path | None:
    """The cache folder, or None when PLAINSPEAK_CACHE_DIR is set to an empty value (caching off)."""
    explicit = os.environ.get("PLAINSPEAK_CACHE_DIR")
    if explicit is not None:
        return Path(explicit).expanduser() if explicit.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "plainspeak"


def _loads(data: bytes) -> Any:
    """marshal.loads with the cyclic collector paused. From bytes, not the open file: marshal.load reads
    a file object by small calls, ten times slower on a table of 100,000 words; the collector would
    otherwise run many passes over the new containers, none of which can be garbage yet."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return marshal.loads(data)
    finally:
        if enabled:
            gc.enable()


def cached(name: str, build: Callable[[], Any]) -> Any:
    """The value stored under `name` (marshal format: plain data only), or `build()`, stored for next time."""
    folder = cache_dir()
    path = folder / name if folder is not None else None
    if path is not None:
        try:
            return _loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            pass  # missing, unreadable or torn: rebuild it
    value = build()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as f:
                    marshal.dump(value, f)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            pass  # a read-only home: the value still works, it is just not kept
    return value
