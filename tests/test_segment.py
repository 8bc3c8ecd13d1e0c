"""Segmenter: protected spans, sentence splitting, HTML/Markdown regions, exact re-joining."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plainspeak.segment import detect_format, segment
from plainspeak.segment.protect import find_protected


def kinds(text: str, **kw) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in find_protected(text, **kw)]


def test_every_placeholder_syntax_is_protected() -> None:
    samples = [
        "{{first_name}}",
        "{{ first_name }}",
        "{{{c2a_link}}}",
        "{{#each items}}",
        "{{/each}}",
        "{{^x}}",
        "{% if user %}",
        "{% blocktrans %}",
        "{# a comment #}",
        "*|FNAME|*",
        "%FIRSTNAME%",
        "%%COMPANY%%",
        "<%= user.name %>",
        "<%asm_global_unsubscribe_raw_url%>",
        "${amount}",
        "[Sender_Name]",
        "[Product Name]",
        '{{ name | default: "friend" }}',
    ]
    for p in samples:
        text = f"Hello {p} and welcome."
        assert ("placeholder", p) in kinds(text), p


def test_urls_emails_numbers_money_dates_phones_are_protected() -> None:
    text = (
        "Visit https://example.com/pay?id=7 or www.example.org, write to help@example.com, call "
        "+1 (555) 123-4567, pay $1,250.00 or 20% by 3 May 2025 or 2025-05-03 at 10:30 am, item 42."
    )
    found = dict((t, k) for k, t in kinds(text))
    assert found["https://example.com/pay?id=7"] == "url"
    assert found["www.example.org"] == "url"
    assert found["help@example.com"] == "email"
    assert found["$1,250.00"] == "money"
    assert found["20%"] == "percent"
    assert found["3 May 2025"] == "date"
    assert found["2025-05-03"] == "date"
    assert found["42"] == "number"
    assert any(k == "phone" for k in found.values())


def test_protected_terms_are_case_sensitive_and_whole_word() -> None:
    spans = kinds("Try Acme Pay today; acme pay is not the brand. Acme Payments differ.", terms=["Acme Pay"])
    assert spans.count(("term", "Acme Pay")) == 1


def test_url_containing_placeholder_is_one_span() -> None:
    assert (
        kinds("Go to https://x.example.com/u/{{user_id}}/settings now.")
        == [("placeholder", "https://x.example.com/u/{{user_id}}/settings")]
        or len(kinds("Go to https://x.example.com/u/{{user_id}}/settings now.")) == 1
    )


def test_sentences_respect_abbreviations_lists_and_placeholders() -> None:
    text = (
        "Dear Mr. Smith, your bill (approx. $40) is due on Jan. 3. Pay at www.example.com. Thanks!\n"
        "\n- First, log in.\n- Then pay {{amount}}.\n1. Call us\n2. Write to us"
    )
    doc = segment(text, "text")
    assert [s.text for s in doc.sentences] == [
        "Dear Mr. Smith, your bill (approx. $40) is due on Jan. 3.",
        "Pay at www.example.com.",
        "Thanks!",
        "First, log in.",
        "Then pay {{amount}}.",
        "Call us",
        "Write to us",
    ]


def test_html_text_nodes_only() -> None:
    html = (
        "<html><head><title>T</title><style>p{color:red}</style></head><body>"
        "<!--[if mso]><p>Outlook only text</p><![endif]-->"
        '<p class="x" title="Utilize this">Please utilize the form.</p><script>var a = "utilize";</script>'
        "<pre>utilize</pre><code>utilize</code><p>Caf&eacute; &amp; more.</p></body></html>"
    )
    doc = segment(html)
    assert doc.format == "html"
    texts = [s.text for s in doc.sentences]
    assert texts == ["Please utilize the form.", "Caf&eacute; &amp; more."]
    assert ("entity", "&eacute;") in [(p.kind, p.text) for p in doc.protected]


def test_unclosed_and_broken_html_still_segments() -> None:
    html = "<div><p>Open paragraph <b>bold<p>Another one</div></span><p>last"
    doc = segment(html, "html")
    assert doc.join() == html
    assert [s.text for s in doc.sentences] == ["Open paragraph", "bold", "Another one", "last"]


def test_markdown_skips_code_and_link_targets() -> None:
    md = (
        "# Heading\n\nPlease [utilize the form](https://example.com/utilize) now.\n\n"
        "```\nutilize()\n```\n\nUse `utilize` in code.\n"
    )
    doc = segment(md)
    assert doc.format == "markdown"
    joined = " ".join(s.text for s in doc.sentences)
    assert "utilize()" not in joined
    assert ("markup", "](https://example.com/utilize)") in [(p.kind, p.text) for p in doc.protected]
    assert ("markup", "`utilize`") in [(p.kind, p.text) for p in doc.protected]


def test_detect_format() -> None:
    assert detect_format("<p>Hello</p>") == "html"
    assert detect_format("# Title\n\n- item\n- item") == "markdown"
    assert detect_format("Just a sentence.") == "text"


_text_alphabet = st.sampled_from(
    list("abc XYZ.,!?;:-'\"\n\t{}%*|$[]()<>/&#;=")
    + ["{{x}}", "*|FNAME|*", "Mr.", "http://a.b/c", "&amp;", "<p>", "</p>", "<!--", "-->", "é", "€"]
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(_text_alphabet, max_size=60).map("".join), st.sampled_from(["text", "markdown", "html", "auto"]))
def test_segment_and_join_is_byte_identical(text: str, fmt: str) -> None:
    doc = segment(text, fmt)
    assert doc.join() == text
    for s in doc.sentences:
        assert text[s.start : s.end] == s.text
        for p in s.protected:
            assert text[p.start : p.end] == p.text
    for a, b in zip(doc.regions, doc.regions[1:]):
        assert a[1] <= b[0]


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_segment_any_unicode_text(text: str) -> None:
    for fmt in ("text", "markdown", "html"):
        assert segment(text, fmt).join() == text
