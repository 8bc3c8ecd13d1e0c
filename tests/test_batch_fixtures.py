"""Batch on hand-written fixtures for the syntaxes the corpus lacks (tests/fixtures/templates/):
Mailchimp *|FNAME|*, %FIRSTNAME%, %%X%% (and AMPscript), ERB <%= %>, ${x}, Liquid filters,
Jinja comments, Handlebars comments and partials, MJML, Markdown, a UTF-8 BOM with CRLF,
and .eml files with a text and an HTML part, quoted-printable, base64 and an RFC 2047 subject.
"""

from __future__ import annotations

import email
import json
import sys
from collections import Counter
from email.policy import compat32
from pathlib import Path

import pytest

import plainspeak
from plainspeak import Settings
from plainspeak.batch import discover, fidelity, run_batch
from plainspeak.batch.discover import host_for, kind_from_name, refine_kind
from plainspeak.batch.formats import mask, mask_spans, rewrite_copy
from plainspeak.errors import PlainspeakError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "templates"
FAST = Settings(check_meaning=False)

# Each fixture: the placeholder tokens it must keep, written out by hand.
TOKENS = {
    "mailchimp_welcome.html": [
        "*|MC:SUBJECT|*",
        "*|MC_PREVIEW_TEXT|*",
        "*|FNAME|*",
        "*|IF:COMPANY|*",
        "*|COMPANY|*",
        "*|END:IF|*",
        "*|LIST:EMAIL|*",
        "*|UNIQID|*",
        "*|UPDATE_PROFILE|*",
        "*|UNSUB|*",
        "*|LIST:ADDRESS|*",
        "*|CURRENT_YEAR|*",
    ],
    "activecampaign_reminder.txt": [
        "%FIRSTNAME%",
        "%RENEWAL_DATE%",
        "%EMAIL%",
        "%%PLAN_NAME%%",
        "%%PLAN_PRICE%%",
        "%%=v(@signature)=%%",
        '%%[ SET @utilize = "utilize in order to" ]%%',
        "%UNSUBSCRIBELINK%",
    ],
    "erb_receipt.html": [
        "<%# Utilize this receipt partial in order to render orders. Please do not hesitate to edit. %>",
        "<%= @user.first_name %>",
        "<%= @order.card_last4 %>",
        "<% if @order.gift? %>",
        "<% end %>",
        "<%= number_to_currency(@order.total) %>",
        "<%= support_url %>",
    ],
    "dollar_brace.txt": ["${user.firstName}", "${order.id}", "${order.eta}", "${order.trackingUrl}", "${footer}"],
    "order_shipped.liquid": [
        '{{ customer.first_name | default: "there" }}',
        "{{ order.name }}",
        '{{ shipping_method.title | default: "our courier" | upcase }}',
        "{% if order.note != blank %}",
        "{{ order.note | escape }}",
        "{% endif %}",
        '{{ order.created_at | date: "%B %-d, %Y" }}',
        "{{ shop.email }}",
        "{{ 'now' | date: \"%Y\" }}",
        "{% comment %}",
        "{% endcomment %}",
    ],
    "password_reset.html.j2": [
        "{{ user.name|e }}",
        "{{ reset_url }}",
        "{% if support_email %}",
        "{{ support_email }}",
        "{% endif %}",
        '{% extends "base.html" %}',
        "{% block body %}",
        "{% endblock %}",
    ],
    "team_invite.hbs": [
        '{{> header title="You\'re invited"}}',
        "{{name}}",
        "{{invite_sender_name}}",
        "{{product_name}}",
        "{{#if trial}}",
        "{{trial_end_date}}",
        "{{else}}",
        "{{plan.name}}",
        "{{/if}}",
        "{{{action_button}}}",
        "{{support_email}}",
        "{{#each teammates}}",
        "{{this.name}}",
        "{{/each}}",
    ],
    "spring_sale.mjml": ["{{code}}", "{{first_name}}", "{{user_id}}"],
    "bom_crlf.txt": ["{{ name }}"],
}
# Text that is not copy and must survive word for word although it is full of jargon.
KEPT = {
    "mailchimp_welcome.html": [
        "/* Utilize the brand colours. Please do not hesitate to reach out to design. */",
        "/* utilize Outlook fixes */",
        'data-note="utilize in order to"',
        'title="Reach out to us"',
        "<!--[if mso]>",
        "<!--[if !mso]><!-- -->",
        "&nbsp;&mdash; we&#8217;re",
        "&amp;src=email",
    ],
    "order_shipped.liquid": [
        "Utilize this template in order to announce shipments. Please do not hesitate to change it."
    ],
    "password_reset.html.j2": [
        "{# Password reset email. Utilize the reset_url variable in order to build the button. Please do not "
        "hesitate to ask the platform team. #}",
        "how we utilize the reset token, in order to\n    explain to future maintainers",
    ],
    "team_invite.hbs": [
        "{{!-- Team invitation. Utilize {{inviter}} in order to name the sender. Please do not "
        "hesitate to extend this comment. --}}",
        "{{! Utilize the raw helper below for the button HTML }}",
    ],
    "spring_sale.mjml": [
        ".utilize-in-order-to { color: #c00; } /* Please do not hesitate to utilize this class */",
        '<mj-class name="utilize" color="#333" />',
    ],
    "release_notes.md": [
        "# utilize the CLI in order to upgrade\napp upgrade --utilize",
        "(https://example.com/changelog?utm=utilize)",
        "---\ntitle: Release notes\n",
    ],
}
# A rewrite each fixture must show. The rule data grows while this is written, so only two
# long-standing rules are relied on: "utilize" -> "use" and "in order to" -> "to".
REWRITTEN = {
    "mailchimp_welcome.html": "we will use your feedback",
    "activecampaign_reminder.txt": "%RENEWAL_DATE% to keep your account active.",
    "erb_receipt.html": "We will use the card ending in <%= @order.card_last4 %> to complete your order.",
    "dollar_brace.txt": "use this link: ${order.trackingUrl}",
    "order_shipped.liquid": 'We will use {{ shipping_method.title | default: "our courier" | upcase }} to deliver',
    "password_reset.html.j2": "To reset it, use the button below.",
    "team_invite.hbs": "would like you to use {{product_name}} to collaborate",
    "spring_sale.mjml": "we will use your points to lower the price",
    "release_notes.md": "We will use your feedback to improve the **billing page**.",
    "bom_crlf.txt": "We will use your points to lower the price.\r\n",
}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("fixtures") / "out"
    report = run_batch(FIXTURES, out, settings=FAST, diff=True)
    data = json.loads(Path(report.report_json).read_text(encoding="utf-8"))
    return {"out": out, "report": report, "records": {r["path"]: r for r in data["files"]}}


