"""The one engine the API and the UI share: loads the model once, then runs the pipeline.

Pipeline calls are serialised by a lock: the fast tokenizer behind the meaning check is not
safe to call from two threads at once, and on a small machine parallel calls would only
compete for the same cores.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any

from .. import pipeline
from ..errors import PlainspeakError
from ..render import Result
from ..settings import DEFAULT_MODEL, Settings

log = logging.getLogger("plainspeak.server")
WARMUP_TEXT = "We will utilize your feedback to facilitate a better experience going forward."


class Engine:
    def __init__(self, model_path: str | None = None, model: str = DEFAULT_MODEL) -> None:
        self.model_path = model_path
        self.model = model  # the seq2seq model ('default', 'none' or a directory); see Settings.model
        self.ready = threading.Event()
        self.error: PlainspeakError | None = None
        self.load_seconds: float | None = None
        self._lock = threading.Lock()
        self._loader: threading.Thread | None = None

    # -- loading -------------------------------------------------------------------------------
    def load(self) -> None:
        """Load the embedding model and warm the rules (blocking). Sets `ready` or `error`."""
        started = time.perf_counter()
        try:
            if self.model_path:
                use_model_path(self.model_path)
            from ..embeddings import get_embedder

            get_embedder()
            if self.model != "none":
                from ..model.infer import get_rewriter

                get_rewriter(self.model)  # once per process, before the first request
            with self._lock:
                pipeline.rewrite(WARMUP_TEXT)
        except PlainspeakError as exc:
            self.error = exc
            log.error("model failed to load: %s", exc)
            return
        except Exception as exc:
            self.error = PlainspeakError("E013", f"{type(exc).__name__}: {exc}")
            log.exception("model failed to load")
            return
        self.load_seconds = round(time.perf_counter() - started, 2)
        self.error = None
        self.ready.set()
        import torch

        log.info("model loaded in %.1f s (%d torch thread(s)): ready", self.load_seconds, torch.get_num_threads())

    def start_loading(self) -> threading.Thread:
        if self._loader is None:
            self._loader = threading.Thread(target=self.load, name="plainspeak-model-loader", daemon=True)
            self._loader.start()
        return self._loader

    def status(self) -> dict[str, Any]:
        if self.ready.is_set():
            return {"status": "ready", "model_load_s": self.load_seconds, "seq2seq_model": self.model}
        if self.error is not None:
            return {"status": "failed", **self.error.to_dict()}
        return {"status": "loading"}

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
        with self._lock:
            return pipeline.rewrite(text, format, settings, accept=accept)

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the engine for other pipeline work (the UI's batch tab runs the batch engine in it)."""
        with self._lock:
            yield

    def analyze(self, text: str | bytes, format: str = "auto", settings: Settings | None = None) -> dict[str, Any]:
        with self._lock:
            return pipeline.analyze(text, format, settings)


def use_model_path(path: str) -> None:
    """Load the embedding model from `path` instead of the installed wheel (checksum still enforced)."""
    from .. import embeddings

    embeddings.use_model_dir(path)
