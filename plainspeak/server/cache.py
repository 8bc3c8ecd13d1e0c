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
import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

MAX_ENTRIES = 2048
MAX_CHARS = 8_000_000  # of cached source text; a result holds a few times this


def _env_int(name: str, default: int) -> int:
    try:
        return max(0, int(os.environ.get(name, default)))
    except ValueError:
        return default


class ResultCache:
    def __init__(self, max_entries: int | None = None, max_chars: int | None = None) -> None:
        self.max_entries = _env_int("PLAINSPEAK_CACHE_ENTRIES", MAX_ENTRIES) if max_entries is None else max_entries
        self.max_chars = MAX_CHARS if max_chars is None else max_chars
        self._items: OrderedDict[Hashable, tuple[int, Any]] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

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
        with self._lock:
            item = self._items.get(key)
            if item is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
        return copy.deepcopy(item[1])

    def put(self, key: Hashable, value: Any, size: int) -> None:
        if not self.enabled or size > self.max_chars:
            return
        value = copy.deepcopy(value)
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._chars -= old[0]
            self._items[key] = (size, value)
            self._chars += size
            while len(self._items) > self.max_entries or self._chars > self.max_chars:
                _, (s, _) = self._items.popitem(last=False)
                self._chars -= s

    def __len__(self) -> int:
        return len(self._items)

    def stats(self) -> dict[str, int]:
        return {"entries": len(self._items), "chars": self._chars, "hits": self.hits, "misses": self.misses}
