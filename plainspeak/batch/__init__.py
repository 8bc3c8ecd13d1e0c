"""Batch rewriting of template folders: `plainspeak batch` and `plainspeak.batch.run_batch`.

    >>> from plainspeak.batch import run_batch
    >>> report = run_batch("templates/", "out/")          # doctest: +SKIP
    >>> report.totals()["rewritten"], report.exit_code     # doctest: +SKIP

See docs/batch.md. `plainspeak.audit` uses only the names in `__all__`. The pieces: `discover`
(which files, which kind), `formats` and `eml`
(rewriting one document), `fidelity` (the checks every output passes), `worker` (the
per-file function), `engines` (local pool or dask), `manifest` (resume), `report`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_getattr

# light modules, imported at once (`discover` is also a submodule's name: the function must win)
from .discover import DEFAULT_EXCLUDES, EXTENSIONS, KINDS, check_kind, discover, parse_ext_map
from .engines import make_engine

__all__ = [
    "BatchReport",
    "DEFAULT_EXCLUDES",
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXTENSIONS",
    "KINDS",
    "check_kind",
    "copy_units",
    "discover",
    "make_engine",
    "parse_ext_map",
    "print_summary",
    "process_document",
    "progress_bar",
    "run_batch",
    "settings_for",
]
_WHERE = {
    "copy_units": "document",
    "progress_bar": "runner",
    "settings_for": "worker",
    "process_document": "document",
    "EXIT_FAILED": "runner",
    "EXIT_INTERRUPTED": "runner",
    "EXIT_OK": "runner",
    "BatchReport": "runner",
    "print_summary": "runner",
    "run_batch": "runner",
}

if TYPE_CHECKING:
    from .document import copy_units, process_document
    from .runner import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, BatchReport, print_summary, progress_bar, run_batch
    from .worker import settings_for

__getattr__ = lazy_getattr(__name__, globals(), _WHERE)
