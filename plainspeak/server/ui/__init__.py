"""The Gradio review UI, for people pasting copy: rewrite, review each change, copy the result."""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no outbound calls, before Gradio is imported

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import FastAPI

    from ..config import ServerConfig
    from ..engine import Engine


def mount_ui(app: FastAPI, engine: Engine, config: ServerConfig, path: str = "/ui") -> None:
    import gradio as gr

    from .app import build_ui
    from .view import CSS, HEAD

    auth = tuple(config.ui_auth.split(":", 1)) if config.ui_auth else None
    gr.mount_gradio_app(
        app,
        build_ui(engine, config),
        path=path,
        auth=auth,
        ssr_mode=False,
        run_history=False,
        footer_links=["gradio"],
        max_file_size=config.max_upload_bytes,
        mcp_server=False,
        pwa=False,
        enable_monitoring=False,
        show_error=True,
        theme=gr.themes.Default(primary_hue="emerald"),
        css=CSS,
        head=HEAD,
    )


__all__ = ["mount_ui"]
