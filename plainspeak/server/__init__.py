"""The server: one FastAPI app with the HTTP API for a CMS and the Gradio review UI mounted at /ui.

python app.py                  # or: plainspeak serve
uvicorn --factory app:create_app
"""

from __future__ import annotations

from .config import ServerConfig

__all__ = ["ServerConfig", "create_app", "serve"]


def __getattr__(name: str):  # FastAPI is imported only when the app is built, not for `plainspeak --help`
    if name in ("create_app", "serve"):
        from . import main as _main

        return getattr(_main, name)
    raise AttributeError(name)
