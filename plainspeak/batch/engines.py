"""Where the per-file work runs: in this process, in a local process pool, or on dask.

Every engine runs the same function (`worker.process_chunk`) on the same tasks, so the
outputs are byte-identical whichever engine runs them. Each worker process loads the
rules and the embedding model once (pool initializer, or a dask WorkerPlugin) and keeps
them for all the files it is given. Work is fed with a bounded window of tasks in flight,
so a run over millions of files never holds millions of futures.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from itertools import islice
from typing import Any

from ..errors import PlainspeakError

ENGINES = ("local", "dask")
Chunk = list[dict[str, Any]]
Fn = Callable[[Chunk, dict[str, Any]], list[dict[str, Any]]]


def threads_per_worker(workers: int) -> int:
    """Torch threads for each worker so that the workers together use the cores once."""
    return max(1, (os.cpu_count() or 1) // max(1, workers))


START_METHODS = ("auto", "fork", "spawn")


def start_method() -> str:
    """How the local pool starts its workers. PLAINSPEAK_BATCH_START=fork|spawn decides when set;
    auto: fork where the platform has it, this process runs no other thread (a fork copies only the
    calling thread: a lock another thread holds would stay locked in the child) and has not loaded
    torch yet (whose OpenMP threads, once started, a child would wait for in vain), else spawn."""
    choice = (os.environ.get("PLAINSPEAK_BATCH_START") or "auto").strip().lower()
    if choice not in START_METHODS:
        raise PlainspeakError(
            "E037", f"PLAINSPEAK_BATCH_START must be one of {', '.join(START_METHODS)}, not {choice!r}"
        )
    if choice != "auto":
        return choice
    forkable = (
        "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
        and "torch" not in sys.modules
    )
    return "fork" if forkable else "spawn"


def _init_local(settings: dict[str, Any], threads: int) -> None:
    """A spawned worker: a fresh interpreter that imports and loads everything itself."""
    _worker_signals()
    os.environ.setdefault("PLAINSPEAK_THREADS", str(threads))
    from .worker import warm_up

    warm_up(settings)


def _init_forked(threads: int) -> None:
    """A forked worker: the models are the parent's, already loaded (shared, copy-on-write); it only
    takes its share of the cores."""
    _worker_signals()
    os.environ["PLAINSPEAK_THREADS"] = str(threads)
    if "torch" in sys.modules:
        import torch

        torch.set_num_threads(threads)


def _worker_signals() -> None:
    from ..orphan import watch_parent

    watch_parent()  # a run killed with SIGKILL leaves no worker behind
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the pool


def _load_for_fork(settings: dict[str, Any]) -> None:
    """Load the models in this process before forking the workers, each once instead of once per
    worker (about 2.5 CPU-seconds each on the reference machine). Torch keeps one thread here, so no
    OpenMP thread team exists to be copied half-alive into a child; the tokenizers library is told not
    to start its thread pool (it would disable it in each child, with a warning)."""
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    threads = os.environ.get("PLAINSPEAK_THREADS")
    os.environ["PLAINSPEAK_THREADS"] = "1"
    try:
        from .worker import warm_up

        warm_up(settings)
    finally:
        if threads is None:
            os.environ.pop("PLAINSPEAK_THREADS", None)
        else:
            os.environ["PLAINSPEAK_THREADS"] = threads


class LocalEngine:
    """`workers` == 1: in this process. More: a pool of worker processes, forked from this one once it
    has loaded the models, or spawned (`start_method`)."""

    name = "local"

    def __init__(self, workers: int = 1, settings: dict[str, Any] | None = None) -> None:
        self.workers = max(1, int(workers))
        self.settings = settings or {}
        self._pool: ProcessPoolExecutor | None = None
        self.start_method: str | None = None  # of the pool, once started

    def start(self) -> None:
        """Start the worker pool (before any other thread of this process, such as a progress bar's, so
        that the workers can be forked). `run` starts it when not yet started."""
        if self.workers == 1 or self._pool is not None:
            return
        method = start_method()
        threads = threads_per_worker(self.workers)
        if method == "fork":
            _load_for_fork(self.settings)
            init: tuple[Callable[..., None], tuple[Any, ...]] = (_init_forked, (threads,))
        else:
            init = (_init_local, (self.settings, threads))
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context(method),
            initializer=init[0],
            initargs=init[1],
        )
        self.start_method = method
        if method == "fork":  # fork every worker now, while this process has no other thread
            for f in [self._pool.submit(os.getpid) for _ in range(self.workers)]:
                f.result()

    def run(self, fn: Fn, chunks: Iterable[Chunk], job: dict[str, Any]) -> Iterator[list[dict[str, Any]]]:
        if self.workers == 1:
            from .worker import warm_up

            warm_up(self.settings)
            for chunk in chunks:
                yield fn(chunk, job)
            return
        self.start()
        assert self._pool is not None
        it = iter(chunks)
        pending = {self._pool.submit(fn, c, job) for c in islice(it, 2 * self.workers)}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                nxt = next(it, None)
                if nxt is not None:
                    pending.add(self._pool.submit(fn, nxt, job))
                yield fut.result()

    def close(self, cancel: bool = False) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=cancel)
            self._pool = None


class DaskEngine:
    """A dask.distributed cluster: a LocalCluster of `workers` processes, or the scheduler at
    `address` (tcp://host:8786). Workers must see the input and output folders at the same paths."""

    name = "dask"

    def __init__(self, workers: int = 2, address: str | None = None, settings: dict[str, Any] | None = None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise PlainspeakError(
                "E034", "the dask engine needs the distributed extra: pip install 'plainspeak[distributed]'", "engine"
            ) from exc
        self.cluster = None
        settings = settings or {}
        try:
            if address:
                self.client = Client(address, timeout="30s")
                threads = None
            else:
                self.cluster = LocalCluster(
                    n_workers=max(1, workers),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                self.client = Client(self.cluster)
                threads = threads_per_worker(workers)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise PlainspeakError(
                "E034", f"cannot reach the dask scheduler {address or '(local)'}: {exc}", "scheduler"
            ) from exc
        from .dask_plugin import ModelPlugin

        self.client.register_plugin(ModelPlugin(settings, threads), name=ModelPlugin.name)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or workers)

    def run(self, fn: Fn, chunks: Iterable[Chunk], job: dict[str, Any]) -> Iterator[list[dict[str, Any]]]:
        from distributed import as_completed

        it = iter(chunks)
        window = max(4, 4 * self.workers)
        first = [self.client.submit(fn, c, job, pure=False) for c in islice(it, window)]
        if not first:
            return
        queue = as_completed(first)
        for fut in queue:
            result = fut.result()
            fut.release()
            nxt = next(it, None)
            if nxt is not None:
                queue.add(self.client.submit(fn, nxt, job, pure=False))
            yield result

    def close(self, cancel: bool = False) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None


def make_engine(engine: str, workers: int, settings: dict[str, Any], scheduler: str | None = None):
    if engine == "local":
        if scheduler:
            raise PlainspeakError("E037", "--scheduler needs --engine dask", "scheduler")
        return LocalEngine(workers, settings)
    if engine == "dask":
        return DaskEngine(workers, scheduler, settings)
    raise PlainspeakError("E037", f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}", "engine")
