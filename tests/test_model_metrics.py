"""SARI and chrF against hand-computed cases; survival and invented-item checks."""
from __future__ import annotations

import pytest

from plainspeak.model.metrics import corpus_chrf, invented, protected_survival, sari


def test_sari_hand_computed() -> None:
    # source "a b", output "a c", reference "a c".
    # n=1: keep {a}: P=R=1 -> 1; delete {b}, not in ref: P=1; add {c}, in ref: P=R=1 -> 1.
    # n=2: kept none -> 0; deleted "a b" (not in ref): 1; added "a c" (in ref): 1.  n=3,4: nothing -> 0.
    # SARI = (keep 1/4 + del 2/4 + add 2/4) / 3 = 41.67
    assert sari("a b", "a c", ["a c"]) == pytest.approx(100 * (0.25 + 0.5 + 0.5) / 3)


def test_sari_copy_gets_only_keep_credit() -> None:
    # copying when the reference equals the source: keep F1 = 1 for n=1..3, no 4-grams; no del/add credit
    assert sari("the cat sat", "the cat sat", ["the cat sat"]) == pytest.approx(100 * (3 / 4) / 3)


def test_sari_two_references_hand_computed() -> None:
    # source "a b", output "a", refs "a" and "a b". Unigrams only matter (n>=2 sets are empty except source "a b").
    # n=1 (counts x2 refs): src {a:2,b:2}, out {a:2}, refs summed {a:2,b:1}.
    #   keep: sys {a:2}, good {a:2} -> P=1; all-ref {a:2,b:1}: R=(2/2 + 0/1)/2=0.5 -> F1=2/3.
    #   del: sys {b:2}, good {b:2}-{b:1}={b:1} -> P=1/2.  add: none -> 0.
    # n=2: src {"a b":2}, out {}, refs {"a b":1}: keep 0; del sys {"a b":2} good {"a b":1} -> 1/2; add 0.
    keep, dele = (2 / 3) / 4, (0.5 + 0.5) / 4
    assert sari("a b", "a", ["a", "a b"]) == pytest.approx(100 * (keep + dele) / 3)


def test_chrf_hand_computed() -> None:
    assert corpus_chrf(["hello world"], ["hello world"]) == pytest.approx(100)
    assert corpus_chrf(["abc"], ["xyz"]) == 0
    # "ab" vs "ac": unigrams P=R=1/2, bigrams P=R=0, no higher orders -> P=R=1/4 -> F=25
    assert corpus_chrf(["ab"], ["ac"]) == pytest.approx(25)


def test_survival_and_invented_items() -> None:
    assert protected_survival("Pay {{amount}} by June 3.", "Pay by June 3.") == (1, 2)
    assert invented("Pay by June 3.", "Pay $40 by June 3.")
    assert invented("Call our team.", "Call Steve at our team.")
    assert not invented("Call our team today.", "Please call our team today.")
