"""The one pipeline call: rewrite, explain, verify, render, accept subsets, JSON shape."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

import plainspeak
from plainspeak import Glossary, PlainspeakError, Settings
from plainspeak.changes import Change
from plainspeak.render import apply_changes
from plainspeak.segment import segment
from plainspeak.verify import Verifier

HEADLINE = (
    "Please be advised that, pursuant to our policy, remittance must be received prior to the due date of {{due_date}}."
)


@pytest.fixture(scope="module")
def headline() -> plainspeak.Result:
    return plainspeak.rewrite(HEADLINE)


def test_headline_example(headline: plainspeak.Result) -> None:
    assert headline.output == "Please pay by {{due_date}}."
    assert all(c.reason and c.rule.startswith("PS") for c in headline.changes)
    assert headline.scores_after["flesch_kincaid_grade"] < headline.scores_before["flesch_kincaid_grade"]


def test_change_spans_point_into_source_and_output(headline: plainspeak.Result) -> None:
    for c in headline.changes:
        assert headline.source[c.start : c.end] == c.before
        if c.accepted:  # a change that now starts the sentence is capitalized in the output
            shown = headline.output[c.out_start : c.out_end]
            assert shown == c.after or (c.sentence_start and shown == c.after[:1].upper() + c.after[1:])


def test_accept_subset_and_render(headline: plainspeak.Result) -> None:
    ids = [c.id for c in headline.changes]
    assert headline.render([]) == HEADLINE
    assert headline.render(ids) == headline.output
    first_only = headline.with_accepted(ids[:1])
    assert first_only.output == headline.render(ids[:1])
    assert [c.accepted for c in first_only.changes] == [True] + [False] * (len(ids) - 1)
    with pytest.raises(PlainspeakError) as exc:
        headline.with_accepted(["c999"])
    assert exc.value.code == "E009"


def test_json_shape_is_versioned_and_complete(headline: plainspeak.Result) -> None:
    data = json.loads(json.dumps(headline.to_dict()))
    assert data["version"] == "1.0"
    assert set(data) == {
        "version",
        "format",
        "output",
        "changes",
        "flags",
        "scores",
        "verdicts",
        "sentences",
        "settings",
    }
    change = data["changes"][0]
    for key in (
        "id",
        "source_span",
        "output_span",
        "before",
        "after",
        "rule",
        "category",
        "reason",
        "origin",
        "accepted_by_default",
        "accepted",
        "warnings",
        "safe",
        "kind",
        "message",
    ):
        assert key in change
    assert change["origin"] == "rule"
    for key in (
        "flesch_reading_ease",
        "flesch_kincaid_grade",
        "gunning_fog",
        "smog_index",
        "coleman_liau_index",
        "automated_readability_index",
        "dale_chall",
        "text_standard",
        "words_per_sentence",
        "jargon_density",
        "passive_count",
        "reading_time_s",
    ):
        assert key in data["scores"]["before"]


def test_light_strength_only_applies_safe_rules() -> None:
    light = plainspeak.rewrite(HEADLINE, settings=Settings(strength="light"))
    for c in light.changes:
        assert c.accepted_by_default == c.safe
    assert all(c.safe for c in light.changes if c.accepted)


def test_strong_strength_splits_long_sentences() -> None:
    text = (
        "We have received your request for a refund of the charge on your account, and we will look into it "
        "carefully and write back to you within ten working days with our answer."
    )
    strong = plainspeak.rewrite(text, settings=Settings(strength="strong"))
    assert any(c.rule == "PS9010" for c in strong.changes)
    assert ". We will look into it" in strong.output
    standard = plainspeak.rewrite(text)
    assert not any(c.rule == "PS9010" for c in standard.changes)


def test_glossary_protects_bans_and_replaces() -> None:
    g = Glossary(protected=["Utilize Pro"], banned={"synergy": None}, replacements={"sign-on": "sign-in"})
    r = plainspeak.rewrite("Utilize Pro helps you utilize synergy at sign-on.", settings=Settings(glossary=g))
    assert r.output.startswith("Utilize Pro helps you use synergy at sign-in.")
    assert any(f.category == "glossary" and f.text == "synergy" for f in r.flags)


def test_glossary_terms_are_replaced_inside_names_too() -> None:
    """Built-in rules leave capitalised words in running text alone (names); a glossary term is often
    a name itself, so it is replaced wherever it stands."""
    g = Glossary(replacements={"Acme Cloud Drive": "Acme Drive"})
    r = plainspeak.rewrite("Save your files in Acme Cloud Drive today.", settings=Settings(glossary=g, model="none"))
    assert r.output == "Save your files in Acme Drive today."


def test_categories_can_be_disabled() -> None:
    r = plainspeak.rewrite("We will utilize your feedback.", settings=Settings(categories=["wordy"]))
    assert r.output == "We will utilize your feedback."


def test_placeholders_survive_every_rewrite() -> None:
    text = (
        "Dear *|FNAME|*, in order to utilize your %%COUPON%% prior to {{ expiry | date: '%b %d' }}, visit "
        "${portal_url} or [Sender_Name] at <%= support_email %>. {# note #}{% if vip %}Thank you.{% endif %}"
    )
    r = plainspeak.rewrite(text)
    doc = segment(text)
    for p in doc.protected:
        assert r.output.count(p.text) >= text.count(p.text)
    assert r.output != text


def test_analyze_reports_findings_and_scores() -> None:
    report = plainspeak.analyze("Your payment was received by our team. We will utilize it.")
    rules = {f["rule"] for s in report["sentences"] for f in s["findings"]}
    assert "PS9001" in rules
    assert report["scores"]["passive_count"] == 1
    assert report["scores"]["words"] == 11


# --- verifier -------------------------------------------------------------------------------


def _change(
    doc,
    before: str,
    after: str,
    cid: str = "c1",
    safe: bool = False,
    kind: str = "substitute",
    negation_ok: bool = False,
) -> Change:
    start = doc.source.index(before)
    return Change(
        id=cid,
        sentence=0,
        start=start,
        end=start + len(before),
        before=before,
        after=after,
        rule="PS0000",
        category="test",
        kind=kind,
        message="m",
        reason="r",
        origin="rule",
        safe=safe,
        negation_ok=negation_ok,
    )


@pytest.mark.parametrize(
    "text, before, after, failed",
    [
        ("Please pay $40 within 30 days.", "within 30 days", "within 60 days", "numbers"),
        ("Please pay within thirty days.", "thirty", "forty", "numbers"),
        ("We cannot refund this order.", "cannot refund", "can refund", "negation"),
        ("Never share your code with anyone.", "Never share", "Share", "negation"),
        ("Hello {{name}}, welcome.", "Hello {{name}}", "Hello", "protected"),
        ("Please pay the bill today.", "pay the bill", "adopt a kitten", "meaning"),
        ("Please pay today.", "pay", "remunerate the aforementioned institution", "readability"),
    ],
)
def test_verifier_refuses_and_falls_back_to_original(text, before, after, failed) -> None:
    doc = segment(text, "text")
    verifier = Verifier(Settings())
    c = _change(doc, before, after)
    verdict = verifier.choose(doc.sentences[0], [c])
    assert verdict.checks[failed] is False or failed in " ".join(c.warnings + verdict.notes)
    assert verdict.applied == [] and verdict.fallback == "kept the original sentence"
    assert c.accepted is False and c.warnings


def test_verifier_keeps_the_passing_subset() -> None:
    doc = segment("In order to pay within 30 days, call us.", "text")
    good = _change(doc, "In order to", "To", "c1", safe=True)
    bad = _change(doc, "30 days", "a month", "c2")
    verdict = Verifier(Settings()).choose(doc.sentences[0], [good, bad])
    assert verdict.applied == ["c1"] and verdict.rejected == ["c2"]
    assert verdict.fallback == "kept only the changes that pass"


def test_negation_ok_reframe_may_drop_a_negative() -> None:
    doc = segment("It is not our policy to accept returns after 30 days.", "text")
    c = _change(
        doc,
        "It is not our policy to accept returns after",
        "We accept returns within",
        negation_ok=True,
        kind="reframe",
    )
    assert Verifier(Settings()).choose(doc.sentences[0], [c]).applied == ["c1"]


def test_apply_changes_recapitalizes_after_a_sentence_initial_deletion() -> None:
    c = Change(
        id="c1",
        sentence=0,
        start=0,
        end=24,
        before="Please be advised that, ",
        after="",
        rule="PS1",
        category="hollow",
        kind="delete",
        message="",
        reason="",
        origin="rule",
        safe=True,
        sentence_start=True,
    )
    assert apply_changes("Please be advised that, the office is closed.", [c])[0] == "The office is closed."


# --- property: no rewrite ever changes a protected span ------------------------------------


_PIECES = [
    "Please be advised that",
    "pursuant to our policy,",
    "in order to",
    "utilize",
    "prior to",
    "{{due_date}}",
    "*|FNAME|*",
    "%FIRSTNAME%",
    "[Sender_Name]",
    "https://example.com/pay",
    "$25.00",
    "30 days",
    "3 May 2025",
    "we are unable to",
    "your call is important to us.",
    "at this point in time",
    "the account holder",
    "make a payment",
    "<b>",
    "</b>",
    "<p>",
    "</p>",
    "&amp;",
    "{% if x %}",
    "{% endif %}",
    "not",
    ".",
    ",",
    "\n",
    " ",
    "Acme Pay",
    "remittance must be received",
    "help@example.com",
    "555-123-4567",
]


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(_PIECES), min_size=1, max_size=25).map(" ".join),
    st.sampled_from(["text", "html", "markdown"]),
)
def test_no_rewrite_changes_a_protected_span(text: str, fmt: str) -> None:
    s = Settings(check_meaning=False, strength="strong", glossary=Glossary(protected=["Acme Pay"]))
    try:
        r = plainspeak.rewrite(text, format=fmt, settings=s)
    except PlainspeakError as exc:
        assert exc.code == "E001"
        return
    doc = segment(text, fmt, ["Acme Pay"])
    for c in r.changes:
        assert not any(c.start < p.end and p.start < c.end for p in doc.protected), (c.before, text)
    accepted = [c for c in r.changes if c.accepted]
    for p in doc.protected:  # each protected span sits, byte for byte, where the accepted changes put it
        shift = sum(len(c.after) - (c.end - c.start) for c in accepted if c.end <= p.start)
        assert r.output[p.start + shift : p.end + shift] == p.text, (p.text, text)


def test_entities_and_markdown_links_do_not_block_changes() -> None:
    s = Settings(check_meaning=False)
    assert plainspeak.rewrite("<p>We will utilize it &mdash; now.</p>", "html", s).output == (
        "<p>We will use it &mdash; now.</p>"
    )
    assert plainspeak.rewrite("[Utilize this link](https://x.com/a) in order to pay.\n", "markdown", s).output == (
        "[Use this link](https://x.com/a) to pay.\n"
    )


def test_bom_is_kept() -> None:
    out = plainspeak.rewrite(b"\xef\xbb\xbfWe will utilize it.", settings=Settings(check_meaning=False)).output
    assert out == "\ufeffWe will use it."


def test_a_fragment_running_into_markup_is_not_deleted() -> None:
    html = '<td>Kindly be advised that <a href="x">your order</a> shipped.</td>'
    assert plainspeak.rewrite(html, "html", Settings(check_meaning=False)).output == html


def test_accepting_two_overlapping_changes_is_a_clear_error() -> None:
    common = dict(
        sentence=0, rule="PS1", category="x", kind="substitute", message="", reason="", origin="rule", safe=True
    )
    a = Change(id="c1", start=0, end=10, before="We utilize", after="We use", **common)
    b = Change(id="c2", start=3, end=10, before="utilize", after="employ", **common)
    with pytest.raises(PlainspeakError) as exc:
        apply_changes("We utilize it.", [a, b])
    assert exc.value.code == "E014" and "c1" in exc.value.message and "c2" in exc.value.message


def test_prefetch_embeds_a_stages_candidates_in_one_batch_and_check_agrees(monkeypatch: pytest.MonkeyPatch) -> None:
    """Verifier.prefetch embeds every text the meaning checks will compare in one call; the checks
    then find them cached and give the same figures as without it."""
    from plainspeak.segment import segment
    from plainspeak.verify import Verifier

    text = "We will utilize your payment to facilitate the renewal."
    doc = segment(text)
    s = doc.sentences[0]
    groups = [
        [_change(doc, "utilize", "use")],
        [_change(doc, "facilitate", "help with")],
        [_change(doc, "utilize", "use"), _change(doc, "facilitate", "help with", cid="c2")],
        [_change(doc, "utilize", "use", safe=True)],  # nothing unsafe: no meaning check, nothing to embed
    ]
    plain = Verifier(Settings())
    expected = [plain.check(s, g) for g in groups]

    calls: list[list[str]] = []
    v = Verifier(Settings())
    real = v.embedder.encode

    def counting(texts: list[str]):
        calls.append([t for t in texts if t not in v.embedder._cache])
        return real(texts)

    v.embedder._cache.clear()
    monkeypatch.setattr(v.embedder, "encode", counting)  # the embedder is process-wide: undone after the test
    v.prefetch((s, g) for g in groups)
    assert len(calls) == 1 and len(set(calls[0])) == 4  # the original and three candidates, in one batch
    got = [v.check(s, g) for g in groups]
    assert all(c == [] for c in calls[1:])  # every later check found its texts cached
    assert got == expected


def test_a_given_reference_is_what_the_meaning_check_compares_with() -> None:
    """check(..., reference=R) measures the rewrite against R (the rules' certain result), not against the
    sentence with the group's own certain changes; prefetch embeds R, not the original."""
    from plainspeak.segment import segment
    from plainspeak.verify import Verifier

    text = "We will utilize your payment to facilitate the renewal."
    doc = segment(text)
    s = doc.sentences[0]
    group = [_change(doc, "utilize your payment to facilitate", "use your payment to help with")]
    reference = "We will use your payment to facilitate the renewal."
    out = "We will use your payment to help with the renewal."
    v = Verifier(Settings())
    sim = v.check(s, group, reference)[3]
    assert sim == round(v.embedder.similarity(reference, out), 3)
    assert sim != v.check(s, group)[3]  # against the original the figure differs
    v.embedder._cache.clear()
    v.prefetch([(s, group, reference)])
    assert reference in v.embedder._cache and out in v.embedder._cache and text not in v.embedder._cache


def test_restructured_candidates_of_the_rules_result_are_measured_against_its_certain_changes() -> None:
    """A restructuring built from the rules' result is compared with the sentence with the rules' certain
    swaps (the text the rules stage embedded already), so the paragraph's meaning checks embed fewer texts."""
    from plainspeak.embeddings import get_embedder

    text = (
        "Please be advised that failure to provide the requested information within 14 days may result in "
        "the termination of your application."
    )
    r = plainspeak.rewrite(text, settings=Settings(model="none"))
    tail = "the requested information within 14 days"
    assert r.output == f"Please give {tail} to avoid the termination of your application."
    reference = f"Failure to provide {tail} may result in the termination of your application."
    assert r.verdicts[0]["similarity"] == round(get_embedder().similarity(reference, r.output), 3)
