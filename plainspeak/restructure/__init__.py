"""Sentence restructuring from a dependency parse: split long sentences, active voice, main point
first, Say-YES structures. Each transform is a coded, explained rewrite of one whole sentence.

    from plainspeak.restructure import restructure, TRANSFORMS
    restructure("Your application will be reviewed by our team, which takes 5 days.")

The transforms are described in `transforms.yaml` (code, name, reason, examples that must and
must not fire) and implemented one per module. Every candidate is checked before it is returned:
the same protected items, numbers and negations (less what a Say-YES transform removes on
purpose), each sentence capitalised and closed. The parse is spaCy's (see `parse.py`); a
sentence is parsed once, plus once more for each single-sentence rewrite that a split may follow,
and once for the longest new sentence of each split (which may be split again).
"""

from __future__ import annotations

import functools
import importlib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import yamlload
from ..errors import PlainspeakError
from ..readability import word_count
from ..segment.protect import find_protected
from ..segment.sentences import split_sentences
from ..verify import negations, numbers
from .reader import SAYS_YOU, document_speaks_to_reader

DATA = Path(__file__).with_name("transforms.yaml")
MAX_CANDIDATES = 8
COMPOSE_MIN_WORDS = 16  # a single-sentence rewrite this long is offered to the split transforms too
_KINDS = ("split", "reorder")
# a condition moved to the end covers the whole main clause; splitting that clause would leave it behind
_NO_SPLIT_AFTER = {"main-first"}
# the Say-YES reframes: after one, a sentence may take one more single-sentence rewrite (_reword_whole)
SAY_YES = {"cannot-until", "unless-only-if", "must-to-please", "failure-to-please", "not-permitted"}
# the changes of voice: after one, the sentence may take one more (two passives, "we" and "you")
VOICE = {"passive-to-active", "you-subject", "we-subject"}
_PRONOUN_START = re.compile(r"(?:It|This|That|They|These|Those|He|She|Its|Their|His|Her)\b")


@dataclass(frozen=True)
class Restructuring:
    """One candidate rewrite of a whole sentence (`text` may hold several sentences)."""

    code: str
    name: str
    text: str
    message: str
    reason: str


@dataclass(frozen=True)
class Transform:
    """A transform's descriptor: the data from transforms.yaml and the function that applies it."""

    code: str
    name: str
    module: str
    kind: str
    message: str
    reason: str
    examples: tuple[dict[str, str], ...]
    must_not: tuple[str, ...]
    negation_ok: int = 0
    lists: bool = False
    # the meaning threshold its candidates need, where it is lower than the stage's (a deterministic
    # rewording whose structure the transform checks: "customers who" -> "if you" scores about 0.75-0.85)
    similarity: float | None = None
    apply: Callable = field(default=None, repr=False, compare=False)  # type: ignore[assignment]
    # the module's CUE: words a sentence must contain for the transform to have a chance (no parse without)
    cue: re.Pattern[str] | None = field(default=None, repr=False, compare=False)
    # the module's READER: it fires only in copy to the reader (the sentence or its document says "you")
    reader: bool = field(default=False, repr=False, compare=False)

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
            "message": self.message,
            "reason": self.reason,
            "negation_ok": self.negation_ok,
            "lists": self.lists,
            "similarity": self.similarity,
            "examples": [dict(e) for e in self.examples],
            "must_not": list(self.must_not),
        }


def _bad(msg: str) -> PlainspeakError:
    return PlainspeakError("E008", f"{DATA.name}: {msg}", "restructure")


