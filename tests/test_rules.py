"""Rule data: schema, the per-rule examples table, inflection and case, and the generated docs."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from plainspeak.errors import PlainspeakError
from plainspeak.readability import sentence_grade
from plainspeak.rules import compile_rule, load_rules, style
from plainspeak.rules.check import rule_hits
from plainspeak.rules.docs import DOC_PATH, render
from plainspeak.rules.schema import CATEGORIES, DATA_DIR, Rule, load_file

RULES = load_rules()


def test_enough_curated_rules_in_every_category() -> None:
    assert len(RULES) >= 400
    cats = {r.category for r in RULES}
    for needed in ("jargon", "wordy", "legalese", "say-no", "hollow", "customer-focus", "nominalization"):
        assert needed in cats, needed
    assert len({r.code for r in RULES}) == len(RULES)


def test_every_rule_has_examples_both_ways() -> None:
    lacking = [r.code for r in RULES if not r.fire or not r.must_pass]
    assert not lacking


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_examples(rule: Rule) -> None:
    for text in rule.fire:
        assert rule_hits(rule, text), f"{rule.code} must fire on {text!r}"
    for text in rule.must_pass:
        assert not rule_hits(rule, text), f"{rule.code} must not fire on {text!r}"


def test_style_rule_examples() -> None:
    checks = {
        "PS9001": lambda t: style.passive(t, []),
        "PS9002": lambda t: style.long_sentence(t, 25),
        "PS9003": lambda t: style.shouting(t, []),
        "PS9004": lambda t: style.above_target(t, sentence_grade(t), 8),
        "PS9010": lambda t: style.split_long(t, [], 25),
    }
    for rule in style.STYLE_RULES:
        for text in rule.fire:
            assert checks[rule.code](text), (rule.code, text)
        for text in rule.must_pass:
            assert not checks[rule.code](text), (rule.code, text)


def test_a_rule_without_examples_is_rejected(tmp_path: Path) -> None:
    f = tmp_path / "wordy.yaml"
    f.write_text(
        yaml.safe_dump(
            {
                "category": "wordy",
                "rules": [
                    {
                        "code": "PS2999",
                        "kind": "substitute",
                        "pattern": "in order to",
                        "replace": ["to"],
                        "message": "m",
                        "reason": "r",
                        "safe": True,
                        "source": "plainspeak",
                        "examples": {"fire": ["in order to go"]},
                    }
                ],
            }
        )
    )
    with pytest.raises(PlainspeakError) as exc:
        load_file(f)
    assert exc.value.code == "E008" and "examples" in exc.value.message


@pytest.mark.parametrize(
    "bad, words",
    [
        ({"kind": "replace"}, "kind"),
        ({"code": "PS1001"}, "range"),
        ({"surprise": 1}, "unknown field"),
        ({"replace": []}, "needs `replace`"),
        ({"inflect": "verb", "regex": "x", "pattern": None}, "inflect"),
    ],
)
def test_schema_errors_name_the_problem(tmp_path: Path, bad: dict, words: str) -> None:
    rule = {
        "code": "PS2999",
        "kind": "substitute",
        "pattern": "in order to",
        "replace": ["to"],
        "message": "m",
        "reason": "r",
        "safe": True,
        "source": "plainspeak",
        "examples": {"fire": ["a"], "pass": ["b"]},
    }
    rule.update(bad)
    rule = {k: v for k, v in rule.items() if v is not None}
    f = tmp_path / "wordy.yaml"
    f.write_text(yaml.safe_dump({"category": "wordy", "rules": [rule]}))
    with pytest.raises(PlainspeakError, match=words):
        load_file(f)


def _rule(**kw) -> Rule:
    base = dict(
        code="PS2999",
        category="wordy",
        kind="substitute",
        message="m",
        reason="r",
        safe=True,
        source="plainspeak",
        fire=("x",),
        must_pass=("y",),
    )
    base.update(kw)
    return Rule(**base)


def test_inflection_aware_matching_and_replacement() -> None:
    m = compile_rule(_rule(patterns=("utilize",), replace=("use",), inflect="verb"))
    hits = m.find("We utilized it, are utilizing it and he utilizes it; we utilize it.", [])
    assert [(h.text, h.replacement) for h in hits] == [
        ("utilized", "used"),
        ("utilizing", "using"),
        ("utilizes", "uses"),
        ("utilize", "use"),
    ]
    m = compile_rule(_rule(patterns=("make a payment",), replace=("pay",), inflect="verb"))
    assert [h.replacement for h in m.find("You made a payment and are making a payment.", [])] == ["paid", "paying"]


def test_case_is_kept() -> None:
    m = compile_rule(_rule(patterns=("prior to",), replace=("before",)))
    assert [h.replacement for h in m.find("Prior to that, PRIOR TO this, prior to now.", [])] == [
        "Before",
        "BEFORE",
        "before",
    ]


def test_never_fires_inside_protected_or_inside_words() -> None:
    m = compile_rule(_rule(patterns=("prior to",), replace=("before",)))
    assert m.find("See {{prior to}} and priority tomorrow.", [(4, 16)]) == []


def test_never_fires_inside_a_name_but_does_in_a_heading() -> None:
    """Real held-out sentences: the rules turned "Indicating" and "Assistance" inside names into
    "Showing" and "Help". A capitalised word after a break or in a title-case heading is no name."""
    indicate = compile_rule(_rule(patterns=("indicate",), replace=("show",), inflect="verb"))
    assert indicate.find("It is not a replacement for an Emergency Position Indicating Radio Beacon (EPIRB).", []) == []
    assert [h.replacement for h in indicate.find("Indicating it is fine; the form indicates a fee.", [])] == [
        "Showing",
        "shows",
    ]
    assist = compile_rule(_rule(patterns=("assistance",), replace=("help",)))
    assert assist.find("said Gabe Soll of the Procurement and Financial Assistance Office.", []) == []
    assert [h.replacement for h in assist.find("Tip 2: Assistance is near.", [])] == ["Help"]
    regarding = compile_rule(_rule(patterns=("regarding",), replace=("about",)))
    assert [h.replacement for h in regarding.find("Exception for Senders' Mistakes Regarding Account Numbers", [])] == [
        "About"
    ]
    asap = compile_rule(_rule(patterns=("asap",), replace=("soon",)))
    assert [h.replacement for h in asap.find("Please reply ASAP.", [])] == ["SOON"]


def test_docs_match_the_rule_data() -> None:
    assert DOC_PATH.read_text(encoding="utf-8") == render(), (
        "docs/rules.md drifted from the rule data: run `python -m plainspeak.generate`"
    )


def test_every_data_file_is_a_known_category() -> None:
    for path in DATA_DIR.glob("*.yaml"):
        assert path.stem in CATEGORIES


def test_past_tense_and_participle_are_told_apart() -> None:
    m = compile_rule(_rule(patterns=("exceed",), replace=("go over",), inflect="verb"))
    got = [(h.text, h.replacement) for h in m.find("You have exceeded it, you exceeded it, it was not exceeded.", [])]
    assert got == [("exceeded", "gone over"), ("exceeded", "went over"), ("exceeded", "gone over")]
    give = compile_rule(_rule(patterns=("provide",), replace=("give",), inflect="verb"))
    # "Provided, that" and "the amounts provided in" have no safe inflection of "give": left alone
    assert give.find("Provided, that the amounts provided in the notice are paid.", []) == []
    assert [h.replacement for h in give.find("We provided the forms.", [])] == ["gave"]


def test_after_a_modal_only_the_base_form_can_follow() -> None:
    """A source typo ("would exceeded") must not become "would went over"; a participle after
    "would have" stays one."""
    m = compile_rule(_rule(patterns=("exceed",), replace=("go over",), inflect="verb"))
    got = [h.replacement for h in m.find("Loans would exceeded it, may exceeds it, would have exceeded it.", [])]
    assert got == ["go over", "go over", "gone over"]


def test_rules_marked_not_in_regulation_stay_silent_in_regulatory_text() -> None:
    from plainspeak import Settings, rewrite
    from plainspeak.rules.register import is_regulation

    customer = "Only the accountholder can ask for a new card in connection with a bona fide claim."
    regulation = "Under § 1005.33, only the accountholder can ask for a new card in connection with a bona fide claim."
    assert not is_regulation(customer) and is_regulation(regulation)
    settings = Settings(model="none", restructure=False, check_meaning=False)
    assert rewrite(customer, settings=settings).output == "Only you can ask for a new card about a genuine claim."
    out = rewrite(regulation, settings=settings).output
    assert "the accountholder" in out and "bona fide" in out and "in connection with" in out


def test_one_cited_section_makes_the_whole_document_regulatory() -> None:
    from plainspeak import Settings, rewrite

    settings = Settings(model="none", restructure=False, check_meaning=False)
    plain = "Fees that banks charge one another for handling a remittance transfer are not imposed on the sender."
    assert "money transfer" in rewrite(plain, settings=settings).output
    doc = f"The thresholds are implemented in § 1026.32(a). {plain} Providers disclose these fees."
    out = rewrite(doc, settings=settings).output
    assert "remittance transfer" in out and "implemented" in out and "disclose" in out


def test_a_paragraph_that_never_speaks_to_its_reader_and_names_its_parties_reads_as_regulatory() -> None:
    from plainspeak import Settings, rewrite
    from plainspeak.rules.register import is_regulatory_document

    notice = [
        "Fees that specifically relate to a remittance transfer may be structured on a flat basis.",
        "Providers may disclose them, and the recipient institution may impose others.",
    ]
    assert is_regulatory_document(notice)
    assert not is_regulatory_document([*notice, "You can ask your provider about these fees."])  # speaks to you
    assert not is_regulatory_document(["Fees for a remittance transfer are shown before the sender pays."])
    lone = "Where an institution charges a fee on most customers' accounts, the fee relates to a remittance transfer."
    assert is_regulatory_document([lone])  # an institution and its customers, in the third person
    settings = Settings(model="none", restructure=False, check_meaning=False)
    out = rewrite(" ".join(notice), settings=settings).output
    assert "remittance transfer" in out  # a term of art in the notice
    copy = "Fees for your remittance transfer are shown before you pay."
    assert "money transfer" in rewrite(copy, settings=settings).output


def test_regulatory_text_is_told_by_citations_and_agencies_at_the_start_of_a_sentence_too() -> None:
    from plainspeak.rules.register import is_regulation

    assert is_regulation("The Bureau believes that the accountholder must authorize a debit.")
    assert is_regulation("EFTA sections 919(a)(2)(A) and (B) require a remittance transfer provider to disclose it.")
    assert not is_regulation("The board game you ordered will arrive on Monday, and the team will call you.")
    assert not is_regulation("Please include your reference with your remittance.")


def test_the_rule_index_finds_what_every_matcher_finds() -> None:
    """RuleIndex offers a sentence only the matchers whose first words it holds (and those without a
    prefilter); on every rule's examples and real copy that must change no hit."""
    from plainspeak.analysis import rule_index

    index = rule_index(tuple(RULES))
    texts = [t for r in RULES for t in (*r.fire, *r.must_pass)]
    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "plain-english"
    if (corpus / "sentences.jsonl.gz").exists():
        import gzip
        import json

        with gzip.open(corpus / "sentences.jsonl.gz", "rt", encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for _, line in zip(range(800), f)]
    examples = sum(len(r.fire) + len(r.must_pass) for r in RULES)
    for i, text in enumerate(texts):
        for regulation in (False, True) if i < examples else (False,):
            every = [h for m in index.matchers for h in m.find(text, [], None, regulation)]
            assert index.find(text, [], regulation) == every, text


