"""Settings and glossary: what the user controls, loadable from YAML or JSON files."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from .errors import PlainspeakError

STRENGTHS = ("light", "standard", "strong")


@dataclass
class Glossary:
    """protected: never touched; banned: flagged (with an optional suggestion); replacements: always applied."""

    protected: list[str] = field(default_factory=list)
    banned: dict[str, str | None] = field(default_factory=dict)
    replacements: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Any) -> Glossary:
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise PlainspeakError("E007", "a glossary must be a mapping with protected/banned/replacements", "glossary")
        unknown = set(data) - {"protected", "banned", "replacements"}
        if unknown:
            raise PlainspeakError("E007", f"unknown glossary field(s): {', '.join(sorted(unknown))}", "glossary")
        protected = data.get("protected") or []
        banned = data.get("banned") or {}
        if isinstance(banned, list):
            banned = {b: None for b in banned}
        replacements = data.get("replacements") or {}
        if not (isinstance(protected, list) and all(isinstance(p, str) for p in protected)):
            raise PlainspeakError("E007", "glossary.protected must be a list of strings", "glossary.protected")
        if not (
            isinstance(banned, dict)
            and all(isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in banned.items())
        ):
            raise PlainspeakError("E007", "glossary.banned must map terms to a suggestion or null", "glossary.banned")
        if not (
            isinstance(replacements, dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in replacements.items())
        ):
            raise PlainspeakError("E007", "glossary.replacements must map strings to strings", "glossary.replacements")
        return cls(list(protected), dict(banned), dict(replacements))

    @classmethod
    def load(cls, path: str | Path) -> Glossary:
        return cls.from_dict(_read_mapping(Path(path), "E007", "glossary"))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


DEFAULT_MODEL = "default"  # the seq2seq model used when none is named: the shipped one (docs/model.md)
MODEL_HELP = (
    "seq2seq model for whole-sentence rewrites: 'default' (shipped with plainspeak), 'none' (rules only) "
    "or a Hugging Face seq2seq directory"
)


@dataclass
class Settings:
    target_grade: float = 8.0
    strength: str = "standard"  # light: safe rules only; standard: all rules; strong: + sentence splits
    categories: list[str] | None = None  # None: every category
    glossary: Glossary = field(default_factory=Glossary)
    long_sentence_words: int = 25
    similarity_threshold: float = 0.50  # meaning check: cosine of MiniLM embeddings (docs/verifier.md)
    check_meaning: bool = True  # off: skip the embedding model (faster, less safe)
    max_chars: int = 1_000_000
    model: str = DEFAULT_MODEL  # seq2seq model: "default" (shipped), "none" (rules only) or a Hugging Face directory (DEFAULT_MODEL)

    def __post_init__(self) -> None:
        if self.strength not in STRENGTHS:
            raise PlainspeakError("E006", f"strength must be one of {', '.join(STRENGTHS)}", "strength")
        if not isinstance(self.target_grade, (int, float)) or not 1 <= self.target_grade <= 18:
            raise PlainspeakError("E006", "target_grade must be a number from 1 to 18", "target_grade")
        if not isinstance(self.long_sentence_words, int) or self.long_sentence_words < 5:
            raise PlainspeakError("E006", "long_sentence_words must be an integer of at least 5", "long_sentence_words")
        if not 0 <= self.similarity_threshold <= 1:
            raise PlainspeakError("E006", "similarity_threshold must be between 0 and 1", "similarity_threshold")
        if self.categories is not None:
            from .rules.model import CATEGORIES

            bad = [c for c in self.categories if c not in CATEGORIES]
            if bad:
                raise PlainspeakError(
                    "E006", f"unknown categories: {', '.join(bad)}; known: {', '.join(CATEGORIES)}", "categories"
                )
        if not isinstance(self.model, str):
            raise PlainspeakError("E006", "model must be 'default', 'none' or a model directory", "model")
        if isinstance(self.glossary, dict):
            self.glossary = Glossary.from_dict(self.glossary)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise PlainspeakError("E006", f"unknown setting(s): {', '.join(sorted(unknown))}", sorted(unknown)[0])
        data = dict(data)
        if "glossary" in data:
            data["glossary"] = Glossary.from_dict(data["glossary"])
        try:
            return cls(**data)
        except TypeError as exc:
            raise PlainspeakError("E006", str(exc), "settings") from exc

    @classmethod
    def load(cls, path: str | Path) -> Settings:
        return cls.from_dict(_read_mapping(Path(path), "E006", "settings"))

    def enabled(self, category: str) -> bool:
        return self.categories is None or category in self.categories or category in ("glossary", "style")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _read_mapping(path: Path, code: str, what: str) -> dict[str, Any]:
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PlainspeakError(code, f"cannot read {what} file {path}: {exc}", what) from exc
    try:
        data = json.loads(raw) if path.suffix == ".json" else yaml.safe_load(raw)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise PlainspeakError(
            code, f"{path} is not valid {'JSON' if path.suffix == '.json' else 'YAML'}: {exc}", what
        ) from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise PlainspeakError(code, f"{path} must hold a mapping", what)
    return data
