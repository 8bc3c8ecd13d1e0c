"""Learning the house style: Wilson intervals, demotion and promotion on a scripted sequence of
decisions, suggested replacements from hand edits, the Settings hook in the rewrite, export -> import."""

from __future__ import annotations

import pytest
import yaml

import plainspeak
from plainspeak.errors import PlainspeakError
from plainspeak.housestyle.export import export_text, load_style
from plainspeak.housestyle.feedback import from_result, from_result_json, hand_edits
from plainspeak.housestyle.learn import Thresholds, apply, learn, wilson
from plainspeak.housestyle.service import HouseStyleService
from plainspeak.housestyle.store import DecisionIn, FeedbackIn, Store
from plainspeak.settings import Settings

TEXT = "Please utilize the portal going forward."
FAST = dict(model="none", check_meaning=False)


def rule_row(rule: str, accepted: int, rejected: int, category: str = "jargon") -> dict:
    return {
        "rule": rule,
        "category": category,
        "shown": accepted + rejected,
        "accepted": accepted,
        "rejected": rejected,
    }


def test_wilson_interval():
    assert wilson(0, 0) == (0.0, 1.0)
    lo, hi = wilson(0, 20)
    assert lo == 0.0 and hi == pytest.approx(0.1611, abs=1e-4)
    lo, hi = wilson(10, 20)
    assert lo == pytest.approx(0.2993, abs=1e-4) and hi == pytest.approx(0.7007, abs=1e-4)
    assert wilson(20, 20)[1] == 1.0


def test_demotion_and_promotion_follow_a_scripted_sequence(tmp_path):
    """Reject 'utilize' and accept 'going forward' one review at a time: nothing changes before 20
    decisions; at 20 the first is demoted and the second promoted; acceptances undo the demotion."""
    service = HouseStyleService(Store(f"sqlite:///{tmp_path / 'd.db'}"), cache_s=0)

    def decide(utilize: bool, forward: bool = True) -> None:
        service.record(
            FeedbackIn(
                "A",
                "h",
                [
                    DecisionIn("PS1001", "jargon", "utilize", "use", utilize),
                    DecisionIn("PS1020", "jargon", "going forward", "from now on", forward),
                ],
            )
        )

    for n in range(19):
        decide(False)
        style = service.style("A")
        assert style.demoted_rules == [] and style.promoted_rules == [], n
    decide(False)  # the 20th decision
    style = service.style("A")
    assert style.demoted_rules == ["PS1001"] and style.promoted_rules == ["PS1020"]
    stat = {r.rule: r for r in style.rules}["PS1001"]
    assert (stat.shown, stat.rejected, stat.acceptance_rate, stat.status) == (20, 20, 0.0, "demoted")
    for _ in range(5):  # 20 of 25 rejected: exactly 80%, still demoted
        decide(True)
    assert service.style("A").demoted_rules == ["PS1001"]
    decide(True)  # 20 of 26: under 80%
    assert service.style("A").demoted_rules == []
    decide(True, forward=False)  # 26 of 27 accepted: 96%, still promoted
    assert service.style("A").promoted_rules == ["PS1020"]
    decide(True, forward=False)  # 26 of 28: 93%
    assert service.style("A").promoted_rules == []


def test_thresholds_are_configurable(monkeypatch):
    rows = [rule_row("PS1001", 1, 4)]
    assert learn("A", rows, []).demoted_rules == []
    assert learn("A", rows, [], Thresholds(min_decisions=5)).demoted_rules == ["PS1001"]
    assert learn("A", rows, [], Thresholds(min_decisions=5, demote_rejection=0.9)).demoted_rules == []
    monkeypatch.setenv("PLAINSPEAK_STYLE_MIN_DECISIONS", "5")
    monkeypatch.setenv("PLAINSPEAK_STYLE_DEMOTE_AT", "0.75")
    t = Thresholds.from_env()
    assert (t.min_decisions, t.demote_rejection) == (5, 0.75)
    assert Thresholds.from_env(min_decisions=30).min_decisions == 30
    for bad in (dict(min_decisions=0), dict(demote_rejection=1.5), dict(promote_acceptance=0)):
        with pytest.raises(PlainspeakError) as e:
            Thresholds(**bad)
        assert e.value.code == "E006"
    monkeypatch.setenv("PLAINSPEAK_STYLE_MIN_EDITS", "many")
    with pytest.raises(PlainspeakError):
        Thresholds.from_env()


