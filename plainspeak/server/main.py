"""The one app: FastAPI (the API) with the Gradio review UI mounted at /ui, served by uvicorn."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import AsyncIterator, Sequence
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before Gradio is imported anywhere
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import RedirectResponse
from pydantic.json_schema import models_json_schema

from .. import __version__
from .api import install_routes
from .config import ServerConfig, add_arguments
from .engine import Engine
from .errors import BodyLimitMiddleware, install_error_handlers
from .schemas import AnalyzeRequest, BatchRequest, RewriteRequest
from .security import Guard, KeyStore, RateLimiter

log = logging.getLogger("plainspeak.server")
UI_PATH = "/ui"
DESCRIPTION = """Rewrite customer copy into plain language, with every change explained and verified.

Every `/v1` call needs an API key when the server has keys configured: send
`Authorization: Bearer KEY` or `X-API-Key: KEY`. Errors always have the shape
`{"error": {"code", "title", "message", "field"}}`; the codes are listed in docs/api.md.
The review UI for people is at `/ui/`."""


def public_urls(config: ServerConfig) -> dict[str, str]:
    host = config.host
    shown = "127.0.0.1" if host in ("0.0.0.0", "", "::") else (f"[{host}]" if ":" in host else host)
    base = f"http://{shown}:{config.port}"
    return {"base": base, "ui": f"{base}{UI_PATH}/", "docs": f"{base}/docs", "api": f"{base}/v1"}


def _ensure_logging(level: str) -> None:
    """Under `uvicorn --factory app:create_app` nobody configured logging: show ours like uvicorn's."""
    logger = logging.getLogger("plainspeak")
    if not logging.getLogger().handlers and not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-9s %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(level.upper())


def create_app(
    config: ServerConfig | None = None, engine: Engine | None = None, *, knows_address: bool = True
) -> FastAPI:
    """The app. `knows_address`: the config's host and port are where it is served (False under
    `uvicorn --factory`, which takes its own --host/--port: then the log gives paths only)."""
    config = config or ServerConfig.from_env()
    _ensure_logging(config.log_level)
    if engine is None:
        from .pool import worker_count

        engine = Engine(config.embedding_path, config.model, workers=worker_count(config.workers))
    urls = (
        public_urls(config)
        if knows_address
        else {"base": "this server", "ui": f"{UI_PATH}/", "docs": "/docs", "api": "/v1"}
    )

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        engine.start_loading()
        where = f"review UI: {urls['ui']}   " if config.ui else ""
        keys = (
            f"{len(config.api_keys)} API key(s) required on /v1"
            if config.api_keys
            else "no API keys set: /v1 is open to anyone who can reach this address"
        )
        log.info("plainspeak %s on %s   %sAPI docs: %s   (%s)", __version__, urls["base"], where, urls["docs"], keys)
        if config.ui and config.api_keys and not config.ui_auth:
            log.warning(
                "the review UI at %s needs no API key: set --ui-auth USER:PASSWORD, or --no-ui, "
                "if others can reach this address",
                urls["ui"],
            )
        yield
        engine.close()  # stop the pipeline worker processes, if any

    app = FastAPI(title="plainspeak", version=__version__, description=DESCRIPTION, lifespan=lifespan)
    app.state.config = config
    app.state.engine = engine
    install_error_handlers(app)
    # house style (plainspeak/housestyle): keys file and database keys name a workspace; its decisions and style
    from ..housestyle.learn import Thresholds
    from ..housestyle.service import HouseStyleService
    from ..housestyle.store import Store
    from .housestyle import DatabaseKeys, install_house_style

    house = HouseStyleService(Store(config.database_url), Thresholds.from_env())
    guard = Guard(
        KeyStore(config.api_keys, config.workspace_of_keys()), RateLimiter(config.rate_limit), DatabaseKeys(house.store)
    )
    install_routes(app, config, engine, guard)
    install_house_style(app, house, guard)

    @app.get("/", include_in_schema=False)
    async def root() -> RedirectResponse:
        return RedirectResponse(f"{UI_PATH}/" if config.ui else "/docs")

    _document_request_bodies(app, config)
    app.add_middleware(BodyLimitMiddleware, limit=config.max_body_bytes)
    if config.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=config.cors_origins,
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Authorization", "X-API-Key", "Content-Type"],
            expose_headers=["Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining"],
            allow_credentials=False,
            max_age=600,
        )
    if config.ui:
        from .ui import mount_ui

        mount_ui(app, engine, config, UI_PATH)
    return app


def _document_request_bodies(app: FastAPI, config: ServerConfig) -> None:
    """The /v1 POST routes parse their own bodies (for coded errors); put their schemas in /openapi.json,
    with this server's limits and the known rule categories."""
    from ..rules.schema import CATEGORIES

    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = original()
        _, top = models_json_schema(
            [(m, "validation") for m in (RewriteRequest, AnalyzeRequest, BatchRequest)],
            ref_template="#/components/schemas/{model}",
        )
        defs = top.get("$defs", {})
        for name in ("RewriteRequest", "AnalyzeRequest"):
            defs[name]["properties"]["text"]["maxLength"] = config.max_text_chars
        # in a batch, a text over the limit fails only its own document (an E004 in its result)
        defs["BatchDocument"]["properties"]["text"]["description"] = (
            f"Over {config.max_text_chars:,} characters: this document's result is an E004 error."
        )
        defs["BatchRequest"]["properties"]["documents"]["maxItems"] = config.max_batch_documents
        for name in ("RewriteRequest", "AnalyzeRequest", "BatchRequest"):
            for branch in defs[name]["properties"]["categories"].get("anyOf", []):
                if branch.get("type") == "array":
                    branch["items"] = {"type": "string", "enum": list(CATEGORIES)}
        schema.setdefault("components", {}).setdefault("schemas", {}).update(defs)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def server_threads() -> None:
    """Torch threads for a server process, unless PLAINSPEAK_THREADS says otherwise: one core fewer
    than the process may use (at most 4). Pipeline calls run one at a time, and the event loop and
    the UI need a core: with as many torch threads as cores, every matrix product waits for a
    thread the event loop has displaced (measured on 2 cores: p50 277 ms with 2 threads, 40 ms
    with 1, for a 100-word paragraph; bench/bench_api.py)."""
    if not os.environ.get("PLAINSPEAK_THREADS"):
        from ..embeddings import threads_sparing_a_core

        os.environ["PLAINSPEAK_THREADS"] = str(threads_sparing_a_core())


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="app.py",
        description="Serve the plainspeak review UI and HTTP API. Flags override PLAINSPEAK_* environment variables.",
    )
    add_arguments(p)
    return p


def serve(config: ServerConfig) -> int:
    import uvicorn

    logging.basicConfig(level=config.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("plainspeak").setLevel(config.log_level.upper())
    server_threads()
    app = create_app(config)
    urls = public_urls(config)
    print(
        f"plainspeak {__version__}: open {urls['ui'] if config.ui else urls['docs']} in a browser "
        f"(API docs: {urls['docs']}); Ctrl+C stops it",
        flush=True,
    )
    uvicorn.run(
        app,
        host=config.host,
        port=config.port,
        log_level=config.log_level,
        proxy_headers=False,
        server_header=False,
        timeout_graceful_shutdown=5,
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    from ..errors import PlainspeakError

    args = build_parser().parse_args(argv)
    try:
        config = ServerConfig.from_args(args)
    except PlainspeakError as exc:
        print(f"plainspeak: error {exc}", file=sys.stderr)
        return 3
    return serve(config)