def test_all_fixtures_rewritten(run):
    assert run["report"].exit_code == 0, run["report"].failed
    for name in TOKENS:
        assert run["records"][name]["status"] == "rewritten", name


@pytest.mark.parametrize("name", sorted(TOKENS))
def test_placeholders_kept(run, name):
    src = (FIXTURES / name).read_bytes().decode("utf-8")
    out = (run["out"] / name).read_bytes().decode("utf-8")
    for tok in TOKENS[name]:
        assert src.count(tok) >= 1, f"fixture lacks {tok!r}"
        assert out.count(tok) == src.count(tok), f"{name}: {tok!r}"
    assert fidelity.template_tokens(src) == fidelity.template_tokens(out)


@pytest.mark.parametrize("name", sorted(KEPT))
def test_non_copy_kept(run, name):
    out = (run["out"] / name).read_text(encoding="utf-8")
    for kept in KEPT[name]:
        assert kept in out, f"{name}: {kept!r} was changed"


@pytest.mark.parametrize("name", sorted(REWRITTEN))
def test_copy_rewritten(run, name):
    out = (run["out"] / name).read_bytes().decode("utf-8-sig")
    assert REWRITTEN[name] in out


@pytest.mark.parametrize(
    "name", [n for n in sorted(TOKENS) if n.endswith((".html", ".mjml", ".hbs", ".liquid", ".j2"))]
)
def test_markup_identical(run, name):
    src = (FIXTURES / name).read_text(encoding="utf-8")
    out = (run["out"] / name).read_text(encoding="utf-8")
    assert fidelity.tags_and_attributes(src) == fidelity.tags_and_attributes(out)
    assert fidelity.markup_signature(src) == fidelity.markup_signature(out)


