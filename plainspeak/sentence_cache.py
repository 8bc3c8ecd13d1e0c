"""Sentence-level cache of the seq2seq model's candidates: the costliest step of a rewrite.

Copy repeats itself (sign-offs, legal lines, a CMS sending the same paragraph while an editor
accepts and rejects), so each sentence's candidates are kept, keyed by the sentence text, the
decoding settings (tasks, protected terms, confidence floor, split leads) and the model, rule
data and code (`plainspeak.fingerprint`; the allowed vocabulary is a function of the sentence and
the rule data, computed only for the sentences decoded). Only the sentences not in the cache are
decoded, batched together as before. Decoding is deterministic (greedy) and a sentence's rows do
not depend on the other rows of its batch, so a hit is what decoding would return:
tests/test_caches.py checks whole results with a warm and a cold cache against each other.
Bounded (least recently used goes first); PLAINSPEAK_SENTENCE_CACHE=0 turns it off.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from .lru import LRU

MAX_ENTRIES = 20_000
_entries: LRU[list[str]] = LRU(MAX_ENTRIES)


class _Stats(Mapping[str, int]):
    """hits and misses (per sentence) since the last `clear()`, read from the cache itself."""

    def __getitem__(self, key: str) -> int:
        return {"hits": _entries.hits, "misses": _entries.misses}[key]

    def __iter__(self) -> Iterator[str]:
        return iter(("hits", "misses"))

    def __len__(self) -> int:
        return 2


stats = _Stats()


def max_entries() -> int:
    try:
        return max(0, int(os.environ.get("PLAINSPEAK_SENTENCE_CACHE", MAX_ENTRIES)))
    except ValueError:
        return MAX_ENTRIES


def clear() -> None:
    _entries.clear()


def propose(
    rewriter: Any,
    texts: Sequence[str],
    tasks: Sequence[str],
    *,
    terms: Sequence[str] = (),
    min_confidence: float = 0.0,
    vocabulary: Callable[[str], frozenset[str]] | None = None,
    leads: Sequence[Sequence[str]] | None = None,
    grade: float | None = None,
) -> list[list[str]]:
    """`rewriter.propose(texts, tasks, vocabularies=[vocabulary(t) ...], ...)` with each sentence's
    candidates cached."""
    limit = max_entries()
    kwargs: dict[str, Any] = {"terms": terms, "min_confidence": min_confidence, "grade": grade}

    def vocabularies(sub: Sequence[str]) -> list[frozenset[str]] | None:
        return [vocabulary(t) for t in sub] if vocabulary is not None else None

    if limit == 0:
        return rewriter.propose(list(texts), tuple(tasks), vocabularies=vocabularies(texts), leads=leads, **kwargs)
    from .fingerprint import fingerprint

    version = fingerprint(str(getattr(rewriter, "path", "")))
    keys = [
        (
            version,
            t,
            tuple(tasks),
            tuple(sorted(terms)),
            min_confidence,
            vocabulary is not None,
            tuple(leads[i]) if leads is not None else None,
            grade,
        )
        for i, t in enumerate(texts)
    ]
    found: dict[int, list[str]] = {}
    for i, k in enumerate(keys):
        hit = _entries.get(k)
        if hit is not None:
            found[i] = list(hit)
    todo = [i for i in range(len(texts)) if i not in found]
    if todo:
        fresh = rewriter.propose(
            [texts[i] for i in todo],
            tuple(tasks),
            vocabularies=vocabularies([texts[i] for i in todo]),
            leads=[leads[i] for i in todo] if leads is not None else None,
            **kwargs,
        )
        fresh = fresh or [[] for _ in todo]  # propose() returns [] when there is nothing to decode
        _entries.max_entries = limit
        for i, cands in zip(todo, fresh):
            found[i] = list(cands)
            _entries.put(keys[i], list(cands))
    return [found[i] for i in range(len(texts))]
