"""Is a sentence regulatory text (a statute, a rule, an agency's notice) rather than copy written to
a customer? There some swaps are wrong: "the accountholder" is a third party, not "you", and
"bona fide" or "in connection with" are terms of art. Rules marked `not_in_regulation` stay silent
in such a sentence, and in every sentence of a document that has one (`analysis.analyze_document`)."""

from __future__ import annotations

import functools
import re

_REGULATION = re.compile(
    r"§"
    r"|\bU\.\s?S\.\s?C\.|\bC\.?F\.?R\b"
    r"|\b(?:[Tt]his|[Tt]hat|[Ss]uch) (?:part|subpart|section|paragraph|subparagraph|chapter|title)\b"
    r"|\bparagraphs? \((?:[a-z]|[0-9]+|[ivx]+)\)"
    r"|\b[Tt]he (?:Bureau|Board|Secretary|Administrator|Commission|Agency|Comptroller|Attorney General)\b"
    r"|\b(?:[Tt]his|[Tt]he) Act\b|\bCongress\b|\b[Cc]ommenters?\b|\b[Ss]ections? \d+(?:\.\d+)?[a-z]?\("
    r"|\b(?:[Ff]inal|[Pp]roposed|[Ii]nterim final) [Rr]ule\b"
    r"|\bRegulation [A-Z]{1,2}\b|\b(?:TILA|HOEPA|EFTA|RESPA|ECOA|FCRA|FDCPA|HMDA|Dodd-Frank)\b"
    r"|\b[Cc]omment \d"
)


@functools.lru_cache(maxsize=1024)  # asked once per marked rule for the same sentence
def is_regulation(sentence: str) -> bool:
    """A citation of a section, part or paragraph, or an agency or rule named in the third person."""
    return bool(_REGULATION.search(sentence))