def test_bom_and_crlf_kept(run):
    out = (run["out"] / "bom_crlf.txt").read_bytes()
    assert out.startswith(b"\xef\xbb\xbfHello {{ name }},\r\n\r\n")
    assert out.count(b"\r\n") == (FIXTURES / "bom_crlf.txt").read_bytes().count(b"\r\n")
    assert b"\n" not in out.replace(b"\r\n", b"")


def test_diff_written(run):
    rec = run["records"]["dollar_brace.txt"]
    diff = Path(rec["diff"]).read_text(encoding="utf-8")
    assert diff.startswith("--- a/dollar_brace.txt\n+++ b/dollar_brace.txt\n")
    assert "-In order to track it, utilize this link: ${order.trackingUrl}" in diff


def _msg(data: bytes):
    return email.message_from_bytes(data, policy=compat32)


def test_eml_both_parts_subject_and_structure(run):
    src = (FIXTURES / "payment_failed.eml").read_bytes()
    out = (run["out"] / "payment_failed.eml").read_bytes()
    a, b = _msg(src), _msg(out)
    # each piece is rewritten exactly as plainspeak.rewrite rewrites it alone
    assert b["Subject"] == plainspeak.rewrite(a["Subject"], "text", FAST).output != a["Subject"]
    for key in ("From", "To", "Date", "Message-ID", "Content-Type", "Return-Path", "MIME-Version"):
        assert a[key] == b[key]
    pa, pb = list(a.walk()), list(b.walk())
    assert [p.get_content_type() for p in pa] == [p.get_content_type() for p in pb]
    assert [p.items() for p in pa[1:]] == [p.items() for p in pb[1:]]  # part headers untouched
    plain_a, plain_b = (p.get_payload(decode=True).decode() for p in (pa[2], pb[2]))
    html_a, html_b = (p.get_payload(decode=True).decode() for p in (pa[3], pb[3]))
    assert plain_b == plainspeak.rewrite(plain_a, "text", FAST).output != plain_a
    assert html_b == plainspeak.rewrite(html_a, "html", FAST).output != html_a
    assert "to keep your account active" in plain_b and "to keep your account active" in html_b
    for tok in ("{{first_name}}", "{{invoice_id}}", "{{due_date}}"):
        assert plain_b.count(tok) == plain_a.count(tok) == 1 and html_b.count(tok) == 1
    assert fidelity.markup_signature(html_a) == fidelity.markup_signature(html_b)
    # the attachment is byte for byte the same
    assert pa[4].get_payload() == pb[4].get_payload()
    assert (
        src[src.index(b"--MIXED_b0undary\nContent-Type: application/pdf") :]
        == out[out.index(b"--MIXED_b0undary\nContent-Type: application/pdf") :]
    )
    # quoted-printable: lines whose text did not change keep their bytes, and every line stays short
    assert b"\nThe Billing Team\n" in out and b"Hi {{first_name}},\n" in out
    qp = out[out.index(b"quoted-printable\n\n") : out.index(b"--ALT-b0undary\nContent-Type: text/html")]
    assert max(len(line) for line in qp.split(b"\n")) <= 76
    # everything before the Subject line is identical
    assert out[: src.index(b"Subject:")] == src[: src.index(b"Subject:")]


