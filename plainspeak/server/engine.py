"""The one engine the API and the UI share: loads the model once, then runs the pipeline.

Pipeline calls are serialised by a lock: the fast tokenizer behind the meaning check is not
safe to call from two threads at once, and on a small machine parallel calls would only
compete for the same cores. A call that arrives while the models load waits for them (at most
PLAINSPEAK_READY_WAIT seconds), then gets E015 (503 with Retry-After): it never races the loader.
With `workers` > 1 the calls run in that many worker processes instead (server/pool.py), side by
side. Rewrite and analyze results are cached (server/cache.py: exact, bounded).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any

from .. import pipeline
from ..errors import PlainspeakError
from ..fingerprint import fingerprint
from ..result import Result
from ..settings import DEFAULT_MODEL, Settings, model_enabled
from .cache import ResultCache
from .loading import RETRY_AFTER_S, WARMUP_TEXT, import_heavy_libraries, ready_wait_s, use_embedding_path

if TYPE_CHECKING:
    from .pool import PipelinePool

log = logging.getLogger("plainspeak.server")


class Engine:
    def __init__(self, embedding_path: str | None = None, model: str = DEFAULT_MODEL, workers: int = 1) -> None:
        self.embedding_path = embedding_path  # the meaning check's MiniLM folder (None: the installed wheel)
        self.model = model  # the seq2seq model ('default', 'none' or a directory); see Settings.model
        self.workers = max(1, workers)  # > 1: pipeline calls run in that many worker processes
        self.cache = ResultCache()
        self._pool: PipelinePool | None = None
        self.ready = threading.Event()
        self.settled = threading.Event()  # loading finished, either way (ready or error)
        self.error: PlainspeakError | None = None
        self.load_seconds: float | None = None
        self._lock = threading.Lock()
        self._state_lock = threading.Lock()
        self._loader: threading.Thread | None = None

    # -- loading -------------------------------------------------------------------------------
    def load(self) -> None:
        """Load the embedding model and warm the rules (blocking). Sets `ready` or `error`."""
        started = time.perf_counter()
        try:
            if self.workers > 1:
                self._load_pool()
            else:
                self._load_here()
        except PlainspeakError as exc:
            self.error = exc
            self.settled.set()
            log.error("model failed to load: %s", exc)
            return
        except Exception as exc:
            self.error = PlainspeakError("E013", f"{type(exc).__name__}: {exc}")
            self.settled.set()
            log.exception("model failed to load")
            return
        self.load_seconds = round(time.perf_counter() - started, 2)
        self.error = None
        self.ready.set()
        self.settled.set()
        if self.workers > 1:
            log.info(
                "model loaded in %.1f s (%d worker processes; a call alone gets every core): ready",
                self.load_seconds,
                self.workers,
            )
        else:
            import torch

            log.info("model loaded in %.1f s (%d torch thread(s)): ready", self.load_seconds, torch.get_num_threads())

    def _load_here(self) -> None:
        import_heavy_libraries()
        if self.embedding_path:
            use_embedding_path(self.embedding_path)
        from ..embeddings import get_embedder

        get_embedder()
        if model_enabled(self.model):
            from ..model.rewriter import get_rewriter

            get_rewriter(self.model)  # once per process, before the first request
        with self._lock:
            pipeline.rewrite(WARMUP_TEXT)

    def _load_pool(self) -> None:
        from .pool import PipelinePool

        pool = PipelinePool(self.workers, self.embedding_path, self.model)
        pool.start()
        self._pool = pool

    def _restart(self) -> None:
        """A worker process died: load a fresh pool in the background; calls wait for it meanwhile."""
        with self._state_lock:
            if not self.ready.is_set():
                return
            log.error("a pipeline worker process died: restarting the workers")
            self.ready.clear()
            self.settled.clear()
            old, self._pool = self._pool, None
            self._loader = None
        if old is not None:
            threading.Thread(target=old.close, daemon=True).start()
        self.start_loading()

    def close(self) -> None:
        """Stop the worker processes (server shutdown)."""
        if self._pool is not None:
            self._pool.close()

    def start_loading(self) -> threading.Thread:
        if self._loader is None:
            self._loader = threading.Thread(target=self.load, name="plainspeak-model-loader", daemon=True)
            self._loader.start()
        return self._loader

    def status(self) -> dict[str, Any]:
        if self.ready.is_set():
            return {
                "status": "ready",
                "model_load_s": self.load_seconds,
                "seq2seq_model": self.model,
                "workers": self.workers,
            }
        if self.error is not None:
            return {"status": "failed", **self.error.to_dict()}
        return {"status": "loading"}

    def wait_ready(self, timeout: float | None = None) -> None:
        """Block until the models are loaded; raise E013 if loading failed, E015 after `timeout` s."""
        if self.ready.is_set():
            return
        self.settled.wait(ready_wait_s() if timeout is None else timeout)
        if self.error is not None:
            raise self.error
        if not self.ready.is_set():
            raise PlainspeakError("E015", f"the server is still loading its models; retry in {RETRY_AFTER_S} s")

    # -- work ----------------------------------------------------------------------------------
    def model_for(self, use_model: bool | None = True) -> str:
        """This server's seq2seq model, or "none" when use_model is False."""
        return self.model if use_model is not False else "none"

    def settings(self, settings: Settings, use_model: bool | None = True) -> Settings:
        """`settings` with this server's seq2seq model, or with none when use_model is False."""
        from dataclasses import replace

        return replace(settings, model=self.model_for(use_model))

    def rewrite(
        self,
        text: str | bytes,
        format: str = "auto",
        settings: Settings | None = None,
        accept: Iterable[str] | None = None,
    ) -> Result:
        self.wait_ready()
        key = ResultCache.key("rewrite", text, format, settings, fingerprint(self.model, self.embedding_path))
        result = self.cache.get(key)
        if result is None:
            result = self._run("rewrite", text, format, settings, None)
            self.cache.put(key, result, len(text))
        return result.with_accepted(accept) if accept is not None else result

    def _run(self, kind: str, *args: Any) -> Any:
        """One pipeline call: in a worker process, or here under the lock."""
        pool = self._pool
        if pool is not None:
            try:
                return getattr(pool, kind)(*args)
            except BrokenProcessPool:
                self._restart()
                raise PlainspeakError(
                    "E015", f"a worker process stopped; the server is reloading its models; retry in {RETRY_AFTER_S} s"
                ) from None
        with self._lock:
            if kind == "rewrite":
                text, format, settings, accept = args
                return pipeline.rewrite(text, format, settings, accept=accept)
            return pipeline.analyze(*args)

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the engine for other pipeline work (the UI's batch tab runs the batch engine in it)."""
        self.wait_ready()
        with self._lock:
            yield

    def analyze(self, text: str | bytes, format: str = "auto", settings: Settings | None = None) -> dict[str, Any]:
        self.wait_ready()
        key = ResultCache.key("analyze", text, format, settings, fingerprint(self.model, self.embedding_path))
        report = self.cache.get(key)
        if report is None:
            report = self._run("analyze", text, format, settings)
            self.cache.put(key, report, len(text))
        return report
