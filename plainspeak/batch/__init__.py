"""Batch rewriting of template folders: `plainspeak batch` and `plainspeak.batch.run_batch`.

    >>> from plainspeak.batch import run_batch
    >>> report = run_batch("templates/", "out/")          # doctest: +SKIP
    >>> report.totals()["rewritten"], report.exit_code     # doctest: +SKIP

See docs/batch.md. The pieces: `discover` (which files, which kind), `formats` and `eml`
(rewriting one document), `fidelity` (the checks every output passes), `worker` (the
per-file function), `engines` (local pool or dask), `manifest` (resume), `report`.
"""

from .discover import DEFAULT_EXCLUDES, EXTENSIONS, KINDS, discover
from .document import process_document
from .runner import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, BatchReport, print_summary, run_batch

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
