"""Control prefixes, read from versioned files in prompts/<version>/<task>.txt."""

from __future__ import annotations

import functools
from pathlib import Path

from ..errors import PlainspeakError

DEFAULT_VERSION = "v1"
TASKS = ("simplify", "shorten", "split", "active", "say-yes")


def prompts_dir() -> Path:
    """prompts/ at the repository root (a source checkout), else the copy shipped in the package."""
    here = Path(__file__).resolve()
    for candidate in (here.parents[2] / "prompts", here.parent / "prompts"):
        if candidate.is_dir():
            return candidate
    raise PlainspeakError("E013", "the prompts/ folder with the model's control prefixes is missing")


@functools.cache
def load(version: str = DEFAULT_VERSION) -> dict[str, str]:
    """{task: prefix} for one version."""
    folder = prompts_dir() / version
    if not folder.is_dir():
        raise PlainspeakError("E013", f"no prompt version {version!r} in {folder.parent}")
    out = {p.stem: p.read_text(encoding="utf-8").strip() for p in sorted(folder.glob("*.txt"))}
    missing = [t for t in TASKS if t not in out]
    if missing:
        raise PlainspeakError("E013", f"prompt version {version} lacks {', '.join(missing)}")
    return out


def with_prefix(text: str, task: str = "simplify", version: str = DEFAULT_VERSION) -> str:
    prefix = load(version)[task]
    return f"{prefix} {text}" if prefix else text
