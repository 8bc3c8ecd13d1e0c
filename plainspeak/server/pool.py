"""Worker processes for the server's pipeline calls, so a server uses every core it is given.

The server process keeps HTTP, the UI, API keys, the rate limit and the result cache; each
worker process (spawned, one torch thread) loads the models once, in its initializer, and runs
`pipeline.rewrite` / `pipeline.analyze` one call at a time. Results come back pickled. Calls
are independent, so N workers serve N requests at once; the rate limiter and readiness stay in
the one server process and so hold across the workers.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import signal
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from ..errors import PlainspeakError
from ..orphan import watch_parent
from ..settings import Settings, model_enabled

log = logging.getLogger("plainspeak.server")
LOAD_TIMEOUT_S = 600.0
_barrier: Any = None


def _init(embedding_path: str | None, model: str, barrier: Any) -> None:
    """Runs once in each worker: one torch thread, no Ctrl+C of its own, every model loaded."""
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


def _rewrite(text: str | bytes, format: str, settings: Settings | None, accept: list[str] | None) -> Any:
    from .. import pipeline

    return pipeline.rewrite(text, format, settings, accept=accept)


def _analyze(text: str | bytes, format: str, settings: Settings | None) -> dict[str, Any]:
    from .. import pipeline

    return pipeline.analyze(text, format, settings)


class PipelinePool:
    """`workers` spawned processes, each holding the models; `start()` blocks until all have loaded."""

    def __init__(self, workers: int, embedding_path: str | None, model: str) -> None:
        self.workers = workers
        self.embedding_path = embedding_path
        self.model = model
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

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

    def _call(self, fn: Any, *args: Any) -> Any:
        with self._lock:
            executor = self._executor
        if executor is None:
            raise PlainspeakError("E015", "the pipeline workers are not running")
        return executor.submit(fn, *args).result()

    def rewrite(self, text: str | bytes, format: str, settings: Settings | None, accept: Iterable[str] | None) -> Any:
        return self._call(_rewrite, text, format, settings, list(accept) if accept is not None else None)

    def analyze(self, text: str | bytes, format: str, settings: Settings | None) -> dict[str, Any]:
        return self._call(_analyze, text, format, settings)

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


def worker_count(requested: int) -> int:
    """0 means one per core the process may use, at most 4 (each holds its own copy of the models)."""
    if requested > 0:
        return requested
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(4, cores))
