"""The parser model's attribute ruler (fine tag -> part of speech and morphology, and a few word
exceptions), applied without spaCy's Matcher.

`en_core_web_sm`'s `attribute_ruler` holds 179 token patterns; spaCy runs them through its general
Matcher, about a fifth of a sentence's parse on the reference machine. Every pattern here tests a
token's TAG, LOWER, DEP or IS_SPACE (equal, IN, NOT_IN, REGEX), so each token needs only the patterns
filed under its own tag, word or both, tested on the string ids of one `Doc.to_array` call. The result
is the ruler's: matches are found before any attribute is set, then applied in the ruler's order
(pattern number, then position, so a later pattern wins) with the ruler's own normalised attributes
and spaCy's `set_token_attrs`. tests/test_restructure.py compares every token's attributes with the
stock component on real text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Row = tuple[int, int, int, int]  # a token's TAG, LOWER, DEP (string ids) and IS_SPACE, from Doc.to_array
Test = Callable[[Row], bool]
COLUMNS = ("TAG", "LOWER", "DEP", "IS_SPACE")


class Unsupported(ValueError):
    """A pattern this ruler cannot run (an attribute or operator the shipped model does not use)."""


def _test(attr: str, want: Any, strings: Any) -> Test:
    if attr not in COLUMNS:
        raise Unsupported(f"attribute {attr}")
    k = COLUMNS.index(attr)

    def sid(value: Any) -> int:
        return int(value) if attr == "IS_SPACE" else strings.add(str(value))

    if not isinstance(want, dict):
        one = sid(want)
        return lambda row: row[k] == one
    if len(want) != 1:
        raise Unsupported(f"{attr}: {want}")
    ((op, arg),) = want.items()
    if op == "IN":
        allowed = frozenset(sid(v) for v in arg)
        return lambda row: row[k] in allowed
    if op == "NOT_IN":
        banned = frozenset(sid(v) for v in arg)
        return lambda row: row[k] not in banned
    if op == "REGEX" and attr != "IS_SPACE":
        rx = re.compile(arg)
        return lambda row: rx.search(strings[row[k]]) is not None
    raise Unsupported(f"{attr}: operator {op}")


def _token_test(spec: dict[str, Any], strings: Any) -> Test:
    if "OP" in spec:
        raise Unsupported("OP")
    tests = [_test(attr, want, strings) for attr, want in spec.items()]
    if len(tests) == 1:
        return tests[0]
    return lambda row: all(f(row) for f in tests)


def _keys(spec: dict[str, Any], attr: str, strings: Any) -> list[int] | None:
    """The string ids of `attr` this token pattern can match (equal or IN), or None when any can."""
    want = spec.get(attr)
    if isinstance(want, str):
        return [strings.add(want)]
    if isinstance(want, dict) and set(want) == {"IN"}:
        return [strings.add(str(v)) for v in want["IN"]]
    return None


class FastAttributeRuler:
    """Callable like the stock `AttributeRuler` it is built from (`FastAttributeRuler(nlp.get_pipe(...))`)."""

    def __init__(self, ruler: Any) -> None:
        from spacy.attrs import IDS
        from spacy.tokens._retokenize import set_token_attrs

        self._set = set_token_attrs
        self._columns = [IDS[c] for c in COLUMNS]
        self._attrs = list(ruler.attrs)  # normalised (ids), as the ruler sets them
        strings = ruler.vocab.strings
        # one-token patterns filed by the TAG and/or LOWER ids they need (0: any), each with a test of
        # its other conditions (None: no other condition)
        self._filed: dict[tuple[int, int], list[tuple[int, Test | None]]] = {}
        # longer patterns, filed by their first token's LOWER ids (0: any): (pattern number, one test per token)
        self._spans: dict[int, list[tuple[int, list[Test]]]] = {}
        self._index: dict[int, int] = {}
        self._candidates: dict[tuple[int, int], tuple[tuple[int, Test | None], ...]] = {}
        for number, entry in enumerate(ruler.patterns):
            index = int(entry.get("index", 0))
            for pattern in entry["patterns"]:
                if len(pattern) > 1:
                    tests = [_token_test(spec, strings) for spec in pattern]
                    for word in _keys(pattern[0], "LOWER", strings) or [0]:
                        self._spans.setdefault(word, []).append((number, tests))
                    self._index[number] = index
                    continue
                if index not in (0, -1):
                    raise Unsupported(f"index {index} on a one-token pattern")
                spec = pattern[0]
                tags, words = _keys(spec, "TAG", strings), _keys(spec, "LOWER", strings)
                rest = {k: v for k, v in spec.items() if not (k == "TAG" and tags or k == "LOWER" and words)}
                test = _token_test(rest, strings) if rest else None
                for tag in tags or [0]:
                    for word in words or [0]:
                        self._filed.setdefault((tag, word), []).append((number, test))

    def _for(self, tag: int, word: int) -> tuple[tuple[int, Test | None], ...]:
        """The one-token patterns a token with this tag and word may match."""
        found = self._candidates.get((tag, word))
        if found is None:
            filed = self._filed
            found = tuple(
                (
                    *filed.get((tag, word), ()),
                    *filed.get((tag, 0), ()),
                    *filed.get((0, word), ()),
                    *filed.get((0, 0), ()),
                )
            )
            if len(self._candidates) > 50_000:
                self._candidates.clear()
            self._candidates[(tag, word)] = found
        return found

    def matches(self, doc: Any) -> list[tuple[int, int, int]]:
        """(pattern number, start, end) of every match, in the order the stock ruler applies them."""
        found: list[tuple[int, int, int]] = []
        rows: list[Row] = [tuple(r) for r in doc.to_array(self._columns).tolist()]
        for i, row in enumerate(rows):
            for number, test in self._for(row[0], row[1]):
                if test is None or test(row):
                    found.append((number, i, i + 1))
        n, spans, anywhere = len(rows), self._spans, self._spans.get(0, ())
        for start, row in enumerate(rows):
            for number, tests in (*spans.get(row[1], ()), *anywhere) if row[1] else anywhere:
                width = len(tests)
                if start + width <= n and all(test(rows[start + k]) for k, test in enumerate(tests)):
                    found.append((number, start, start + width))
        found.sort()
        return found

    def __call__(self, doc: Any) -> Any:
        for number, start, end in self.matches(doc):
            index = self._index.get(number, 0)
            self._set(doc[start + index] if index >= 0 else doc[end + index], self._attrs[number])
        return doc
