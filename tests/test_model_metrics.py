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
    assert not invented("Tip 2: Locate a champion.", "Tip 2: Find a champion.")  # after a break
    assert not invented("Mistakes Regarding Account Numbers", "Mistakes About Account Numbers")  # heading
    assert invented(
        "It is no replacement for an Emergency Position Indicating Radio Beacon.",
        "It is no replacement for an Emergency Position Showing Radio Beacon.",
    )


def test_quality_benchmark_runs_and_writes_the_card(tiny_model, tmp_path) -> None:
    """bench/quality.py on the tiny model: every system's table, and the card's Benchmark section
    (replaced, not appended, on a second run)."""
    import gzip
    import json
    import shutil
    import subprocess
    import sys as _sys
    from pathlib import Path as _Path

    from tests.conftest import FORMAL, PLAIN

    root = _Path(__file__).resolve().parents[1]
    card_dir = tmp_path / "model"
    shutil.copytree(tiny_model, card_dir)
    data = tmp_path / "data"
    data.mkdir()
    dev = {
        "dev_plain": [{"src": f"Please be advised that {t}", "ref": t} for t in PLAIN[:6]],
        "dev_identity": [{"src": t, "ref": t} for t in PLAIN[6:]],
        "dev_formal": [{"src": t.replace("{n}", "4")} for t in FORMAL],
    }
    for name, rows in dev.items():
        with gzip.open(data / f"{name}.jsonl.gz", "wt", encoding="utf-8") as f:
            f.writelines(json.dumps(r) + "\n" for r in rows)
    cmd = [
        _sys.executable,
        str(root / "bench" / "quality.py"),
        "--model",
        str(card_dir),
        "--data",
        str(data),
        "--n",
        "8",
        "--formal",
        "4",
        "--identity",
        "4",
        "--no-speed",
        "--card",
        str(card_dir),
    ]
    for _ in range(2):
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=root)
        assert out.returncode == 0, out.stderr[-2000:]
    for system in ("| copy |", "| rules |", "| model |", "| rules+model |"):
        assert out.stdout.count(system) == 3
    card = (card_dir / "README.md").read_text()
    assert card.count("## Benchmark") == 1
    assert "held-out dev_plain sentences: SARI copy" in card and "## Limits" in card
