"""Control prefixes, read from versioned files in prompts/<version>/<task>.txt."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from ..errors import PlainspeakError

DEFAULT_VERSION = "v1"
TASKS = ("simplify", "shorten", "split", "active", "say-yes")


def prompts_dir() -> Path:
    """prompts/ at the repository root: plainspeak runs from its checkout (`pip install -e .`, as
    scripts/setup.sh does), and the prompts are versioned beside the code, not inside the package."""
    folder = Path(__file__).resolve().parents[2] / "prompts"
    if not folder.is_dir():
        raise PlainspeakError("E013", f"the prompts/ folder with the model's control prefixes is missing ({folder})")
    return folder


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


@functools.cache
def controls(version: str = DEFAULT_VERSION) -> dict[str, Any] | None:
    """The control-token settings of a version (`controls.json`: the buckets and the values used at
    inference), or None for a version whose prefixes carry no controls."""
    path = prompts_dir() / version / "controls.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if not {"grade", "ratio", "grade_range", "ratio_range"} <= set(data):
        raise PlainspeakError("E013", f"{path} needs grade, ratio, grade_range and ratio_range")
    return data


def grade_token(grade: float, spec: dict[str, Any]) -> str:
    """A reading grade as its control value: the nearest even grade inside grade_range."""
    lo, hi = spec["grade_range"]
    return str(int(min(hi, max(lo, 2 * round(grade / 2)))))


def ratio_token(ratio: float, spec: dict[str, Any]) -> str:
    """A length ratio (output characters / input characters) as its control value, in tenths."""
    lo, hi = spec["ratio_range"]
    return f"{min(hi, max(lo, round(ratio, 1))):.1f}"


def with_prefix(
    text: str,
    task: str = "simplify",
    version: str = DEFAULT_VERSION,
    grade: float | None = None,
    ratio: float | None = None,
) -> str:
    """The model's input: the task's prefix, then the text. A version with controls fills the
    prefix's {grade} and {ratio} slots: in training from the pair's target, at inference from the
    target grade and the task's ratio in controls.json."""
    prefix = load(version)[task]
    spec = controls(version)
    if spec is not None:
        prefix = prefix.format(
            grade=grade_token(spec["grade"] if grade is None else grade, spec),
            ratio=ratio_token(spec["ratio"][task] if ratio is None else ratio, spec),
        )
    return f"{prefix} {text}" if prefix else text
