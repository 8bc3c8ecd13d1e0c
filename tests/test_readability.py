"""Grades and word counts are taken on the copy as a reader meets it (`reading_text`): template logic,
tags and entities do not make a sentence harder, a merge field or a link reads as one word."""

from __future__ import annotations

import pytest

from plainspeak.pipeline import analyze
from plainspeak.readability import is_english, is_prose, reading_text, sentence_grade, word_count

PLAIN = "Your email has been confirmed."


@pytest.mark.parametrize(
    "wrapped",
    [
        "{% block message %}{% blocktrans %}Your email has been confirmed.{% endblocktrans %}{% endblock message %}",
        "{{#if verified}}Your email has been confirmed.{{/if}}",
        "<% if ok %>Your email has been confirmed.<% end %>",
        "Your&nbsp;email has been con&shy;firmed.",
        "Your <b>email</b> has been confirmed.<!-- footer -->",
    ],
)
def test_markup_around_a_sentence_does_not_change_its_grade(wrapped: str) -> None:
    assert reading_text(wrapped) == PLAIN
    assert sentence_grade(wrapped) == sentence_grade(PLAIN)
    assert word_count(wrapped) == word_count(PLAIN) == 5


@pytest.mark.parametrize(
    "text",
    [
        "Hi {{ first_name }}, your order is on its way.",
        "Hi *|FNAME|*, your order is on its way.",
        "Hi %FIRSTNAME%, your order is on its way.",
        "Hi [Customer_Name], your order is on its way.",
        "Hi ${user.name}, your order is on its way.",
    ],
)
def test_a_merge_field_reads_as_one_word(text: str) -> None:
    assert word_count(text) == word_count("Hi Sam, your order is on its way.") == 8
    assert sentence_grade(text) == sentence_grade("Hi Sam, your order is on its way.")


def test_links_and_addresses_read_as_one_word() -> None:
    text = "Copy https://example.com/reset?token=abc123&user=42 into your browser or write to help@example.com."
    assert reading_text(text) == "Copy link into your browser or write to link."


def test_percentages_and_plain_text_are_untouched() -> None:
    for text in ("Costs rose 5% and 7% this year.", "Prices fall by 10%, and you save more."):
        assert reading_text(text) == text


def test_a_row_of_entities_is_no_sentence() -> None:
    assert word_count("&nbsp;&nbsp;&nbsp;|&nbsp;&nbsp;&nbsp;") == 0
    assert sentence_grade("&nbsp;&nbsp;&nbsp;|&nbsp;&nbsp;&nbsp;") == 0.0


def test_analyze_grades_a_django_template_sentence_as_its_copy() -> None:
    text = "{% block content %}{% blocktrans %}Your email has been confirmed.{% endblocktrans %}{% endblock content %}"
    (s,) = analyze(text, "text")["sentences"]
    assert s["grade"] == sentence_grade(PLAIN)
    assert s["words"] == 5


LOREM = (
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore "
    "magna aliqua."
)
SPANISH = "Por favor, complete el formulario de solicitud y envíelo antes de la fecha de vencimiento indicada."


@pytest.mark.parametrize("text", [LOREM, SPANISH, "Vestibulum ante ipsum primis in faucibus orci luctus et ultrices."])
def test_text_that_is_not_english_gets_no_grade(text: str) -> None:
    assert not is_english(text)
    assert sentence_grade(text) == 0.0


@pytest.mark.parametrize(
    "text",
    [
        "Please complete the application form and return it before the due date.",
        "See OCC: 12 CFR parts 34, Subpart C, and 164; Board: 12 CFR part 208, subpart E.",
        "Ship to Zyxcorp Qwertyville.",  # too few words to tell: English
    ],
)
def test_english_is_english(text: str) -> None:
    assert is_english(text)


def test_filler_is_flagged_and_left_out_of_the_scores() -> None:
    plain = "Your order has shipped. It will arrive on Monday."
    a = analyze(f"{plain} {LOREM}", "text")
    filler = a["sentences"][-1]
    assert filler["grade"] == 0.0
    assert [f["rule"] for f in filler["findings"]] == ["PS5039"]  # no "long sentence", no "above target"
    alone = analyze(plain, "text")["scores"]
    for key in ("flesch_kincaid_grade", "flesch_reading_ease", "words", "sentences", "words_per_sentence"):
        assert a["scores"][key] == alone[key]


def test_another_language_is_not_rewritten() -> None:
    from plainspeak.pipeline import rewrite
    from plainspeak.settings import Settings

    r = rewrite(SPANISH, "text", Settings(model="none"))
    assert r.output == SPANISH


def test_is_prose_reads_the_copy_as_a_reader_meets_it() -> None:
    assert is_prose("{% blocktrans %}Your email has been confirmed.{% endblocktrans %}")
    assert not is_prose("<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>")
