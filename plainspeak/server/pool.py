"""Worker processes for the server's pipeline calls, so a server uses every core it is given.

The server process keeps HTTP, the UI, API keys, the rate limit and the result cache; each
worker process (spawned) loads the models once, in its initializer, and runs
`pipeline.rewrite` / `pipeline.analyze` one call at a time. Results come back pickled. Calls
are independent, so N workers serve N requests at once; the rate limiter and readiness stay in
the one server process and so hold across the workers.

A rewrite that arrives while every worker is idle is shared among them: each worker runs every stage
on a part of its sentences (`pipeline.rewrite_part`, plainspeak/parts.py) and this process joins the
parts (`pipeline.join`) into the result a whole call gives. One client's paragraph then uses every
core (most of its time is the meaning check's embeddings and the parse, sentence by sentence). While
calls overlap each runs whole in one worker with one torch thread, so N workers never ask for more
threads than there are cores. `PLAINSPEAK_SHARE=0` turns sharing off; an analysis (cheap) is never
shared, and a call alone that is not shared gets every core's torch threads (`threads_for`).
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import signal
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from ..errors import PlainspeakError
from ..orphan import watch_parent
from ..settings import Settings, model_enabled

log = logging.getLogger("plainspeak.server")
LOAD_TIMEOUT_S = 600.0
_barrier: Any = None


def _init(embedding_path: str | None, model: str, barrier: Any) -> None:
    """Runs once in each worker: one torch thread to start with, no Ctrl+C of its own, every model loaded."""
    global _barrier
    _barrier = barrier
    watch_parent()  # a server killed with SIGKILL leaves no worker behind
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server process shuts the pool down
    os.environ["PLAINSPEAK_THREADS"] = "1"
    from .loading import WARMUP_TEXT, import_heavy_libraries, use_embedding_path

    import_heavy_libraries()
    if embedding_path:
        use_embedding_path(embedding_path)
    from .. import pipeline
    from ..embeddings import get_embedder

    get_embedder()
    if model_enabled(model):
        from ..model.rewriter import get_rewriter

        get_rewriter(model)
    pipeline.rewrite(WARMUP_TEXT, settings=Settings(model=model))


def _all_started(timeout: float) -> int:
    """Returns once every worker runs this at the same time: proof that each one has loaded."""
    _barrier.wait(timeout)
    return os.getpid()


def _use_threads(n: int) -> None:
    """Set this worker's torch threads for the next call (a no-op when unchanged; about 10 us when not)."""
    import torch

    if torch.get_num_threads() != n:
        torch.set_num_threads(n)


def _rewrite(
    text: str | bytes, format: str, settings: Settings | None, accept: list[str] | None, threads: int = 1
) -> Any:
    from .. import pipeline

    _use_threads(threads)
    return pipeline.rewrite(text, format, settings, accept=accept)


def _rewrite_part(text: str | bytes, format: str, settings: Settings | None, part: int, parts: int) -> Any:
    from .. import pipeline

    _use_threads(1)
    return pipeline.rewrite_part(text, format, settings, part, parts)


def _analyze(text: str | bytes, format: str, settings: Settings | None, threads: int = 1) -> dict[str, Any]:
    from .. import pipeline

    _use_threads(threads)
    return pipeline.analyze(text, format, settings)


def usable_cores() -> int:
    """Cores this process may use, at most 4."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(4, cores))


def threads_for(in_flight: int, cores: int) -> int:
    """Torch threads for a call that starts with `in_flight` calls running (itself included): all the
    cores when it is alone, one while others run (then every worker already has a core of its own)."""
    return cores if in_flight <= 1 else 1


class PipelinePool:
    """`workers` spawned processes, each holding the models; `start()` blocks until all have loaded."""

    def __init__(self, workers: int, embedding_path: str | None, model: str) -> None:
        self.workers = workers
        self.embedding_path = embedding_path
        self.model = model
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._in_flight = 0  # calls submitted and not yet answered
        self.cores = usable_cores()
        self.share = share_calls()  # a call alone is shared among the workers (rewrite)

    def start(self) -> None:
        ctx = mp.get_context("spawn")
        barrier = ctx.Barrier(self.workers)
        executor = ProcessPoolExecutor(
            self.workers, mp_context=ctx, initializer=_init, initargs=(self.embedding_path, self.model, barrier)
        )
        started = time.perf_counter()
        try:
            futures = [executor.submit(_all_started, LOAD_TIMEOUT_S) for _ in range(self.workers)]
            pids = {f.result(timeout=LOAD_TIMEOUT_S + 30) for f in futures}
        except BrokenProcessPool as exc:
            executor.shutdown(wait=False, cancel_futures=True)
            raise PlainspeakError(
                "E013", "a pipeline worker process failed while loading the models; the server log has its traceback"
            ) from exc
        except BaseException:
            executor.shutdown(wait=False, cancel_futures=True)
            raise
        log.info(
            "%d pipeline worker process(es) loaded in %.1f s (pids %s)",
            len(pids),
            time.perf_counter() - started,
            ", ".join(map(str, sorted(pids))),
        )
        with self._lock:
            self._executor = executor
        # a shared call once, so the first client's is not the one that loads what joining needs here
        from .loading import WARMUP_TEXT

        self.rewrite(WARMUP_TEXT, "auto", Settings(model=self.model), None)

    def _start(self) -> tuple[ProcessPoolExecutor, int]:
        """Count a call in; the executor and the calls in flight with it."""
        with self._lock:
            executor = self._executor
            if executor is None:
                raise PlainspeakError("E015", "the pipeline workers are not running")
            self._in_flight += 1
            return executor, self._in_flight

    def _done(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def _call(self, fn: Any, *args: Any) -> Any:
        executor, in_flight = self._start()
        try:
            call = (*args, threads_for(in_flight, self.cores))
            return executor.submit(fn, *call).result()
        finally:
            self._done()

    def rewrite(self, text: str | bytes, format: str, settings: Settings | None, accept: Iterable[str] | None) -> Any:
        """A call that finds every worker idle is shared among them, a part of its sentences each
        (`pipeline.rewrite_part`), and joined here; while calls overlap each runs whole in one worker."""
        accepted = list(accept) if accept is not None else None
        executor, in_flight = self._start()
        try:
            if in_flight > 1 or self.workers < 2 or not self.share:
                threads = threads_for(in_flight, self.cores)
                return executor.submit(_rewrite, text, format, settings, accepted, threads).result()
            n = self.workers
            futures = [executor.submit(_rewrite_part, text, format, settings, k, n) for k in range(n)]
            wait(futures)  # every part has finished (or failed alike: each checks the same input) before this returns
            from .. import pipeline

            result = pipeline.join([f.result() for f in futures])
            return result.with_accepted(accepted) if accepted is not None else result
        finally:
            self._done()

    def analyze(self, text: str | bytes, format: str, settings: Settings | None) -> dict[str, Any]:
        return self._call(_analyze, text, format, settings)

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


def share_calls() -> bool:
    """PLAINSPEAK_SHARE: may a call that finds every worker idle be shared among them (default 1: yes)?"""
    value = os.environ.get("PLAINSPEAK_SHARE", "1").strip()
    if value not in ("0", "1"):
        raise PlainspeakError("E006", f"PLAINSPEAK_SHARE must be 0 or 1, not {value!r}", "PLAINSPEAK_SHARE")
    return value == "1"


def worker_count(requested: int) -> int:
    """0 means one per core the process may use, at most 4 (each holds its own copy of the models)."""
    return requested if requested > 0 else usable_cores()
