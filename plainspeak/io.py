"""Reading inputs and writing outputs safely: never over an input, always atomically."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from .errors import PlainspeakError


def read_input(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    p = Path(path)
    if not p.is_file():
        raise PlainspeakError("E010", f"{path}: no such file", "path")
    try:
        return p.read_bytes()
    except OSError as exc:
        raise PlainspeakError("E010", f"{path}: {exc.strerror}", "path") from exc


def write_atomic(path: str | Path, data: str | bytes, *, inputs: tuple[str, ...] = (), force: bool = False) -> None:
    """Write via a temporary file in the same folder and rename it into place."""
    target = Path(path)
    for given in inputs:
        if given != "-" and Path(given).exists() and target.exists() and target.samefile(given):
            raise PlainspeakError("E012", f"{target} is the input file; write the result somewhere else", "output")
    if target.exists() and not force:
        raise PlainspeakError("E012", f"{target} exists; pass --force to replace it", "output")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    umask = os.umask(0)
    os.umask(umask)
    mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~umask  # mkstemp makes 0600
    try:
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
