"""Rules as data: schema (model), compiled matchers (matcher), built-in style checks (style)."""

from .matcher import Match, compile_rule, sentence_words
from .model import CATEGORIES, KINDS, Rule, load_rules

__all__ = ["CATEGORIES", "KINDS", "Match", "Rule", "compile_rule", "load_rules", "sentence_words"]