def test_the_glossary_is_never_demoted_and_imports_win():
    rows = [rule_row("PS0001", 0, 30, "glossary"), rule_row("PS1001", 0, 30), rule_row("PS1020", 30, 0)]
    style = learn("A", rows, [], imported={"demoted_rules": ["PS1020"], "promoted_rules": ["PS1001"]})
    assert style.demoted_rules == ["PS1020"] and style.promoted_rules == ["PS1001"]
    assert {r.rule: (r.status, r.source) for r in style.rules} == {
        "PS0001": ("", ""),
        "PS1001": ("promoted", "imported"),
        "PS1020": ("demoted", "imported"),
    }


def test_a_demoted_rule_is_proposed_not_applied_with_the_reason():
    plain = plainspeak.rewrite(TEXT, settings=Settings(**FAST))
    assert "utilize" not in plain.output and "demoted_rules" not in plain.to_dict()["settings"]
    style = learn("A", [rule_row("PS1001", 2, 18)], [])
    result = plainspeak.rewrite(TEXT, settings=apply(Settings(**FAST), style))
    change = next(c for c in result.changes if c.rule == "PS1001")
    assert not change.accepted and not change.accepted_by_default
    assert "your team usually rejects this" in change.reason
    assert "utilize" in result.output and "from now on" in result.output  # the other rules still apply
    assert result.to_dict()["settings"]["demoted_rules"] == ["PS1001"]


def test_a_promoted_rule_is_applied_under_light():
    text = "The customer must return the equipment within 30 days."  # PS6001 is not a safe rule
    light = Settings(strength="light", **FAST)
    before = plainspeak.rewrite(text, settings=light)
    unsafe = [c for c in before.changes if not c.safe and not c.accepted]
    assert unsafe, [(c.rule, c.safe, c.accepted) for c in before.changes]
    code = unsafe[0].rule
    after = plainspeak.rewrite(text, settings=apply(light, learn("A", [rule_row(code, 20, 0)], [])))
    assert next(c for c in after.changes if c.rule == code).accepted


def test_apply_merges_glossaries_and_leaves_an_empty_style_alone():
    s = Settings(glossary={"replacements": {"log in": "sign in"}, "protected": ["Acme"]})
    assert apply(s, learn("A", [], [])) is s
    style = learn(
        "A",
        [],
        [],
        imported={"glossary": {"replacements": {"log in": "log on", "e-mail": "email"}, "protected": ["Zed"]}},
    )
    out = apply(s, style)
    assert out.glossary.replacements == {"log in": "sign in", "e-mail": "email"}  # the request wins
    assert out.glossary.protected == ["Zed", "Acme"]


def test_settings_validate_the_rule_lists():
    assert Settings(demoted_rules=["PS1001"]).to_dict()["demoted_rules"] == ["PS1001"]
    for bad in (["utilize"], "PS1001", [1001]):
        with pytest.raises(PlainspeakError) as e:
            Settings.from_dict({"demoted_rules": bad})
        assert e.value.code == "E006"


def test_hand_edits_are_found_word_by_word():
    assert hand_edits("Sign on to the portal today.", "Sign in to the portal today.") == [("on", "in")]
    assert hand_edits("Please use the portal.", "Please use the web portal.") == [("", "web")]
    assert hand_edits("Call us now.", "Call us now.") == []
    long = " ".join(["word"] * 10)
    assert hand_edits(f"A {long} B.", "A B.") == []  # a rewritten passage is not one edit


def test_recurring_hand_edits_become_suggested_replacements():
    style = learn("A", [], [("sign-on", "sign-in", 3), ("", "web", 9), ("portal", "site", 2)])
    assert style.suggested_replacements == [{"before": "sign-on", "after": "sign-in", "count": 3}]
    assert learn("A", [], [("portal", "site", 2)], Thresholds(min_edits=2)).suggested_replacements