def load_transforms(path: Path = DATA) -> list[Transform]:
    """Read and validate the transform data, binding each entry to its module's `apply`."""
    raw = yamlload.safe_load(path.read_text(encoding="utf-8"))
    entries = raw.get("transforms") if isinstance(raw, dict) else None
    if not isinstance(entries, list) or not entries:
        raise _bad("needs a non-empty 'transforms' list")
    out: list[Transform] = []
    for e in entries:
        known = {
            "code",
            "name",
            "module",
            "kind",
            "message",
            "reason",
            "examples",
            "must_not",
            "negation_ok",
            "lists",
            "similarity",
        }
        if not isinstance(e, dict) or set(e) - known:
            raise _bad(f"entry {e!r} has unknown fields {sorted(set(e) - known) if isinstance(e, dict) else ''}")
        code = e.get("code", "")
        if not re.fullmatch(r"PS6[5-9]\d\d", str(code)):
            raise _bad(f"code {code!r} must be in PS6500-PS6999")
        for key in ("name", "module", "message", "reason"):
            if not isinstance(e.get(key), str) or not e[key].strip():
                raise _bad(f"{code}: '{key}' must be a non-empty string")
        if e.get("kind") not in _KINDS:
            raise _bad(f"{code}: kind must be one of {_KINDS}")
        examples = e.get("examples") or []
        if not examples or not all(isinstance(x, dict) and set(x) == {"text", "expect"} for x in examples):
            raise _bad(f"{code}: needs examples, each with exactly 'text' and 'expect'")
        if not e.get("must_not"):
            raise _bad(f"{code}: needs at least one must_not text")
        similarity = e.get("similarity")
        if similarity is not None and not (isinstance(similarity, float) and 0.5 <= similarity < 0.8):
            raise _bad(f"{code}: similarity must be a number from 0.5 to under 0.8 (the stage's own threshold)")
        try:
            module = importlib.import_module(f"{__name__}.{e['module']}")
            fn = module.apply
        except (ImportError, AttributeError) as exc:
            raise _bad(f"{code}: module {e['module']!r} has no apply(): {exc}") from exc
        out.append(
            Transform(
                code,
                e["name"],
                e["module"],
                e["kind"],
                e["message"],
                e["reason"],
                tuple(examples),
                tuple(e["must_not"]),
                int(e.get("negation_ok", 0)),
                bool(e.get("lists", False)),
                similarity,
                fn,
                getattr(module, "CUE", None),
                bool(getattr(module, "READER", False)),
            )
        )
    for what in ("code", "name"):
        dup = [k for k, n in Counter(getattr(t, what) for t in out).items() if n > 1]
        if dup:
            raise _bad(f"duplicate {what}(s): {dup}")
    return out


@functools.cache
def transforms() -> list[Transform]:
    """The shipped transforms, loaded on first use: their modules import spaCy (with thinc and torch,
    seconds), which `plainspeak analyze` and `--help` never need."""
    from .parse import import_spacy

    import_spacy()  # before the modules' own `from spacy.tokens import ...`, so torch stays out of it
    return load_transforms()


def __getattr__(name: str) -> list[Transform]:
    if name == "TRANSFORMS":  # the shipped transforms, as a module attribute (loaded on first access)
        return transforms()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def sentences_of(text: str) -> list[str]:
    """The sentences of a rewrite (list items count as their own lines)."""
    spans = find_protected(text)
    return [text[a:b] for a, b in split_sentences(text, spans)]


def problem(before: str, after: str, negation_ok: int = 0) -> str | None:
    """Why `after` may not replace `before`, or None when it is safe to offer."""
    if not after.strip() or " ".join(after.split()) == " ".join(before.split()):
        return "no change"
    if Counter(p.text for p in find_protected(before)) != Counter(p.text for p in find_protected(after)):
        return "a placeholder, link or protected item would change"
    if numbers(before) != numbers(after):
        return "a number would change"
    if negations(after) < negations(before) - negation_ok:
        return "a negation would be lost"
    if re.search(r"\s[,.;:!?]|[,;]\s*[.!?]$|\s{2,}(?!-)|\.,", after.replace("\n", " ")):
        return "stray punctuation or spacing"
    for line in after.split("\n"):
        line = line.strip()
        if line.startswith("- "):
            continue
        for s in sentences_of(line):
            if not re.search(r"[A-Za-z]", s):
                return "an empty sentence"
            if s.count("(") != s.count(")") and before.count("(") == before.count(")"):
                return "a bracket cut in two"
            if s.count("“") != s.count("”") or s.count('"') % 2 or re.search(r"\s”|“\s|[,;]”?\.$|^”", s):
                return "a quotation cut in two"
            if s[-1] not in ".!?:" and not s.endswith(('"', "”", ")")):
                return "a sentence without its full stop"
            first = next((ch for ch in s if ch.isalnum() or ch in "{*%[$<"), "")
            if first.isalpha() and first.islower():
                return "a sentence without its capital"
    return None


