"""Is a sentence regulatory text (a statute, a rule, an agency's notice) rather than copy written to
a customer? There some swaps are wrong: "the accountholder" is a third party, not "you", and
"bona fide" or "in connection with" are terms of art. Rules marked `not_in_regulation` stay silent
in such a sentence."""

from __future__ import annotations

import re

_REGULATION = re.compile(
    r"§"
    r"|\bU\.\s?S\.\s?C\.|\bC\.?F\.?R\b"
    r"|\b(?:this|that|such) (?:part|subpart|section|paragraph|subparagraph|chapter|title)\b"
    r"|\bparagraphs? \((?:[a-z]|[0-9]+|[ivx]+)\)"
    r"|\bthe (?:Bureau|Board|Secretary|Administrator|Commission|Agency|Comptroller|Attorney General)\b"
    r"|\b(?:this|the) Act\b|\bCongress\b|\bcommenters?\b|\bsection \d+[a-z]?\("
    r"|\b(?:final|proposed|interim final) rule\b"
    r"|\bRegulation [A-Z]{1,2}\b"
    r"|\bcomment \d"
)


def is_regulation(sentence: str) -> bool:
    """A citation of a section, part or paragraph, or an agency or rule named in the third person."""
    return bool(_REGULATION.search(sentence))
