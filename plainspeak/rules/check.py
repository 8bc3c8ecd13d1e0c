"""Validate the rule data and run every rule's examples: `python -m plainspeak.rules.check`."""

from __future__ import annotations

import sys
from collections import Counter

from ..errors import PlainspeakError
from .matcher import compile_rule, sentence_words
from .schema import Rule, load_rules


def rule_hits(rule: Rule, text: str) -> list[str]:
    """What `rule` matches in `text`, segmented as the pipeline would (protected spans honoured)."""
    from ..segment import segment  # local: segment imports nothing from rules, keep it that way

    doc = segment(text, "text")
    matcher = compile_rule(rule)
    hits: list[str] = []
    for s in doc.sentences:
        prot = [(p.start - s.start, p.end - s.start) for p in s.protected]
        hits += [m.text for m in matcher.find(s.text, prot, sentence_words(s.text))]
    return hits


def _split_by_context(pair: list[Rule]) -> bool:
    """Two rules that share a pattern but never fire at the same place: one's `not_before` is the
    other's `needs_before` (PS5010 and PS5041: who acts decides the plain form)."""
    a, b = pair
    return bool(a.not_before) and (a.not_before, a.needs_before) == (b.needs_before, b.not_before)


def check_rules(rules: tuple[Rule, ...]) -> list[str]:
    problems: list[str] = []
    patterns = Counter(p.lower() for r in rules for p in r.patterns)
    for p, n in patterns.items():
        if n == 2 and _split_by_context([r for r in rules if p in (q.lower() for q in r.patterns)]):
            continue
        if n > 1:
            problems.append(f"pattern {p!r} appears in {n} rules")
    for r in rules:
        for text in r.fire:
            if not rule_hits(r, text):
                problems.append(f"{r.code} ({r.category}) does not fire on its example: {text!r}")
        for text in r.must_pass:
            hits = rule_hits(r, text)
            if hits:
                problems.append(f"{r.code} ({r.category}) fires on its must-not-fire example {text!r}: {hits}")
    return problems


def main() -> int:
    try:
        rules = load_rules()
    except PlainspeakError as exc:
        print(exc, file=sys.stderr)
        return 1
    problems = check_rules(rules)
    for p in problems:
        print(p)
    by_cat = Counter(r.category for r in rules)
    print(
        f"{len(rules)} rules ({', '.join(f'{c} {n}' for c, n in sorted(by_cat.items()))}); {len(problems)} problem(s)"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
