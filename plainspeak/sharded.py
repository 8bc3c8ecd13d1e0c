"""A large read-only str-keyed table kept in the cache folder as shards, each decoded on first use.

A command that looks up forty words in a 134,000-word dictionary should not decode all of it: the
table is stored as SHARDS marshal blobs (a key's shard: crc32 of its UTF-8 bytes), reading the file
costs one copy of its bytes, and a lookup decodes only its key's shard (a sixty-fourth of the table).
"""

from __future__ import annotations

import hashlib
import marshal
import zlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

SHARDS = 64


def shard_of(key: str) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % SHARDS


def split(table: Mapping[str, Any]) -> tuple[bytes, ...]:
    """The table as SHARDS marshal blobs (what `ShardedTable` reads; plain data values only)."""
    shards: list[dict[str, Any]] = [{} for _ in range(SHARDS)]
    for key, value in table.items():
        shards[shard_of(key)][key] = value
    return tuple(marshal.dumps(s) for s in shards)


class ShardedTable(Mapping[str, Any]):
    """A read-only mapping over `split`'s blobs, with the values the original table held."""

    def __init__(self, blobs: tuple[bytes, ...]) -> None:
        if len(blobs) != SHARDS:
            raise ValueError(f"expected {SHARDS} shards, got {len(blobs)}")
        self._blobs = blobs
        self._shards: list[dict[str, Any] | None] = [None] * SHARDS

    def _shard(self, i: int) -> dict[str, Any]:
        shard = self._shards[i]
        if shard is None:
            shard = self._shards[i] = marshal.loads(self._blobs[i])
        return shard

    def __getitem__(self, key: str) -> Any:
        return self._shard(shard_of(key))[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self._shard(shard_of(key)).get(key, default)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._shard(shard_of(key))

    def __iter__(self) -> Iterator[str]:
        for i in range(SHARDS):
            yield from self._shard(i)

    def __len__(self) -> int:
        return sum(len(self._shard(i)) for i in range(SHARDS))


def cached_table(prefix: str, source: Path, build: Callable[[], Mapping[str, Any]]) -> ShardedTable:
    """The table `build()` derives from the file `source`, kept in the cache folder in shards: named by
    `prefix` and the file's path, size and modification time (no read of the file when the entry is
    there), built and stored when it is not."""
    from .cachedir import cached

    st = source.stat()
    key = hashlib.sha256(f"{source}|{st.st_size}|{st.st_mtime_ns}".encode()).hexdigest()[:16]
    return ShardedTable(cached(f"{prefix}-{key}.marshal", lambda: split(build())))
