"""Settings and glossary: what the user controls, loadable from YAML or JSON files."""

from __future__ import annotations

import json
import re
from dataclasses import MISSING, asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from . import yamlload
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
RULE_CODE = re.compile(r"^PS\d{4}$")
NO_MODEL = ("", "none", "off")  # model names that mean: rules only


def model_enabled(name: str | None) -> bool:
    """Does this model setting ask for a seq2seq model? The one place that decides it."""
    return name is not None and name.strip().lower() not in NO_MODEL


MODEL_HELP = (
    "seq2seq model for whole-sentence rewrites: 'default' (shipped with plainspeak), 'none' (rules only) "
    "or a Hugging Face seq2seq directory"
)


@dataclass(frozen=True)
class Option:
    """What one setting means, once: the CLI flags, the API request schema, the UI defaults and the
    settings-file validation are all derived from these (`cli/options.py`, `server/schemas.py`)."""

    help: str
    kind: str  # number, integer, choice, list, codes, glossary, switch-off, text
    flag: str | None = None  # the CLI flag of rewrite/analyze/batch/audit; None: file and API only
    metavar: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    api: bool = True  # a field of the HTTP API's requests

    def requirement(self) -> str | None:
        """What a valid value is, in words ("a number from 1 to 18"), or None when anything of the type goes."""
        if self.kind == "choice":
            return f"one of {', '.join(self.choices)}"
        if self.kind == "codes":
            return "a list of rule codes such as PS1001"
        if self.kind == "integer" and self.minimum is not None:
            return f"an integer of at least {self.minimum:g}"
        if self.kind == "number" and self.minimum is not None and self.maximum is not None:
            return f"a number from {self.minimum:g} to {self.maximum:g}"
        return None

    def valid(self, value: Any) -> bool:
        if self.kind == "choice":
            return value in self.choices
        if self.kind == "codes":
            return isinstance(value, list) and all(isinstance(c, str) and RULE_CODE.match(c) for c in value)
        if self.kind in ("integer", "number"):
            number = isinstance(value, int) if self.kind == "integer" else isinstance(value, (int, float))
            return (
                number
                and not isinstance(value, bool)
                and (self.minimum is None or value >= self.minimum)
                and (self.maximum is None or value <= self.maximum)
            )
        return True


def _setting(default: Any = MISSING, factory: Any = MISSING, **option: Any) -> Any:
    meta = {"option": Option(**option)}
    if factory is not MISSING:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass
class Settings:
    """What the user controls. Every field's `Option` (in its metadata) says what it means."""

    target_grade: float = _setting(
        8.0, kind="number", flag="--grade", metavar="N", minimum=1, maximum=18, help="target reading grade"
    )
    strength: str = _setting(
        "standard",
        kind="choice",
        flag="--strength",
        choices=STRENGTHS,
        help="light: apply only safe rules; standard: apply every verified rule; strong: also split long sentences",
    )
    categories: list[str] | None = _setting(
        None, kind="list", flag="--categories", help="rule categories to use (default: all; see `plainspeak rules`)"
    )
    glossary: Glossary = _setting(
        factory=Glossary,
        kind="glossary",
        flag="--glossary",
        metavar="FILE",
        help="glossary: protected, banned, replacements",
    )
    long_sentence_words: int = _setting(
        25, kind="integer", flag="--long-sentence", metavar="N", minimum=5, help="flag sentences longer than N words"
    )
    similarity_threshold: float = _setting(
        0.50, kind="number", minimum=0, maximum=1, help="meaning check: minimum cosine similarity of MiniLM embeddings"
    )
    check_meaning: bool = _setting(
        True,
        kind="switch-off",
        flag="--no-meaning-check",
        help="skip the embedding similarity check (faster; other checks still run)",
    )
    restructure: bool = _setting(
        True,
        kind="switch-off",
        flag="--no-restructure",
        help="do not restructure sentences (splits, active voice, main point first, Say-YES; never under light)",
    )
    max_chars: int = _setting(1_000_000, kind="integer", minimum=1, api=False, help="largest input, in characters")
    model: str = _setting(DEFAULT_MODEL, kind="text", flag="--model", metavar="PATH", api=False, help=MODEL_HELP)
    # house style (plainspeak/housestyle, docs/house-style.md): left out of to_dict() when empty, so results
    # without a style do not change
    demoted_rules: list[str] = _setting(
        factory=list, kind="codes", api=False, help="rule codes proposed but not applied by default (house style)"
    )
    promoted_rules: list[str] = _setting(
        factory=list, kind="codes", api=False, help="rule codes applied even under `light` (house style)"
    )

    def __post_init__(self) -> None:
        for f in fields(self):
            option: Option = f.metadata["option"]
            value = getattr(self, f.name)
            if option.kind == "text" and not isinstance(value, str):
                raise PlainspeakError("E006", f"{f.name} must be 'default', 'none' or a model directory", f.name)
            requirement = option.requirement()
            if requirement and not option.valid(value):
                raise PlainspeakError("E006", f"{f.name} must be {requirement}", f.name)
        if self.categories is not None:
            from .rules.schema import CATEGORIES

            bad = [c for c in self.categories if c not in CATEGORIES]
            if bad:
                raise PlainspeakError(
                    "E006", f"unknown categories: {', '.join(bad)}; known: {', '.join(CATEGORIES)}", "categories"
                )
        if isinstance(self.glossary, dict):
            self.glossary = Glossary.from_dict(self.glossary)

    @staticmethod
    def options() -> dict[str, Option]:
        """{field name: Option}, in field order."""
        return {f.name: f.metadata["option"] for f in fields(Settings)}

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

    @property
    def model_enabled(self) -> bool:
        return model_enabled(self.model)

    def enabled(self, category: str) -> bool:
        return self.categories is None or category in self.categories or category in ("glossary", "style")

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for name in ("demoted_rules", "promoted_rules"):  # house style: only when there is one
            if not d[name]:
                del d[name]
        return d


def _read_mapping(path: Path, code: str, what: str) -> dict[str, Any]:
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PlainspeakError(code, f"cannot read {what} file {path}: {exc}", what) from exc
    try:
        data = json.loads(raw) if path.suffix == ".json" else yamlload.safe_load(raw)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise PlainspeakError(
            code, f"{path} is not valid {'JSON' if path.suffix == '.json' else 'YAML'}: {exc}", what
        ) from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise PlainspeakError(code, f"{path} must hold a mapping", what)
    return data