def _message(t: Transform, before: str, after: str) -> str:
    n_before, n_after = len(sentences_of(before)), len(sentences_of(after))
    if "\n- " in after:
        return f"made a series of {after.count(chr(10) + '- ')} items a list"
    if n_after > n_before:
        return f"split a {word_count(before)}-word sentence into {n_after}"
    return t.message


def _run(t: Transform, doc, before: str) -> list[str]:
    return [out for out in t.apply(doc) if problem(before, out, t.negation_ok) is None]


def _wanted(text: str, lists: bool, only: Iterable[str] | None, reader: bool = False) -> list[Transform]:
    """The transforms that have a chance on this sentence (none: it is not parsed at all)."""
    if not text.strip() or not re.search(r"[A-Za-z]", text) or text.rstrip()[-1] in ",;:\"'”’)]":
        return []  # nothing to do, a piece of a list ("...; (ii) ..."), or an end inside a quotation
    if re.match(r"\s*Provided(?: further)?,", text):
        return []  # a legal proviso: every part of it hangs on "Provided, That"
    to_reader = reader or bool(SAYS_YOU.search(text))
    return [
        t
        for t in _eligible(lists, only)
        if (t.cue is None or t.cue.search(text)) and (to_reader or not t.reader)  # the cues spare a parse
    ]


def _eligible(lists: bool, only: Iterable[str] | None) -> list[Transform]:
    """The transforms `only` and `lists` allow, whatever the text."""
    names = set(only) if only is not None else None
    return [t for t in transforms() if (names is None or t.name in names or t.code in names) and (lists or not t.lists)]


def _rewords(ts: list[Transform]) -> list[Transform]:
    """The single-sentence rewrites that may follow another rewrite or a split."""
    return [t for t in ts if t.kind == "reorder" and t.name not in _NO_SPLIT_AFTER]


def parses(text: str, *, lists: bool = False, only: Iterable[str] | None = None, reader: bool = False) -> bool:
    """Would `restructure(text, lists=lists, only=only, reader=reader)` parse the sentence?"""
    return bool(_wanted(text, lists, only, reader))


def restructure(
    text: str, *, lists: bool = False, only: set[str] | None = None, reader: bool = False
) -> list[Restructuring]:
    """Every applicable restructuring of one sentence: each transform's candidates, then the
    compositions where a single-sentence rewrite enables a split (passive-to-active then
    split-clauses); at most MAX_CANDIDATES, each different from the input and from each other.
    `lists` allows the list form (only where the format can show a list); `only` limits the
    transforms by name or code; `reader`: the sentence's document speaks to its reader ("you"),
    though the sentence may not (`reader.py`)."""
    with document_speaks_to_reader(reader):
        return _restructure(text, lists, only, reader)


