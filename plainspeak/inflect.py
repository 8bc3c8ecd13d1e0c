"""lemminflect without its spaCy hook, with its tables read from the cache folder.

Importing lemminflect imports spaCy whenever spaCy is installed (and with it thinc: seconds), only
to register `Token._.inflect` and `Token._.lemma`, which plainspeak never uses. `plainspeak analyze`
and `rewrite --model none` inflect words but need no parse, so lemminflect is loaded with spaCy
hidden (`hidden_imports.py`); spaCy itself still imports normally later.

lemminflect parses its lemma and inflection tables (two gzipped CSV files, 100,000 words) on first
use: about 0.45 s of a command's start-up. The parsed tables are kept in the cache folder
(`cachedir.py`, marshal format, named by the CSV file's path, size and time, in shards decoded as
words are looked up: `sharded.py`) and read back in a small part of that; the lookups return exactly
what lemminflect's own loading gives (tests/test_startup.py)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

from .hidden_imports import import_without

TABLES_FORMAT = "v2"


@functools.cache
def lemminflect() -> ModuleType:
    """The lemminflect module (getAllLemmas, getAllInflections, getInflection, ...)."""
    module = import_without("lemminflect", "spacy")
    _read_tables_from_cache()
    return module


def _table(kind: str, path: Path, load: Any) -> Mapping[str, Any]:
    """lemminflect's parsed `kind` table of `path`, from the cache folder when it holds this file's
    (named by its path, size and modification time), in shards decoded as words are looked up
    (`sharded.py`: lemminflect only calls `.get(word, {})` on it)."""
    from .sharded import cached_table

    return cached_table(f"lemminflect-{kind}-{TABLES_FORMAT}", path, lambda: load(str(path)))


def _read_tables_from_cache() -> None:
    """Give lemminflect's two singletons loaders that read the tables through `_table` (still on first use)."""
    from lemminflect.codecs.InflectionLUCodec import InflectionLUCodec
    from lemminflect.codecs.LemmaLUCodec import LemmaLUCodec
    from lemminflect.core.Inflections import Inflections
    from lemminflect.core.Lemmatizer import Lemmatizer

    lemmatizer, inflections = Lemmatizer(), Inflections()

    def lemma_dict() -> dict:
        if not hasattr(lemmatizer, "lemma_dict"):
            lemmatizer.lemma_dict = _table("lemmas", Path(lemmatizer.lemma_lu_fn), LemmaLUCodec.load)
        return lemmatizer.lemma_dict

    def infl_dict() -> dict:
        if not hasattr(inflections, "infl_dict"):
            inflections.infl_dict = _table("inflections", Path(inflections.infl_lu_fn), InflectionLUCodec.load)
        return inflections.infl_dict

    lemmatizer._getLemmaDict = lemma_dict
    inflections._getInflDict = infl_dict
