"""bench/plainer.py: one tiny run end to end; the tables and the saved figures are there and sane."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from plainspeak.model.training.data import CORPUS

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "bench" / "plainer.py"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict]:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS}")
    saved = tmp_path_factory.mktemp("plainer") / "figures.json"
    args = ["--n-formal", "2", "--n-templates", "2", "--n-ose", "5", "--systems", "copy,rules", "--sample", "2"]
    out = _bench(SCRIPT, [*args, "--save", str(saved)])
    return out, json.loads(saved.read_text(encoding="utf-8"))


def _bench(script: Path, args: list[str]) -> str:
    """Run a benchmark script as a user would (one torch thread); its stdout."""
    proc = subprocess.run(
        [sys.executable, str(script), *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PLAINSPEAK_THREADS": "1"},
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def test_prints_a_table_per_set(run: tuple[str, dict]) -> None:
    out, _ = run
    for heading in ("## formal:", "## templates:", "## ose:"):
        assert heading in out
    assert "| system | docs | sentences |" in out
    assert "| copy |" in out and "| rules |" in out
    assert "recovered articles" in out


def test_saved_figures(run: tuple[str, dict]) -> None:
    _, figures = run
    assert figures["systems"] == ["copy", "rules"]
    assert figures["sizes"] == {"formal": 2, "templates": 2, "ose": 5}
    assert set(figures["tables"]) == {"formal", "templates", "ose"}
    for key, rows in figures["tables"].items():
        by = {r["system"]: r for r in rows}
        assert set(by) == {"copy", "rules"}
        copy, rules = by["copy"], by["rules"]
        assert copy["docs"] == figures["sizes"][key] and copy["sentences"] >= copy["docs"]
        # the copy baseline changes nothing
        assert copy["doc drop"] == 0 and copy["sent drop"] == 0 and copy["changed %"] == 0
        assert copy["neg flips"] == 0 and copy["kept %"] == 100.0 and copy["meaning"] is None
        # every system sees the same input
        assert rules["doc FKGL before"] == copy["doc FKGL before"]
        for r in (copy, rules):
            assert 0 <= r["over target %"] <= 100 and 0 <= r["changed %"] <= 100
            assert 0 <= r["kept %"] <= 100 and r["ms/doc"] >= 0
            assert r["model won %"] in (None, 0) and r["restructure won %"] in (None, 0)  # not on in these systems
        assert rules["meaning"] is None or 0 < rules["meaning"] <= 1.0001
        assert all((r["SARI"] is not None) == (key == "ose") for r in rows)
    ose = {r["system"]: r for r in figures["tables"]["ose"]}
    assert 0 < ose["copy"]["SARI"] < 100 and 0 < ose["rules"]["SARI"] < 100
    assert figures["ose_split"]["held_out_articles"] < figures["ose_split"]["articles"]


def test_sample_blocks(run: tuple[str, dict]) -> None:
    out, figures = run
    assert figures["sample_system"] == "rules"
    assert len(figures["sample"]) <= 2
    for s in figures["sample"]:
        assert s["set"] in ("formal", "templates") and s["before"] != s["after"]
        assert f"BEFORE: {s['before']}\nAFTER: {s['after']}\n" in out


def test_quality_sample_prints_changed_sentences_to_read() -> None:
    """`bench/quality.py --sample N` (the reading the issue asks for) draws from plainer.py's held-out sets."""
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS}")
    out = _bench(ROOT / "bench" / "quality.py", ["--sample", "3", "--seed", "5"])
    assert "## Sample: 3 of " in out and "(rules+restructure+model; formal and templates)" in out
    pairs = [b.split("\nAFTER: ") for b in out.split("BEFORE: ")[1:]]
    assert len(pairs) == 3 and all(len(p) == 2 and p[0].strip() != p[1].strip() for p in pairs)
