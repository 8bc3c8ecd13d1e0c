"""The model's splits are checked on the parse: every new sentence has a finite main verb with its
subject (or is a command), no subordinate clause stands alone, and a sentence with no main verb (a list
item) is not split."""

from __future__ import annotations

import pytest

from plainspeak.model.split_check import split_problem

LIST_ITEM = (
    "A statement that the actual minimum periodic payments will depend on the amount the consumer borrows, "
    "the interest rate applicable to that period, and whether the consumer pays more than the minimum payment."
)
RULE = "The Bureau reviewed the comments, and it decided to adopt the rule as proposed without any changes."


@pytest.mark.parametrize(
    ("original", "candidate", "why"),
    [
        (
            LIST_ITEM,
            "A statement that the actual minimum periodic payments will depend on the amount the consumer "
            "borrows. The interest rate applicable to that period, and whether the consumer pays more than "
            "the minimum payment.",
            "no main verb",
        ),
        (
            "For variable-rate loans, a statement that the rate and payment may increase, and the amount of "
            "the single maximum monthly payment.",
            "For variable-rate loans, a statement that the rate and payment may increase. The amount of the "
            "single maximum monthly payment.",
            "no main verb",
        ),
        (
            RULE,
            "The Bureau reviewed the comments. Whether it decided to adopt the rule as proposed without any changes.",
            "subordinate clause",
        ),
        (
            "Your card was sent on Monday, and the letter with your new PIN, which arrives separately.",
            "Your card was sent on Monday. The letter with your new PIN, which arrives separately.",
            "no main clause",
        ),
    ],
)
def test_a_split_into_fragments_is_refused(original: str, candidate: str, why: str) -> None:
    problem = split_problem(original, candidate)
    assert problem is not None and why in problem


@pytest.mark.parametrize(
    ("original", "candidate"),
    [
        (RULE, "The Bureau reviewed the comments. It decided to adopt the rule as proposed without any changes."),
        (
            "Please sign the form, and send it back to us before the end of the month.",
            "Please sign the form. Send it back to us before the end of the month.",
        ),
        (
            "The 2010 estimate is higher than the 2007 estimate, but it is lower than the estimates before 2004.",
            "The 2010 estimate is higher than the 2007 estimate. But it is lower than the estimates before 2004.",
        ),
        (LIST_ITEM, LIST_ITEM.replace("applicable to", "for")),  # no split: nothing to check
    ],
)
def test_a_split_into_sentences_passes(original: str, candidate: str) -> None:
    assert split_problem(original, candidate) is None