def _restructure(text: str, lists: bool, only: set[str] | None, reader: bool) -> list[Restructuring]:
    from .parse import parse

    wanted = _wanted(text, lists, only, reader)
    if not wanted:
        return []
    doc = parse(text)
    if (
        doc[-1].dep_ == "cc"
        or sum(t.dep_ == "ROOT" for t in doc) != 1
        or any(
            t.text == "." and 0 < t.i < len(doc) - 2 and (doc[t.i + 1].is_title or doc[t.i + 1].text[:1].isdigit())
            for t in doc
        )
    ):
        return []  # two sentences here: no transform can be sure of the structure
    out: list[Restructuring] = []
    seen = {" ".join(text.split())}

    def add(r: Restructuring) -> None:
        key = " ".join(r.text.split())
        if key not in seen and len(out) < MAX_CANDIDATES:
            seen.add(key)
            out.append(r)

    reordered: list[tuple[Transform, str]] = []
    for t in wanted:
        for new in _run(t, doc, text):
            add(Restructuring(t.code, t.name, new, _message(t, text, new), t.reason))
            if t.kind == "reorder" and len(sentences_of(new)) == 1:
                reordered.append((t, new))
    splits = [t for t in wanted if t.kind == "split"]
    rewords = _rewords(wanted)
    # the compositions: a reframed sentence split, a Say-YES reframe or change of voice reworded once
    # more, a split split again or its parts reworded; what they will parse is parsed in one batch first
    to_split = [
        (first, new)
        for first, new in reordered
        if splits and first.name not in _NO_SPLIT_AFTER and word_count(new) >= COMPOSE_MIN_WORDS
    ]
    to_reword = [
        (first, new)
        for first, new in sorted(reordered, key=lambda fn: fn[0].name not in SAY_YES)  # a Say-YES reframe names a pair
        if first.name in SAY_YES or first.name in VOICE
    ]
    plain_splits = [c for c in out if transform(c.code).kind == "split"]
    ahead = [new for _, new in to_split + to_reword]
    if rewords:
        ahead += [part for r in plain_splits for part in _parts_to_reword(r)]
    if ahead:
        from .parse import parse_many

        parse_many(ahead)  # one pass of the parser instead of one per sentence: the same parses
    composed: list[Restructuring] = []
    for first, new in to_split:
        if len(out) >= MAX_CANDIDATES:
            continue
        for t, final in _splits_of(new, splits):
            if problem(text, final, first.negation_ok + t.negation_ok) is None:
                r = Restructuring(
                    first.code,
                    f"{first.name}+{t.name}",
                    final,
                    f"{first.message}; {_message(t, new, final)}",
                    f"{first.reason} {t.reason}",
                )
                add(r)
                composed.append(r)
    # after a rewrite, the new sentence has the words a cue looks for ("Please ..." is not "You must ...")
    eligible = _rewords(_eligible(lists, only))
    for r in composed:  # "You must send ... Otherwise, your membership will be renewed ...": each part reworded
        if len(out) < MAX_CANDIDATES and _reframed_first(r):
            _reword_parts(text, r, eligible, add)
    for first, new in to_reword:
        if len(out) < MAX_CANDIDATES:
            after = [t for t in eligible if t.name != first.name and (t.cue is None or t.cue.search(new))]
            _reword_whole(text, first, new, after, add)
    for r in plain_splits:
        _split_again(text, r, splits, add)
    for r in plain_splits:
        _reword_parts(text, r, rewords, add)
    return out


_POINTS_BACK = re.compile(r"(?:in (?:that|this|which) case|if so|if that happens|then|otherwise|this|that)\b", re.I)


def _reframed_first(r: Restructuring) -> bool:
    """Was the sentence made to speak to the reader before it was split (you-, we-subject, Say-YES)? Only
    then may its parts take a tone rewrite of their own: the reader is who they address."""
    return r.name.split("+", 1)[0] in SAY_YES | VOICE


def _parts_to_reword(r: Restructuring) -> list[str]:
    """The new sentences of a split that `_reword_parts` tries to reword (none unless it made two or more)."""
    parts = sentences_of(r.text)
    return [part for part in parts if word_count(part) >= 5] if len(parts) >= 2 else []


def _reword_whole(
    text: str, first: Transform, new: str, rewords: list[Transform], add: Callable[[Restructuring], None]
) -> None:
    """After a Say-YES reframe or a change of voice, the sentence may take one more single-sentence
    rewrite ("We cannot refund you until the item has been inspected by our team." -> "We can refund
    you as soon as our team has inspected the item."; "Your plan will be renewed unless it is
    cancelled by you." -> "We will renew your plan unless you cancel it."): the first that fits."""
    found = _first_reword(new, rewords, lambda t, out: problem(text, out, first.negation_ok + t.negation_ok) is None)
    if found is not None:
        t, final = found
        add(
            Restructuring(
                first.code,
                f"{first.name}+{t.name}",
                final,
                f"{first.message}; {t.message}",
                f"{first.reason} {t.reason}",
            )
        )


