"""Is a sentence regulatory text (a statute, a rule, an agency's notice) rather than copy written to
a customer? There some swaps are wrong: "the accountholder" is a third party, not "you", and
"bona fide" or "in connection with" are terms of art. Rules marked `not_in_regulation` stay silent
in such a sentence, and in every sentence of a document that has one or that reads as one
(`is_regulatory_document`; `analysis.analyze_document`)."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

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


# the parties a rule or notice speaks of in the third person
_PARTIES = re.compile(
    r"\b(?:creditors?|consumers?|providers?|borrowers?|lenders?|senders?|recipients?|institutions?|applicants?"
    r"|respondents?|obligors?|assignees?|originators?|accountholders?|customers?|issuers?|servicers?)\b",
    re.IGNORECASE,
)
_READER = re.compile(r"\b(?:you|your|yours|yourself)\b", re.IGNORECASE)
MIN_PARTIES = 2  # different party words


def is_regulatory_document(sentences: Sequence[str]) -> bool:
    """A document with a regulatory sentence, or one that never speaks to its reader and names at least
    two kinds of party in the third person ("providers ... senders ... recipient institution"): a
    paragraph cut from a notice, where "remittance transfer" and "determines" are terms of art."""
    if any(is_regulation(s) for s in sentences):
        return True
    if any(_READER.search(s) for s in sentences):
        return False
    kinds = {m.group(0).lower().rstrip("s") for s in sentences for m in _PARTIES.finditer(s)}
    return len(kinds) >= MIN_PARTIES
