"""Batch rewriting of template folders: `plainspeak batch` and `plainspeak.batch.run_batch`.

    >>> from plainspeak.batch import run_batch
    >>> report = run_batch("templates/", "out/")          # doctest: +SKIP
    >>> report.totals()["rewritten"], report.exit_code     # doctest: +SKIP

See docs/batch.md. The pieces: `discover` (which files, which kind), `formats` and `eml`
(rewriting one document), `fidelity` (the checks every output passes), `worker` (the
per-file function), `engines` (local pool or dask), `manifest` (resume), `report`.
Names are imported on first use, so reading `plainspeak.batch.discover` (the CLI's --help
does) does not load the pipeline.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "BatchReport",
    "DEFAULT_EXCLUDES",
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXTENSIONS",
    "KINDS",
    "discover",
    "print_summary",
    "process_document",
    "run_batch",
]
_LAZY = {
    "DEFAULT_EXCLUDES": ".discover",
    "EXTENSIONS": ".discover",
    "KINDS": ".discover",
    "discover": ".discover",
    "process_document": ".document",
    "BatchReport": ".runner",
    "EXIT_FAILED": ".runner",
    "EXIT_INTERRUPTED": ".runner",
    "EXIT_OK": ".runner",
    "print_summary": ".runner",
    "run_batch": ".runner",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'plainspeak.batch' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value