def test_feedback_from_a_result_and_from_its_json():
    result = plainspeak.rewrite(TEXT, settings=Settings(**FAST))
    ids = [c.id for c in result.changes]
    keep = [c.id for c in result.changes if c.rule != "PS1001"]
    fb = from_result(result, keep, "A", final_text=result.render(keep).replace("portal", "web portal"))
    assert [(d.rule, d.accepted) for d in fb.decisions] == [(c.rule, c.id in keep) for c in result.changes]
    assert fb.edits == [("", "web")]
    fj = from_result_json(result.to_dict(), keep, "A", final_text=result.render(keep).replace("portal", "site"))
    assert [(d.rule, d.accepted) for d in fj.decisions] == [(d.rule, d.accepted) for d in fb.decisions]
    assert fj.edits == [("portal", "site")]  # measured against the text the kept ids give
    assert len(ids) == len(fj.decisions)
    with pytest.raises(PlainspeakError) as e:
        from_result_json(result.to_dict(), ["c99"], "A")
    assert e.value.code == "E009"
    with pytest.raises(PlainspeakError) as e:
        from_result_json({"output": "x", "changes": [{"id": "c1"}]}, [], "A")
    assert e.value.code == "E052"


def test_export_then_import_round_trip(tmp_path):
    """The exported file reproduces the style with no database, and imports into another store."""
    rows = [rule_row("PS1001", 1, 24), rule_row("PS1020", 25, 0)]
    style = learn(
        "A",
        rows,
        [("sign-on", "sign-in", 4)],
        imported={"glossary": {"protected": ["Acme Pay"], "banned": {}, "replacements": {}}},
    )
    path = tmp_path / "style.yaml"
    path.write_text(export_text(style), encoding="utf-8")
    settings = Settings.load(path)  # a plain settings file
    assert settings.demoted_rules == ["PS1001"] and settings.promoted_rules == ["PS1020"]
    assert settings.glossary.protected == ["Acme Pay"]
    assert "sign-on" in path.read_text() and "sign-on" not in settings.glossary.replacements  # only suggested
    with_db = plainspeak.rewrite(TEXT, settings=apply(Settings(**FAST), style))
    without = plainspeak.rewrite(TEXT, settings=Settings.from_dict({**Settings.load(path).to_dict(), **FAST}))
    assert without.output == with_db.output and "utilize" in without.output
    assert [(c.rule, c.accepted, c.reason) for c in without.changes] == [
        (c.rule, c.accepted, c.reason) for c in with_db.changes
    ]

    other = HouseStyleService(Store(f"sqlite:///{tmp_path / 'other.db'}"), cache_s=0)
    other.store.set_imported("B", load_style(path))
    imported = other.style("B")
    assert (imported.demoted_rules, imported.promoted_rules) == (["PS1001"], ["PS1020"])
    again = tmp_path / "again.yaml"
    again.write_text(export_text(imported), encoding="utf-8")
    assert yaml.safe_load(again.read_text()) == yaml.safe_load(path.read_text())

    adopted = tmp_path / "adopted.yaml"
    adopted.write_text(export_text(style, adopt_suggestions=True), encoding="utf-8")
    assert Settings.load(adopted).glossary.replacements == {"sign-on": "sign-in"}


def test_a_style_file_holds_only_style_fields(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("demoted_rules: [PS1001]\ntarget_grade: 6\n", encoding="utf-8")
    with pytest.raises(PlainspeakError) as e:
        load_style(bad)
    assert e.value.code == "E053"
    both = tmp_path / "both.yaml"
    both.write_text("demoted_rules: [PS1001]\npromoted_rules: [PS1001]\n", encoding="utf-8")
    with pytest.raises(PlainspeakError) as e:
        load_style(both)
    assert e.value.code == "E053"
    typo = tmp_path / "typo.yaml"
    typo.write_text("demoted_rule: [PS1001]\n", encoding="utf-8")
    with pytest.raises(PlainspeakError) as e:
        load_style(typo)
    assert e.value.code == "E006"
