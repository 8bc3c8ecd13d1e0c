"""YAML parsing for the data files (rules, transforms, settings, house style): libyaml's C parser
when PyYAML was built with it (the wheels are), about ten times faster than the pure-Python one on
the transform data read at every start-up; the same safe constructor, so the same values."""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """yaml.safe_load(text), with the C parser where available."""
    return yaml.load(text, Loader=_LOADER)
