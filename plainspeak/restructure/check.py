"""Run every transform's examples: `python -m plainspeak.restructure.check` (exit 1 on a problem)."""

from __future__ import annotations

import sys

from . import TRANSFORMS, Transform, restructure


def check_transform(t: Transform) -> list[str]:
    """Problems with one transform: an example that does not give exactly its expected output,
    or a must-not text on which it fires."""
    problems = []
    for ex in t.examples:
        got = [r.text for r in restructure(ex["text"], lists=t.lists, only={t.name})]
        if ex["expect"] not in got:
            problems.append(f"{t.code} {t.name}: {ex['text']!r} gives {got!r}, expected {ex['expect']!r}")
    for text in t.must_not:
        got = [r.text for r in restructure(text, lists=True, only={t.name})]
        if got:
            problems.append(f"{t.code} {t.name}: fires on its must-not text {text!r}: {got!r}")
    return problems


def main() -> int:
    problems = [p for t in TRANSFORMS for p in check_transform(t)]
    for p in problems:
        print(p)
    print(
        f"{len(TRANSFORMS)} transforms, {sum(len(t.examples) for t in TRANSFORMS)} examples, "
        f"{sum(len(t.must_not) for t in TRANSFORMS)} must-not texts; {len(problems)} problem(s)"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
