"""Rule data: the schema, loading and validation of plainspeak/rules/data/*.yaml."""

from __future__ import annotations

import functools
import re
from dataclasses import astuple, dataclass, field, fields
from pathlib import Path

import yaml

from .. import yamlload
from ..cachedir import cached
from ..errors import PlainspeakError
from ..fingerprint import rule_data_hash

DATA_DIR = Path(__file__).parent / "data"
CACHE_FORMAT = "v2"  # bump when the cached shapes change
KINDS = ("substitute", "delete", "reframe", "flag")
INFLECT = ("none", "verb", "noun")
# category -> (first code, last code, title)
CATEGORIES: dict[str, tuple[int, int, str]] = {
    "jargon": (1001, 1999, "Business jargon"),
    "wordy": (2001, 2999, "Wordy phrases"),
    "legalese": (3001, 3999, "Legalese and bureaucratese"),
    "say-no": (4001, 4999, "Say-NO language"),
    "hollow": (5001, 5999, "Hollow phrases"),
    "customer-focus": (6001, 6999, "Customer focus"),
    "nominalization": (7001, 7999, "Hidden verbs"),
    "cliche": (8001, 8999, "Cliches and weasel words"),
    "style": (9001, 9999, "Style checks"),
    "glossary": (1, 999, "Your glossary"),
}
_FIELDS = {
    "code",
    "kind",
    "pattern",
    "patterns",
    "regex",
    "replace",
    "inflect",
    "message",
    "reason",
    "safe",
    "negation_ok",
    "not_before",
    "needs_before",
    "not_after",
    "not_in_regulation",
    "source",
    "examples",
}
_CODE = re.compile(r"PS\d{4}")


@dataclass(frozen=True)
class Rule:
    code: str
    category: str
    kind: str
    message: str
    reason: str
    safe: bool
    source: str
    patterns: tuple[str, ...] = ()
    regex: str | None = None
    replace: tuple[str, ...] = ()
    inflect: str = "none"
    negation_ok: bool = False
    not_before: str | None = None
    not_after: str | None = None
    not_in_regulation: bool = False  # silent in regulatory text (register.py): a term of art, a third party
    fire: tuple[str, ...] = ()
    must_pass: tuple[str, ...] = field(default=())
    needs_before: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "category": self.category,
            "kind": self.kind,
            "patterns": list(self.patterns),
            "regex": self.regex,
            "replace": list(self.replace),
            "inflect": self.inflect,
            "message": self.message,
            "reason": self.reason,
            "safe": self.safe,
            "negation_ok": self.negation_ok,
            "not_in_regulation": self.not_in_regulation,
            "source": self.source,
            "examples": {"fire": list(self.fire), "pass": list(self.must_pass)},
        }


def _bad(where: str, msg: str) -> PlainspeakError:
    return PlainspeakError("E008", f"{where}: {msg}", "rules")


