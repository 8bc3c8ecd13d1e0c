"""Worker processes end with the process that started them.

A server or batch run killed with SIGKILL cannot shut its process pool down, and a spawned worker
waiting for work would stay for good, holding its own copy of the models (some 400 MB). Each worker
starts `watch_parent()` when it starts: a daemon thread that ends the worker once its parent is gone
(it is then re-parented, so `os.getppid()` changes)."""

from __future__ import annotations

import os
import threading
import time

CHECK_S = 1.0  # how often a worker checks that its parent is still there


def _exit_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(CHECK_S)
    os._exit(0)


def watch_parent() -> None:
    """In a worker process: end it, within CHECK_S seconds, when the process that started it is gone."""
    threading.Thread(target=_exit_with, args=(os.getppid(),), name="plainspeak-parent-watch", daemon=True).start()