def _first_reword(
    sentence: str, rewords: list[Transform], fits: Callable[[Transform, str], bool]
) -> tuple[Transform, str] | None:
    """The first single-sentence rewrite of `sentence` by one of `rewords` that `fits` accepts, with its
    transform (None when the parse has more than one root, or nothing fits)."""
    from .parse import parse

    doc = parse(sentence)
    if sum(t.dep_ == "ROOT" for t in doc) != 1:
        return None
    for t in rewords:
        for out in t.apply(doc):
            if len(sentences_of(out)) == 1 and fits(t, out):
                return t, out
    return None


def _reword_parts(text: str, r: Restructuring, rewords: list[Transform], add: Callable[[Restructuring], None]) -> None:
    """After a split, each new sentence may take a single-sentence rewrite the whole could not ("Your
    request will be reviewed by our team, which takes 5 days, and you will hear from us." -> "Our team
    will review your request, which takes 5 days. You will hear from us."): one candidate with the
    first rewrite of every part that has one."""
    if not rewords:
        return
    final, used = r.text, []
    parts = set(_parts_to_reword(r))
    sentences = sentences_of(r.text)
    for k, part in enumerate(sentences):
        if part not in parts:
            continue
        # "Failure to do so will result in the link expiring. In that case, ...": a reframe that turns this part
        # around (a transform with `negation_ok`: "Please do so to avoid the link expiring.") would leave "that
        # case" pointing at what it now avoids ("You must X" -> "Please X" turns nothing around)
        points_back = k + 1 < len(sentences) and _POINTS_BACK.match(sentences[k + 1]) is not None
        fits = [t for t in rewords if not (points_back and t.negation_ok)]
        found = _first_reword(part, fits, lambda t, out: problem(part, out, t.negation_ok) is None)  # noqa: B023 (called here)
        if found is not None:
            final = final.replace(part, found[1], 1)
            used.append(found[0])
    if not used:
        return
    first = transform(r.code)
    if problem(text, final, first.negation_ok + sum(t.negation_ok for t in used)) is None:
        names = list(dict.fromkeys(t.name for t in used))
        add(
            Restructuring(
                r.code,
                "+".join([r.name, *names]),
                final,
                "; ".join([r.message, *dict.fromkeys(t.message for t in used)]),
                " ".join([r.reason, *dict.fromkeys(t.reason for t in used)]),
            )
        )


def _split_again(text: str, r: Restructuring, splits: list[Transform], add: Callable[[Restructuring], None]) -> None:
    """After a split, the longest new sentence may still have a joint: offer the split of it too
    ("A, which B, and C" -> "A. It B. And C")."""
    parts = sentences_of(r.text)
    longest = max(parts, key=word_count)
    if len(parts) < 2 or word_count(longest) < COMPOSE_MIN_WORDS:
        return
    later = parts[parts.index(longest) + 1 :]
    if any(_PRONOUN_START.match(p.strip()) for p in later):
        return  # "A, and B. It C." -> "A. B. It C.": "It" would now point at B
    first = transform(r.code)
    for t, sub in _splits_of(longest, splits):
        final = r.text.replace(longest, sub, 1)
        if problem(text, final, first.negation_ok + t.negation_ok) is None:
            add(
                Restructuring(
                    r.code,
                    f"{r.name}+{t.name}",
                    final,
                    f"{r.message}; {_message(t, longest, sub)}",
                    r.reason if t.reason == r.reason else f"{r.reason} {t.reason}",
                )
            )


def _splits_of(sentence: str, splits: list[Transform]) -> list[tuple[Transform, str]]:
    """Each split transform's rewrites of one sentence, parsed here (none when the parse sees two sentences)."""
    from .parse import parse

    doc = parse(sentence)
    if sum(t.dep_ == "ROOT" for t in doc) != 1:
        return []
    return [(t, out) for t in splits for out in t.apply(doc)]


@functools.cache
def transform(name: str) -> Transform:
    """The descriptor of one transform, by name or code."""
    for t in transforms():
        if name in (t.name, t.code):
            return t
    raise KeyError(name)


__all__ = [
    "TRANSFORMS",
    "Restructuring",
    "Transform",
    "load_transforms",
    "problem",
    "restructure",
    "transform",
    "transforms",
]
