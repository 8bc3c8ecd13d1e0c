"""The server's result cache: a bounded LRU of whole rewrite results, exact by construction.

Key: the text, its format, every setting and the fingerprint of the package, rule data and
models (`plainspeak.fingerprint`). The pipeline is deterministic for a given key, so a hit is
what a fresh run returns; `accept` is applied to the cached result with `Result.with_accepted`,
which is what `pipeline.rewrite(..., accept=...)` does. Hits are deep copies, so no caller can
change what the next one gets. Bounded by entries and by the characters of the cached texts.
PLAINSPEAK_CACHE_ENTRIES=0 turns it off.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Hashable
from typing import Any

from ..lru import LRU

MAX_ENTRIES = 2048
MAX_CHARS = 8_000_000  # of cached source text; a result holds a few times this
_MISSING: Any = object()


def _env_int(name: str, default: int) -> int:
    try:
        return max(0, int(os.environ.get(name, default)))
    except ValueError:
        return default


class ResultCache:
    def __init__(self, max_entries: int | None = None, max_chars: int | None = None) -> None:
        self.max_entries = _env_int("PLAINSPEAK_CACHE_ENTRIES", MAX_ENTRIES) if max_entries is None else max_entries
        self.max_chars = MAX_CHARS if max_chars is None else max_chars
        self._lru: LRU[Any] = LRU(self.max_entries, self.max_chars)

    @property
    def enabled(self) -> bool:
        return self.max_entries > 0

    @staticmethod
    def key(kind: str, text: str | bytes, format: str, settings: Any, fingerprint: str) -> Hashable:
        data = settings.to_dict() if settings is not None else None
        return kind, text, format, json.dumps(data, sort_keys=True, default=str), fingerprint

    def get(self, key: Hashable) -> Any | None:
        if not self.enabled:
            return None
        value = self._lru.get(key, _MISSING)
        return None if value is _MISSING else copy.deepcopy(value)

    def put(self, key: Hashable, value: Any, size: int) -> None:
        if not self.enabled or size > self.max_chars:
            return
        self._lru.put(key, copy.deepcopy(value), size)

    def __len__(self) -> int:
        return len(self._lru)

    @property
    def hits(self) -> int:
        return self._lru.hits

    @property
    def misses(self) -> int:
        return self._lru.misses

    def stats(self) -> dict[str, int]:
        return {"entries": len(self._lru), "chars": self._lru.size, "hits": self.hits, "misses": self.misses}
