"""The dask WorkerPlugin that loads the model once per worker (imported only by the dask engine)."""

from __future__ import annotations

import os
from typing import Any

from distributed import WorkerPlugin

from .worker import warm_up


class ModelPlugin(WorkerPlugin):
    """Loads the rules and the embedding model once per dask worker, when the plugin is
    registered (and on every worker that joins the cluster later)."""

    name = "plainspeak-model"

    def __init__(self, settings: dict[str, Any], threads: int | None = None) -> None:
        self.settings = settings
        self.threads = threads

    def setup(self, worker: Any) -> None:
        nthreads = getattr(getattr(worker, "state", None), "nthreads", None) or 1
        threads = self.threads or max(1, (os.cpu_count() or 1) // nthreads)
        os.environ.setdefault("PLAINSPEAK_THREADS", str(threads))
        warm_up(self.settings)