def test_required_literal_is_text_every_match_holds() -> None:
    """rules/literal.py: the text RuleIndex looks for before trying a rule without a first-word prefilter."""
    import re

    from plainspeak.rules.literal import fold, required_literal

    assert required_literal(r"\b(?:we|i)\s+(?:are|am)\s+unable\s+to\b") == "unable"
    assert required_literal(r"(hereinafter|hereafter) (referred to as|called)") == "here"  # the shared prefix
    assert required_literal(r"\b(?:please\s+)?(?:do\s+not|don't)\s+hesitate\b") == "hesitate"
    assert required_literal(r"(?:urgent\s+)?(?:a|b)\b") is None  # nothing is certain, or too short
    assert required_literal(r"(?:warning)*x+") is None  # a repeat that may be empty promises nothing
    assert required_literal(r"\bLOREM\s+ipsum") == "lorem"  # folded, the longest run first
    # re.IGNORECASE matches "ſ" to "s" and "ı" to "i"; fold() does too, so such text is still tried
    for pattern, text in ((r"sunset", "ſunſet"), (r"finish", "fınısh")):
        needed = required_literal(pattern)
        assert re.search(pattern, text, re.I) and needed is not None and needed in fold(text)


def test_rules_without_a_prefilter_mostly_need_some_text() -> None:
    from plainspeak.analysis import rule_index

    index = rule_index(tuple(RULES))
    assert index.always and len(index.needs) >= len(index.always) // 2
    for i, needed in index.needs.items():
        rule = index.matchers[i].rule
        for text in rule.fire:
            assert needed in text.lower(), (rule.code, needed, text)
