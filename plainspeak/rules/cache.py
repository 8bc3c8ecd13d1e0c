"""The compiled-rule cache: the shipped rule data, parsed and validated, and each rule's matcher
parts (regex source, prefilter words, inflection table), kept in the user's cache folder
(`plainspeak.cachedir`) under the hash of the rule data and the rule code
(`plainspeak.fingerprint.rule_data_hash`). A start-up then reads two marshal files instead of
parsing YAML, validating every regex and asking lemminflect for every inflected pattern; any edit
to the data or the code changes the hash, so a stale cache is never read (it is rebuilt).
"""

from __future__ import annotations

import functools
from dataclasses import astuple, fields

from ..cachedir import cached
from ..fingerprint import rule_data_hash
from .model import DATA_DIR, Rule

FORMAT = "v1"  # bump when the cached shapes change
_FIELDS = [f.name for f in fields(Rule)]


def _key(what: str) -> str:
    return f"{what}-{rule_data_hash()[:24]}-{FORMAT}.marshal"


@functools.cache
def cached_rules() -> tuple[Rule, ...]:
    """The rules `model.load_rules()` reads from the shipped data, from the cache when it is current."""
    from .model import load_rules_uncached

    rows = cached(_key("rules"), lambda: [astuple(r) for r in load_rules_uncached(DATA_DIR)])
    return tuple(Rule(**dict(zip(_FIELDS, row))) for row in rows)


@functools.cache
def _shipped() -> dict[str, Rule]:
    return {r.code: r for r in cached_rules()}


@functools.cache
def _all_parts() -> dict[str, tuple[str, list[str] | None, dict[str, str]]]:
    from .matcher import matcher_parts

    return cached(_key("matchers"), lambda: {r.code: matcher_parts(r) for r in cached_rules()})


def cached_parts(rule: Rule) -> tuple[str, list[str] | None, dict[str, str]] | None:
    """The cached matcher parts of a shipped rule; None for any other rule (a glossary rule, a
    rule a test builds), which is then compiled from scratch."""
    if rule.category == "glossary":
        return None
    if _shipped().get(rule.code) != rule:
        return None
    return _all_parts().get(rule.code)
