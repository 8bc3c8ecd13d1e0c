"""unless-only-if: Say-NO to Say-YES by structure: "We will not renew your policy unless the premium is
paid." -> "We will renew your policy only if the premium is paid."; "We do not accept returns unless the
item is unused." -> "We accept returns only if the item is unused." The same condition (Y is needed for
X), told as what will happen rather than what will not."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from .base import agree_tag, inflect
from .cannot_until import turned_positive

# the transform cannot fire without "unless" (restructure() skips the parse then)
CUE = re.compile(r"\bunless\b", re.IGNORECASE)

_MODALS = {"can", "ca", "will", "wo", "could", "would"}
_DO = {"do", "does", "did"}
# words that read wrongly once the "not" has gone ("will not charge any fee" -> "will charge any fee")
_NEGATIVE_POLARITY = {"any", "anything", "anyone", "anybody", "ever", "yet", "either"}


def _unless(verb: Token) -> Token | None:
    """The "unless" that opens a clause after the verb and hangs on it."""
    for c in verb.children:
        if c.dep_ == "advcl" and c.i > verb.i:
            first = c.left_edge
            if first.lower_ == "unless" and first.dep_ == "mark" and first.head.i == c.i:
                return first
    return None


def apply(doc: Doc) -> list[str]:
    out = []
    for verb in doc:
        if verb.dep_ != "ROOT" or verb.pos_ not in ("VERB", "AUX"):
            continue
        neg = next((c for c in verb.children if c.dep_ == "neg"), None)
        aux = next((c for c in verb.children if c.dep_ == "aux" and (c.lower_ in _MODALS or c.lower_ in _DO)), None)
        if neg is None or aux is None or neg.i != aux.i + 1:
            continue
        if any(c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") for c in verb.children):
            continue  # "will not X and will not Y unless Z": the "unless" covers both
        unless = _unless(verb)
        if sum(t.lower_ == "unless" for t in doc) != 1:
            continue  # "unless one of the exceptions applies, X could not ... unless ...": two conditions
        if unless is None or doc[unless.i + 1].lower_ in ("otherwise", "and", "or") or doc[unless.i + 1].pos_ == "ADP":
            continue  # "unless otherwise stated", "unless in writing": no clause to turn into a condition
        if any(t.dep_ == "neg" and t.i != neg.i for t in doc) or any(
            t.lower_ in ("no", "never", "nothing", "none", "nobody", "neither", "nor", "without") for t in doc
        ):
            continue  # a second negation: "only if ... not" is harder to follow than the original
        if any(t.lower_ in _NEGATIVE_POLARITY for t in doc[: unless.i]) or "at all" in doc[: unless.i].text.lower():
            continue
        if unless.i > 0 and doc[unless.i - 1].text == ",":
            continue  # ", unless ...": an afterthought, not the condition the sentence turns on
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or subject.i > aux.i:
            continue  # "Do not send it unless ...": an instruction, not a promise (must-to-please's ground)
        swap: dict[int, str] = {}
        if aux.lower_ in _DO:  # "does not apply" -> "applies"
            if any(c.dep_ == "aux" and c.i != aux.i for c in verb.children):
                continue
            tag = "VBD" if aux.lower_ == "did" else agree_tag("VBP", subject)
            swap = {aux.i: "", verb.i: inflect(verb.lemma_, tag, subject)}
        out.append(turned_positive(doc, neg, aux, unless, "only if", swap))
    return out
