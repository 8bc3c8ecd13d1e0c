"""sha256 of the model files checked at load (the MiniLM weights, the parser's folder), optionally
computed ahead in a background thread.

A one-shot CLI call spends about 0.1 s hashing 100 MB of model files before it may load them;
hashlib releases the GIL while it hashes, so `hash_ahead` lets that run on the second core while
the main thread imports and loads the parser. `sha256` then takes the result computed ahead (waiting
for it if need be) or hashes the file itself.
"""

from __future__ import annotations

import hashlib
import mmap
import os
import threading
from collections.abc import Iterable
from pathlib import Path

_lock = threading.Lock()
_ahead: dict[Path, tuple[threading.Event, list[str]]] = {}  # path -> (done, [digest] once hashed)


def _digest(path: Path) -> str:
    """One `update` over the memory-mapped file: the GIL is released once for the whole hash. (A loop
    over chunks takes the GIL back after each one, and while the main thread runs Python it waits up
    to the interpreter's 5 ms switch interval every time.)"""
    h = hashlib.sha256()
    with path.open("rb") as f:
        if os.fstat(f.fileno()).st_size:
            with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
                h.update(m)
    return h.hexdigest()


def sha256(path: Path) -> str:
    """The file's sha256 (hex): the one `hash_ahead` computed, once, or a fresh one."""
    with _lock:
        pending = _ahead.pop(path, None)
    if pending is not None:
        done, box = pending
        done.wait()
        if box:
            return box[0]
    return _digest(path)


def hash_ahead(paths: Iterable[Path]) -> threading.Thread:
    """Hash these files in a daemon thread, for the `sha256` calls that follow. A file that cannot be
    read is left to `sha256`, which raises its error where the caller expects it."""
    todo: list[tuple[Path, threading.Event, list[str]]] = [(Path(p), threading.Event(), []) for p in paths]
    with _lock:
        for path, done, box in todo:
            _ahead[path] = (done, box)

    def work() -> None:
        for path, done, box in todo:
            try:
                box.append(_digest(path))
            except OSError:
                pass
            finally:
                done.set()

    thread = threading.Thread(target=work, name="plainspeak-checksums", daemon=True)
    thread.start()
    return thread
