"""A bounded, thread-safe least-recently-used map: the one behind the process's caches (the
restructure stage's candidates, the model's sentence candidates, the server's whole results).

Bounded by a number of entries and, optionally, by the total of the sizes given with the values
(the server counts the characters of the cached texts). Hits and misses are counted."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any, Generic, TypeVar

V = TypeVar("V")
_MISSING: Any = object()


class LRU(Generic[V]):
    def __init__(self, max_entries: int, max_size: int | None = None) -> None:
        self.max_entries = max_entries
        self.max_size = max_size
        self._items: OrderedDict[Hashable, tuple[int, V]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable, default: Any = None) -> V | Any:
        """The value under `key` (now the most recently used), or `default`."""
        with self._lock:
            item = self._items.get(key, _MISSING)
            if item is _MISSING:
                self.misses += 1
                return default
            self._items.move_to_end(key)
            self.hits += 1
            return item[1]

    def put(self, key: Hashable, value: V, size: int = 0) -> None:
        """Store `value`; the least recently used entries go while a bound is exceeded."""
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._size -= old[0]
            self._items[key] = (size, value)
            self._size += size
            while self._items and (
                len(self._items) > self.max_entries or (self.max_size is not None and self._size > self.max_size)
            ):
                _, (gone, _) = self._items.popitem(last=False)
                self._size -= gone

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._items

    def __len__(self) -> int:
        return len(self._items)

    @property
    def size(self) -> int:
        return self._size

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._size = 0
            self.hits = self.misses = 0