def test_eml_crlf_base64_and_encoded_subject(run):
    src = (FIXTURES / "points_offer.eml").read_bytes()
    out = (run["out"] / "points_offer.eml").read_bytes()
    a, b = _msg(src), _msg(out)
    decode = lambda m: str(email.header.make_header(email.header.decode_header(m["Subject"])))
    assert decode(a) == "Utilize your café points in order to save"
    assert decode(b) == plainspeak.rewrite(decode(a), "text", FAST).output == "Use your café points to save"
    assert b"=?utf-8?" in out.split(b"\r\n")[2]
    body_a = a.get_payload(decode=True).decode("utf-8")
    body_b = b.get_payload(decode=True).decode("utf-8")
    assert body_b == plainspeak.rewrite(body_a, "html", FAST).output != body_a
    assert "%FIRSTNAME%" in body_b
    head = src[: src.index(b"\r\n\r\n")].split(b"\r\n")
    out_head = out[: out.index(b"\r\n\r\n")].split(b"\r\n")
    assert [h for h in head if not h.startswith(b"Subject")] == [h for h in out_head if not h.startswith(b"Subject")]
    assert b"\n" not in out.replace(b"\r\n", b"")  # CRLF everywhere still
    assert all(len(line) <= 76 for line in out.split(b"\r\n"))


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_local_pool_matches_in_process(run, tmp_path, monkeypatch, method):
    """Workers forked from this process once it has loaded the models, or spawned fresh: the same bytes."""
    monkeypatch.setenv("PLAINSPEAK_BATCH_START", method)
    report = run_batch(FIXTURES, tmp_path / "pool", settings=FAST, workers=2)
    assert report.exit_code == 0 and report.workers == 2
    for name in TOKENS:
        assert (tmp_path / "pool" / name).read_bytes() == (run["out"] / name).read_bytes()


def test_the_pool_forks_only_when_no_other_thread_runs(monkeypatch):
    import threading

    from plainspeak.batch.engines import start_method

    monkeypatch.delenv("PLAINSPEAK_BATCH_START", raising=False)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.delitem(sys.modules, "torch", raising=False)
    assert start_method() == "fork"  # Linux, this thread alone, no torch yet
    monkeypatch.setitem(sys.modules, "torch", object())
    assert start_method() == "spawn"  # its OpenMP threads may be running already
    monkeypatch.delitem(sys.modules, "torch")
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert start_method() == "spawn"  # a fork would copy a lock another thread may hold
    monkeypatch.setenv("PLAINSPEAK_BATCH_START", "fork")
    assert start_method() == "fork"
    monkeypatch.setenv("PLAINSPEAK_BATCH_START", "thread")
    with pytest.raises(PlainspeakError) as e:
        start_method()
    assert e.value.code == "E037"


# ---- units: discovery, masking, fidelity checks -------------------------------------------


def test_kinds_from_extension_and_content():
    assert kind_from_name("a.HTM") == "html" and kind_from_name("a.mustache") == "handlebars"
    assert kind_from_name("x.j2") == "jinja" and kind_from_name("x.liquid") == "liquid"
    assert kind_from_name("m.eml") == "eml" and kind_from_name("data.json") is None
    assert kind_from_name("x.tpl", {".tpl": "html"}) == "html"
    assert host_for("jinja", "reset.html.j2") == "html"
    assert host_for("liquid", "a.txt.liquid") == "text"
    assert host_for("handlebars", "a.hbs", "<table><tr><td>{{x}}</td></tr></table>") == "html"
    assert host_for("handlebars", "a.hbs", "Hi {{x}},\nthanks.") == "text"
    assert refine_kind("html", b"<!-- x -->\n<mjml><mj-body></mj-body></mjml>") == "mjml"
    assert refine_kind("html", b"<html></html>") == "html"


