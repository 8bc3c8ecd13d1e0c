"""Protected spans go into the model as sentinel tokens and come back out restored.

"Pay {{amount}} by June 3." -> "Pay <p0> by <p1>." ; the model never sees (or can invent)
the amount or the date, and constrained decoding makes it emit each sentinel exactly once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..segment.protect import find_protected

MAX_SENTINELS = 32
PLAIN_FORMAT = "<p{}>"  # the shipped tokenizer's sentinels
T5_FORMAT = "<extra_id_{}>"  # what a stock (flan-)T5 tokenizer has
_ANY = re.compile(r"<p(\d+)>|<extra_id_(\d+)>")


@dataclass
class Masked:
    text: str  # the sentence with sentinels
    items: list[str]  # items[i] is what sentinel i stands for
    fmt: str = PLAIN_FORMAT

    def sentinels(self) -> list[str]:
        return [self.fmt.format(i) for i in range(len(self.items))]


def mask(text: str, terms: Iterable[str] = (), fmt: str = PLAIN_FORMAT) -> Masked:
    """Replace every protected span (placeholder, URL, number, date, money, term...) by a sentinel.
    Repeated identical items get one sentinel each, in order. Beyond MAX_SENTINELS, spans stay as text."""
    spans = find_protected(text, terms=terms)[:MAX_SENTINELS]
    out: list[str] = []
    items: list[str] = []
    pos = 0
    for sp in spans:
        out.append(text[pos : sp.start])
        out.append(fmt.format(len(items)))
        items.append(sp.text)
        pos = sp.end
    out.append(text[pos:])
    return Masked("".join(out), items, fmt)


def found(text: str) -> list[int]:
    """Sentinel numbers in `text`, in order (either format)."""
    return [int(m.group(1) or m.group(2)) for m in _ANY.finditer(text)]


def unmask(text: str, masked: Masked) -> str | None:
    """Restore the items; None when the sentinels are not exactly the input's (each once)."""
    seen = found(text)
    if sorted(seen) != list(range(len(masked.items))):
        return None
    return _ANY.sub(lambda m: masked.items[int(m.group(1) or m.group(2))], text)
