"""The target grade: each sentence says whether it meets it, and one that does not says why."""

from __future__ import annotations

import pytest

import plainspeak
from plainspeak.settings import Settings
from plainspeak.target import series_items, why_above

RULES_ONLY = Settings(model="none", check_meaning=False)


@pytest.mark.parametrize(
    "text, items",
    [
        ("Pay all outstanding fees, charges, penalties and interest within 30 days.", 4),
        ("Choose red, green, or blue.", 3),
        ("Bring one, two and three.", 3),
        ("We called, and they came.", 0),
        ("If you pay late, we charge a fee and interest.", 0),
        ("Thank you.", 0),
    ],
)
def test_series_items(text: str, items: int) -> None:
    assert series_items(text) == items


def test_why_names_the_cause_a_writer_can_act_on() -> None:
    s = Settings(target_grade=8)
    legal = "The holder shall pay all fees, charges, penalties and interest pursuant to section 4."
    assert "4-item legal condition" in why_above(legal, 14.0, s) and "consider a list" in why_above(legal, 14.0, s)
    long = " ".join(["The customer who opened the account"] * 6) + " pays."
    assert "no clause that splits off safely" in why_above(long, 20.0, s)
    dense = "Comprehensive documentation accompanies every individual application."
    assert "long words (Comprehensive, documentation, accompanies)" in why_above(dense, 16.0, s)
    assert why_above(dense, 16.0, s).startswith("still above the target grade 8 (grade 16)")


def test_sentences_report_the_target_and_notes_say_why() -> None:
    text = (
        "Notwithstanding the foregoing, the account holder shall remit all outstanding fees, charges, "
        "penalties and interest within thirty days of the date of this notice. Thanks!"
    )
    r = plainspeak.rewrite(text, settings=RULES_ONLY)
    first, last = r.sentences
    assert first["grade_after"] < first["grade"] and first["target_met"] is False
    assert any("consider a list" in n for n in r.verdicts[0]["notes"])
    assert last["target_met"] is True and not any("target" in n for n in r.verdicts[1]["notes"])
    easy = plainspeak.rewrite(text, settings=Settings(model="none", check_meaning=False, target_grade=18))
    assert easy.sentences[0]["target_met"] is True