def test_discovery_skips_metadata_hidden_and_reports(tmp_path):
    (tmp_path / "a.html").write_text("<p>x</p>")
    (tmp_path / "LICENSE").write_text("MIT")
    (tmp_path / "SOURCE.md").write_text("# from")
    (tmp_path / "data.json").write_text("{}")
    (tmp_path / ".hidden.html").write_text("<p>x</p>")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.html").write_text("<p>x</p>")
    (tmp_path / "plainspeak-report").mkdir()
    (tmp_path / "plainspeak-report" / "report.html").write_text("<p>x</p>")
    got = {e.rel: (e.kind, e.reason) for e in discover([tmp_path])}
    assert got == {
        "a.html": ("html", ""),
        "LICENSE": (None, "excluded: LICENSE*"),
        "SOURCE.md": (None, "excluded: SOURCE.md"),
        "data.json": (None, "not a template"),
    }
    got = {e.rel: e.kind for e in discover([tmp_path], default_excludes=False, excludes=["a.*"])}
    assert got["SOURCE.md"] == "markdown" and got["a.html"] is None


def test_mask_spans_cover_template_comments():
    text = "{{!-- a --}} x {{! b }} {# c #} {{#if y}} {% comment %} d {% endcomment %} <%# e %> %%[ f ]%% %%=v(@g)=%%"
    pieces = [text[s:e] for s, e in mask_spans(text, "handlebars")]
    assert pieces == [
        "{{!-- a --}}",
        "{{! b }}",
        "{# c #}",
        "{% comment %} d {% endcomment %}",
        "<%# e %>",
        "%%[ f ]%%",
        "%%=v(@g)=%%",
    ]
    assert "{{#if y}}" in mask(text, mask_spans(text, "handlebars"))
    long_tag = "{% " + "x" * 500 + " %}"
    assert mask_spans("a " + long_tag + " b {% short %}", "jinja") == [(2, 2 + len(long_tag))]
    mj = "<mj-style>.a{}</mj-style><mj-text>hi</mj-text>"
    assert [mj[s:e] for s, e in mask_spans(mj, "mjml")] == [".a{}"]
    assert mask("ab\ncd", [(1, 4)]) == "a \n d"


def test_change_reaching_into_masked_text_is_dropped():
    # "in order to" spans a masked comment: the whole sentence is kept as it was
    text = "We will utilize it in order {{!-- note --}} to help.\nWe will utilize the form."
    outcome = rewrite_copy(text, "text", "handlebars", FAST)
    assert outcome.output.startswith("We will utilize it in order {{!-- note --}} to help.")
    assert outcome.output.endswith("We will use the form.")


def test_fidelity_check_catches_markup_and_placeholder_damage():
    before = '<p title="a">Hello {{name}}, we will utilize it.</p>'
    assert fidelity.check(before, '<p title="a">Hello {{name}}, we will use it.</p>', "html", [(33, 40)]) == []
    assert fidelity.check(before, '<p title="b">Hello {{name}}, we will use it.</p>', "html", [(33, 40)])
    assert fidelity.check(before, '<p title="a">Hello {{nam}}, we will use it.</p>', "html", [(33, 40)])
    assert any("not inside a text node" in p for p in fidelity.check(before, before, "html", [(3, 8)]))


def test_format_override_and_ext_map(tmp_path):
    (tmp_path / "welcome.tpl").write_text('<p title="utilize">We will utilize it.</p>\n', encoding="utf-8")
    (tmp_path / "notes.txt").write_text("We will utilize it.\n", encoding="utf-8")
    r = run_batch(tmp_path, tmp_path / "out", settings=FAST, ext_map=[".tpl=html"])
    assert {x["path"]: x["status"] for x in r.records} == {"welcome.tpl": "rewritten", "notes.txt": "rewritten"}
    assert (tmp_path / "out" / "welcome.tpl").read_text() == '<p title="utilize">We will use it.</p>\n'
    r = run_batch(tmp_path / "notes.txt", tmp_path / "out2", settings=FAST, format="html")
    assert r.records[0]["kind"] == "html"


def test_fixture_tokens_are_recognised_by_fidelity():
    for name, toks in TOKENS.items():
        src = (FIXTURES / name).read_text(encoding="utf-8-sig")
        found = Counter(fidelity.template_tokens(src))
        for tok in toks:
            if tok.startswith("{% comment"):
                continue
            assert any(tok in f for f in found), (name, tok)
