"""The review UI never applies two changes that rewrite the same words."""

from __future__ import annotations

import plainspeak
from plainspeak import Settings
from plainspeak.render import Change
from plainspeak.server.ui.app import without_conflicts


def test_overlapping_accepts_keep_the_first() -> None:
    r = plainspeak.rewrite(
        "We will utilize your feedback in order to improve.", settings=Settings(check_meaning=False, model="none")
    )
    rule_ids = [c.id for c in r.changes]
    assert len(rule_ids) == 2
    s = r.sentences[0]["source_span"]
    whole = Change(
        id="m1",
        sentence=0,
        start=s[0],
        end=s[1],
        before=r.source[s[0] : s[1]],
        after="We will use your feedback to improve.",
        rule="PS9100",
        category="model",
        kind="reframe",
        message="",
        reason="",
        origin="model",
        safe=False,
    )
    r.changes.append(whole)
    # the sentence rewrite starts first in the text, so it wins over the rule changes inside it
    assert without_conflicts(r, rule_ids + ["m1"]) == ["m1"]
    assert without_conflicts(r, rule_ids) == rule_ids
    assert r.render(without_conflicts(r, ["m1", *rule_ids])) == whole.after
