"""Built-in style checks that need code, not a phrase list: passive voice, long sentences,
shouting, and splitting a long sentence at a safe joint. Each is a Rule with examples,
so it is documented and tested like the data rules."""

from __future__ import annotations

import re

from ..readability import word_count
from .matcher import Match
from .model import Rule

_IRREGULAR = (
    "been born borne bought brought built caught chosen come done drawn driven eaten fallen felt found forgiven "
    "forgotten frozen given gone grown heard held hidden hit hurt kept known laid led left lent let lost made "
    "meant met paid put read rung risen run said seen sent set shaken shown shut sold sought spent spoken stolen "
    "struck sworn taken taught thrown told understood undertaken withdrawn withheld won worn written"
).split()
_PASSIVE = re.compile(
    r"\b(?:am|is|are|was|were|be|been|being|get|gets|got|gotten)\s+(?:\w+ly\s+)?"
    r"(?:\w+ed|" + "|".join(_IRREGULAR) + r")\b(?!\s+(?:to|that)\b)",
    re.I,
)
_NOT_PARTICIPLE = {
    "need",
    "feed",
    "bed",
    "red",
    "shed",
    "seed",
    "speed",
    "bred",
    "tired",
    "interested",
    "excited",
    "pleased",
    "delighted",
    "concerned",
    "located",
    "based",
    "supposed",
    "used",
    "advanced",
    "detailed",
    "limited",
    "dedicated",
    "related",
    "qualified",
    "experienced",
}
_CAPS_RUN = re.compile(r"\b[A-Z]{3,}(?:[\s!,]+[A-Z]{2,})+\b|\b[A-Z]{6,}\b")
_JOINT = re.compile(r"(;\s+|,\s+(?=(?:and|but|so)\s))")

PASSIVE = Rule(
    code="PS9001",
    category="style",
    kind="flag",
    safe=True,
    source="plainspeak",
    message="passive voice",
    reason="Say who does what: active sentences are clearer and warmer.",
    patterns=(),
    regex=_PASSIVE.pattern,
    fire=("Your payment was received by our team.", "The form must be completed online."),
    must_pass=("We received your payment.", "We are pleased to help you."),
)
LONG = Rule(
    code="PS9002",
    category="style",
    kind="flag",
    safe=True,
    source="plainspeak",
    message="long sentence",
    reason="Long sentences are hard to follow; aim for 15 to 20 words.",
    patterns=(),
    regex=r".+",
    fire=(
        "We will review the information that you have provided to us together with any other documents that "
        "we hold on file and we will then write to you again within the next few weeks to explain our decision.",
    ),
    must_pass=("We will write to you within two weeks.",),
)
SHOUTING = Rule(
    code="PS9003",
    category="style",
    kind="flag",
    safe=True,
    source="plainspeak",
    message="ALL-CAPS shouting",
    reason="Capitals read as shouting and are harder to read.",
    patterns=(),
    regex=_CAPS_RUN.pattern,
    fire=("DO NOT MISS this offer.", "This is URGENT: reply today."),
    must_pass=("Download the PDF from your account.", "Call the FAQ line."),
)
SPLIT = Rule(
    code="PS9010",
    category="style",
    kind="reframe",
    safe=False,
    source="plainspeak",
    message="split a long sentence",
    reason="Two short sentences are easier to read than one long one.",
    patterns=(),
    regex=_JOINT.pattern,
    replace=(". ",),
    fire=(
        "We have received your request for a refund of the charge on your account, and we will look into it "
        "carefully and write back to you within ten working days with our answer.",
    ),
    must_pass=("We received your request, and we will reply soon.",),
)
ABOVE_TARGET = Rule(
    code="PS9004",
    category="style",
    kind="flag",
    safe=True,
    source="plainspeak",
    message="above the target reading grade",
    reason="Readers skim: a sentence above your target grade loses many of them.",
    patterns=(),
    regex=r".+",
    fire=(
        "Notwithstanding the aforementioned considerations, remuneration eligibility determinations necessitate "
        "comprehensive documentation.",
    ),
    must_pass=("Please send us your bank statement.",),
)
STYLE_RULES = (PASSIVE, LONG, SHOUTING, ABOVE_TARGET, SPLIT)


def _free(s: int, e: int, protected: list[tuple[int, int]]) -> bool:
    return not any(s < pe and ps < e for ps, pe in protected)


def passive(sentence: str, protected: list[tuple[int, int]]) -> list[Match]:
    out = []
    for m in _PASSIVE.finditer(sentence):
        if m.group(0).split()[-1].lower() in _NOT_PARTICIPLE or not _free(m.start(), m.end(), protected):
            continue
        out.append(Match(PASSIVE, m.start(), m.end(), m.group(0), None))
    return out


def long_sentence(sentence: str, limit: int) -> list[Match]:
    n = word_count(sentence)
    if n <= limit:
        return []
    return [Match(LONG, 0, len(sentence), sentence, None)]


def above_target(sentence: str, grade: float, target: float, min_words: int = 8) -> list[Match]:
    if word_count(sentence) < min_words or grade <= target:
        return []
    return [Match(ABOVE_TARGET, 0, len(sentence), sentence, None)]


def shouting(sentence: str, protected: list[tuple[int, int]]) -> list[Match]:
    return [
        Match(SHOUTING, m.start(), m.end(), m.group(0), None)
        for m in _CAPS_RUN.finditer(sentence)
        if _free(m.start(), m.end(), protected)
    ]


def split_long(
    sentence: str, protected: list[tuple[int, int]], limit: int, min_part: int = 6, above_target: bool = False
) -> list[Match]:
    """Split a sentence over `limit` words (or over 15 words and above the target grade) at its
    most central '; ' or ', and/but/so' joint."""
    n = word_count(sentence)
    if n <= limit and not (above_target and n > 15):
        return []
    best: tuple[float, re.Match[str]] | None = None
    for m in _JOINT.finditer(sentence):
        left, right = sentence[: m.start()], sentence[m.end() :]
        if word_count(left) < min_part or word_count(right) < min_part or not _free(m.start(), m.end(), protected):
            continue
        balance = abs(word_count(left) - word_count(right))
        if best is None or balance < best[0]:
            best = (balance, m)
    if best is None:
        return []
    m = best[1]
    rest = sentence[m.end() :]
    joint = m.group(0)
    # ", and we will" -> ". We will"; "; we" -> ". We"
    if joint.startswith(","):
        conj = re.match(r"(?:and|but|so)\s+", rest)
        word_end = m.end() + (conj.end() if conj else 0)
        lead = sentence[word_end : word_end + 1]
        if conj and conj.group(0).lower().startswith("and"):
            span_end = word_end + 1
            replacement = ". " + lead.upper()
        else:  # keep "But" and "So": they carry meaning
            span_end = m.end() + 1
            replacement = ". " + sentence[m.end()].upper()
    else:
        span_end = m.end() + 1
        replacement = ". " + sentence[m.end()].upper()
    return [Match(SPLIT, m.start(), span_end, sentence[m.start() : span_end], replacement)]
