"""Reading inputs and writing outputs safely: never over an input, always atomically."""

from __future__ import annotations

import os
import stat
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


def default_mode() -> int:
    """The permission bits open() would give a new file under the current umask (mkstemp alone gives 0600)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(
    path: str | Path,
    data: str | bytes,
    *,
    inputs: tuple[str, ...] = (),
    overwrite: bool = False,
    mode: int | None = None,
) -> None:
    """Write via a temporary file in the same folder, fsync it, rename it into place, fsync the folder.

    Never writes over one of `inputs`; an existing target is replaced only with `overwrite` (the CLI's
    --force; batch decides beforehand what may be replaced). `mode`: the permission bits (default: the
    existing file's, else what open() would give).
    """
    target = Path(path)
    for given in inputs:
        if given != "-" and Path(given).exists() and target.exists() and target.samefile(given):
            raise PlainspeakError("E012", f"{target} is the input file; write the result somewhere else", "output")
    if target.exists() and not overwrite:
        raise PlainspeakError("E012", f"{target} exists; pass --force to replace it", "output")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if mode is None:
        mode = target.stat().st_mode if target.exists() else default_mode()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
            f.flush()
            os.fchmod(f.fileno(), stat.S_IMODE(mode))
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    except OSError:  # pragma: no cover - some file systems cannot fsync a folder
        pass
