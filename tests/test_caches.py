"""The server's caches and worker processes return exactly what a fresh pipeline run returns (issue 14)."""

from __future__ import annotations

import os
import signal
import time

import pytest

import plainspeak
from plainspeak import Settings, sentence_cache
from plainspeak.errors import PlainspeakError
from plainspeak.server.cache import ResultCache
from plainspeak.server.engine import Engine

# Sentences the seq2seq model is asked to rewrite (18+ words and hard after the rules); B shares its first with A.
S1 = (
    "We regret to inform you that application 4471 for your premium account cannot be processed at this time, "
    "and our customer service team will contact you within five working days."
)
S2 = (
    "Please be advised that failure to provide the requested information within 14 days may result in the "
    "termination of your application and the loss of any introductory discount on your account."
)
S3 = (
    "The refund was processed by our finance department and the funds will be credited to the account that was "
    "used for the original purchase."
)
DOC_A, DOC_B = f"{S1} {S2}", f"{S2} {S3}"


@pytest.fixture(scope="module")
def engine() -> Engine:
    e = Engine()  # in-process, the shipped model
    e.load()
    assert e.ready.is_set(), e.error
    return e


def test_sentence_cache_hit_equals_cold_decoding(engine, monkeypatch):
    monkeypatch.setenv("PLAINSPEAK_SENTENCE_CACHE", "0")
    cold = plainspeak.rewrite(DOC_B).to_dict()
    monkeypatch.setenv("PLAINSPEAK_SENTENCE_CACHE", "1000")
    sentence_cache.clear()
    plainspeak.rewrite(DOC_A)  # decodes S1 and S2 together, caches them
    assert sentence_cache.stats["misses"] >= 2
    warm = plainspeak.rewrite(DOC_B).to_dict()  # S2 from the cache, S3 decoded alone
    assert sentence_cache.stats["hits"] >= 1
    assert warm == cold
    notes = [n for v in warm["verdicts"] for n in v.get("notes", []) if n.startswith("model")]
    assert len(notes) == 2  # both sentences went to the model


def test_sentence_cache_is_bounded(engine, monkeypatch):
    monkeypatch.setenv("PLAINSPEAK_SENTENCE_CACHE", "1")
    sentence_cache.clear()
    plainspeak.rewrite(DOC_A)
    assert len(sentence_cache._entries) <= 1


def test_result_cache_returns_what_a_fresh_run_returns(engine):
    engine.cache = ResultCache()
    settings = engine.settings(Settings(target_grade=7))
    first = engine.rewrite(DOC_A, "text", settings)
    again = engine.rewrite(DOC_A, "text", settings)
    assert engine.cache.stats()["hits"] == 1
    fresh = plainspeak.rewrite(DOC_A, "text", settings)
    assert first.to_dict() == again.to_dict() == fresh.to_dict()
    ids = [c.id for c in fresh.changes][:1]
    assert (
        engine.rewrite(DOC_A, "text", settings, ids).to_dict()
        == plainspeak.rewrite(DOC_A, "text", settings, accept=ids).to_dict()
    )
    with pytest.raises(PlainspeakError) as exc:
        engine.rewrite(DOC_A, "text", settings, ["c99"])
    assert exc.value.code == "E009"
    again.changes.clear()  # a caller's copy is its own
    assert engine.rewrite(DOC_A, "text", settings).to_dict() == fresh.to_dict()
    other = engine.rewrite(DOC_A, "text", engine.settings(Settings(target_grade=7), use_model=False))
    assert other.to_dict() == plainspeak.rewrite(DOC_A, "text", Settings(target_grade=7, model="none")).to_dict()
    assert engine.analyze(DOC_B) == engine.analyze(DOC_B) == plainspeak.analyze(DOC_B)


def test_result_cache_bounds():
    cache = ResultCache(max_entries=2, max_chars=10)
    cache.put("a", [1], 4)
    cache.put("b", [2], 4)
    assert cache.get("a") == [1]  # a is now the most recent
    cache.put("c", [3], 4)  # over 10 characters: b (least recent) goes
    assert cache.get("b") is None and cache.get("a") == [1] and cache.get("c") == [3]
    cache.put("big", [4], 11)  # larger than the whole cache: not kept
    assert cache.get("big") is None and len(cache) == 2
    assert not ResultCache(max_entries=0).enabled


def test_worker_processes_match_in_process_and_recover():
    pool_engine = Engine(model="none", workers=2)
    pool_engine.start_loading()
    pool_engine.wait_ready(timeout=600)
    try:
        settings = pool_engine.settings(Settings())
        got = pool_engine.rewrite(DOC_A, "text", settings)
        assert got.to_dict() == plainspeak.rewrite(DOC_A, "text", Settings(model="none")).to_dict()
        assert pool_engine.analyze(DOC_B, "text", settings) == plainspeak.analyze(DOC_B, "text", settings)
        assert pool_engine.status()["workers"] == 2
        # a worker that dies: the call in flight gets E015, the pool is reloaded, later calls work
        pids = list(pool_engine._pool._executor._processes)
        os.kill(pids[0], signal.SIGKILL)
        time.sleep(0.5)
        pool_engine.cache = ResultCache()
        with pytest.raises(PlainspeakError) as exc:
            pool_engine.rewrite(DOC_B, "text", settings)
        assert exc.value.code == "E015"
        pool_engine.wait_ready(timeout=600)
        assert (
            pool_engine.rewrite(DOC_B, "text", settings).to_dict()
            == plainspeak.rewrite(DOC_B, "text", Settings(model="none")).to_dict()
        )
    finally:
        pool_engine.close()


def test_lru_bounds_order_and_counts():
    """The one LRU behind the caches: the least recently used entry goes first, by count or by size."""
    from plainspeak.lru import LRU

    lru: LRU[str] = LRU(2, max_size=10)
    lru.put("a", "A", 4)
    lru.put("b", "B", 4)
    assert lru.get("a") == "A"  # now "b" is the least recently used
    lru.put("c", "C", 1)
    assert "b" not in lru and "a" in lru and "c" in lru and lru.size == 5
    lru.put("d", "D", 9)  # over the size bound (and the count): the oldest goes until both hold
    assert "a" not in lru and "c" in lru and "d" in lru and lru.size == 10
    lru.put("e", "E", 10)  # the size bound alone takes both older entries
    assert len(lru) == 1 and lru.size == 10
    lru.put("e", "E2", 2)  # replacing counts the new size only
    assert lru.get("e") == "E2" and lru.size == 2
    assert lru.get("x", "none") == "none"
    assert (lru.hits, lru.misses) == (2, 1)
    lru.clear()
    assert len(lru) == 0 and lru.size == 0 and (lru.hits, lru.misses) == (0, 0)
