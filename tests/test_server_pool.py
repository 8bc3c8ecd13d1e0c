"""The worker pool's torch threads follow the load (server/pool.py): a call alone uses every core,
overlapping calls one thread each."""

from __future__ import annotations

import threading
from concurrent.futures import Future

import torch

from plainspeak.server import pool as pool_module
from plainspeak.server.pool import PipelinePool, threads_for


def test_threads_for_alone_and_under_load() -> None:
    assert threads_for(1, 2) == 2
    assert threads_for(1, 4) == 4
    assert threads_for(2, 2) == 1
    assert threads_for(50, 4) == 1
    assert threads_for(1, 1) == 1


class _HoldingExecutor:
    """Runs each call in a thread of its own and records the threads argument it was given; calls
    block until released, so the test decides which calls overlap."""

    def __init__(self) -> None:
        self.threads: list[int] = []
        self.release = threading.Event()
        self.started = threading.Semaphore(0)

    def submit(self, fn, *args):
        self.threads.append(args[-1])
        fut: Future = Future()

        def run() -> None:
            self.started.release()
            self.release.wait(10)
            fut.set_result(args[-1])

        threading.Thread(target=run, daemon=True).start()
        return fut


def test_pool_gives_a_lone_call_every_core_and_overlapping_calls_one() -> None:
    pool = PipelinePool(2, None, "none")
    pool.cores = 2
    pool.share = False  # a lone rewrite is shared among the workers otherwise (tests/test_parts.py)
    fake = _HoldingExecutor()
    pool._executor = fake  # type: ignore[assignment]
    results: list[int] = []
    first = threading.Thread(target=lambda: results.append(pool.rewrite("a", "text", None, None)))
    first.start()
    fake.started.acquire(timeout=10)
    second = threading.Thread(target=lambda: results.append(pool.analyze("b", "text", None)))
    second.start()
    fake.started.acquire(timeout=10)
    fake.release.set()
    first.join(10)
    second.join(10)
    assert fake.threads == [2, 1]
    assert pool._in_flight == 0
    # alone again: every core
    assert pool.rewrite("c", "text", None, None) == 2
    assert fake.threads[-1] == 2


def test_worker_call_sets_torch_threads() -> None:
    before = torch.get_num_threads()
    try:
        pool_module._analyze("Hello there.", "text", None, threads=2)
        assert torch.get_num_threads() == 2
        pool_module._analyze("Hello there.", "text", None, threads=1)
        assert torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(before)
