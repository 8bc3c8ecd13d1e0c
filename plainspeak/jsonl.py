"""`plainspeak rewrite --jsonl` records: the fields a line may carry besides id, text and format.

Extra fields (a CMS's `locale`, `revision`, `path`...) are copied unchanged into the output
line, after the result (or the error), so a pipeline can join outputs back to its records.
A field whose name the output line itself uses would be overwritten or would overwrite the
result, so it is refused (E011) with the field named.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

INPUT_FIELDS = ("id", "text", "format")
# Every key an output line can have: the short result, the --json result and an error.
OUTPUT_FIELDS = frozenset(
    {
        "output",
        "format",
        "changes",
        "grade_before",
        "grade_after",
        "version",
        "flags",
        "scores",
        "verdicts",
        "sentences",
        "settings",
        "error",
    }
)


def extra_fields(record: Mapping[str, Any], line: int) -> dict[str, Any]:
    """The fields of `record` besides id, text and format, in their order; E011 for a name the output uses."""
    from .errors import PlainspeakError

    extras = {k: v for k, v in record.items() if k not in INPUT_FIELDS}
    clash = sorted(k for k in extras if k in OUTPUT_FIELDS)
    if clash:
        raise PlainspeakError(
            "E011",
            f"line {line}: field(s) {clash} would clash with the output line's own field(s) of that name; rename them",
            clash[0],
        )
    return extras