def parse_rule(raw: dict, category: str, where: str) -> Rule:
    if not isinstance(raw, dict):
        raise _bad(where, "a rule must be a mapping")
    unknown = set(raw) - _FIELDS
    if unknown:
        raise _bad(where, f"unknown field(s) {sorted(unknown)}")
    code = raw.get("code")
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise _bad(where, f"code {code!r} must look like PS1234")
    where = f"{where} {code}"
    lo, hi, _ = CATEGORIES[category]
    if not lo <= int(code[2:]) <= hi:
        raise _bad(where, f"code outside the {category} range PS{lo:04d}-PS{hi:04d}")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise _bad(where, f"kind {kind!r} is not one of {KINDS}")
    patterns = raw.get("patterns") or ([raw["pattern"]] if raw.get("pattern") else [])
    regex = raw.get("regex")
    if bool(patterns) == bool(regex):
        raise _bad(where, "give exactly one of pattern/patterns or regex")
    if not all(isinstance(p, str) and p.strip() for p in patterns):
        raise _bad(where, "patterns must be non-empty strings")
    replace = raw.get("replace") or []
    if isinstance(replace, str):
        replace = [replace]
    if kind in ("substitute", "reframe") and not replace:
        raise _bad(where, f"a {kind} rule needs `replace`")
    if kind in ("delete", "flag") and replace:
        raise _bad(where, f"a {kind} rule takes no `replace`")
    inflect = raw.get("inflect", "none")
    if inflect not in INFLECT:
        raise _bad(where, f"inflect {inflect!r} is not one of {INFLECT}")
    if inflect != "none" and regex:
        raise _bad(where, "inflect cannot be used with regex")
    for name in ("message", "reason", "source"):
        if not isinstance(raw.get(name), str) or not raw[name].strip():
            raise _bad(where, f"`{name}` is required")
    if not isinstance(raw.get("safe"), bool):
        raise _bad(where, "`safe` must be true or false")
    examples = raw.get("examples") or {}
    fire, must_pass = examples.get("fire") or [], examples.get("pass") or []
    if not fire or not must_pass:
        raise _bad(where, "needs examples.fire and examples.pass (at least one each)")
    for rx in (regex, raw.get("not_before"), raw.get("needs_before"), raw.get("not_after")):
        if rx:
            try:
                re.compile(rx)
            except re.error as exc:
                raise _bad(where, f"bad regex {rx!r}: {exc}") from exc
    return Rule(
        code=code,
        category=category,
        kind=kind,
        message=raw["message"].strip(),
        reason=raw["reason"].strip(),
        safe=raw["safe"],
        source=raw["source"].strip(),
        patterns=tuple(p.strip() for p in patterns),
        regex=regex,
        replace=tuple(str(r) for r in replace),
        inflect=inflect,
        negation_ok=bool(raw.get("negation_ok", False)),
        not_before=raw.get("not_before"),
        needs_before=raw.get("needs_before"),
        not_after=raw.get("not_after"),
        not_in_regulation=bool(raw.get("not_in_regulation", False)),
        fire=tuple(fire),
        must_pass=tuple(must_pass),
    )


def load_file(path: Path) -> tuple[dict, list[Rule]]:
    try:
        doc = yamlload.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise _bad(path.name, f"invalid YAML: {exc}") from exc
    category = path.stem
    if not isinstance(doc, dict) or doc.get("category") != category:
        raise _bad(path.name, f"`category` must be {category!r} (the file name)")
    if category not in CATEGORIES or category in ("style", "glossary"):
        raise _bad(path.name, f"unknown category {category!r}")
    meta = {
        "category": category,
        "title": doc.get("title") or CATEGORIES[category][2],
        "description": (doc.get("description") or "").strip(),
    }
    rules = [parse_rule(r, category, f"{path.name} rule {i + 1}") for i, r in enumerate(doc.get("rules") or [])]
    return meta, rules


@functools.cache
def load_rules(data_dir: Path = DATA_DIR) -> tuple[Rule, ...]:
    """All data rules, validated; codes and patterns are unique across files. The shipped data comes
    from the compiled-rule cache in the user's cache folder when it is current: a start-up then reads
    one marshal file instead of parsing YAML and validating every regex. The cache is keyed by the
    hash of the rule data and the rule code, so a stale one is never read (it is rebuilt)."""
    if data_dir != DATA_DIR:
        return load_rules_uncached(data_dir)
    rows = cached(cache_key("rules"), lambda: [astuple(r) for r in load_rules_uncached(DATA_DIR)])
    names = [f.name for f in fields(Rule)]
    return tuple(Rule(**dict(zip(names, row))) for row in rows)


def cache_key(what: str) -> str:
    """The cache file name of one kind of compiled rule data (rules, matchers) for this rule data and code."""
    return f"{what}-{rule_data_hash()[:24]}-{CACHE_FORMAT}.marshal"


def load_rules_uncached(data_dir: Path = DATA_DIR) -> tuple[Rule, ...]:
    """load_rules() without the cache: parse and validate every file."""
    rules: list[Rule] = []
    for path in sorted(data_dir.glob("*.yaml")):
        rules.extend(load_file(path)[1])
    seen: dict[str, str] = {}
    for r in rules:
        if r.code in seen:
            raise _bad(r.code, "duplicate code")
        seen[r.code] = r.code
    return tuple(rules)


def category_meta(data_dir: Path = DATA_DIR) -> list[dict]:
    return [load_file(p)[0] for p in sorted(data_dir.glob("*.yaml"))]
