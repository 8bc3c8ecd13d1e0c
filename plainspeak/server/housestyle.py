"""House-style endpoints: POST /v1/feedback, GET /v1/stats and GET /v1/style, and the workspace rules.

A request acts for the workspace of its API key. Naming another workspace (`?workspace=`, or
`"workspace"` in a body) is refused with E050 (403): a key never reads or writes another team's
decisions, stats or style. On a server without keys everything is open and `workspace` picks one
(default: "default").
"""

from __future__ import annotations

import threading
import time
from typing import Any, Union

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import Field

from ..housestyle.export import export_text
from ..housestyle.feedback import from_result, from_result_json
from ..housestyle.service import HouseStyleService
from ..housestyle.store import Store
from .errors import ApiError
from .schemas import ErrorResponse, FeedbackResponse, Format, SettingsIn, StatsResponse
from .workspaces import house, workspace_of

WORKSPACE_QUERY = Query(
    None,
    pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$",
    description="A workspace; with API keys, only the key's own (else 403 E050).",
)


class FeedbackRequest(SettingsIn):
    """Either `result` (a /v1/rewrite response) or `text` (re-rewritten with these settings to find the
    changes, as `accept` does on /v1/rewrite), plus the ids the reviewer accepted."""

    accepted: list[str] = Field(description="Change ids the reviewer kept; every other change counts as rejected.")
    result: Union[dict[str, Any], None] = Field(None, description="The JSON of an earlier /v1/rewrite response.")
    text: Union[str, None] = Field(
        None, description="The document (with `result`: only hashed, unless the workspace keeps documents)."
    )
    format: Format = "auto"
    final_text: Union[str, None] = Field(
        None, description="The text the reviewer published; hand edits of it are recorded word by word."
    )
    workspace: Union[str, None] = Field(None, description="Default: the API key's workspace.")


class DatabaseKeys:
    """API keys kept in the decision store (`plainspeak keys add`), with a short cache of whether any exist."""

    def __init__(self, store: Store, cache_s: float = 5.0) -> None:
        self.store = store
        self.cache_s = cache_s
        self._known: tuple[float, bool] | None = None
        self._lock = threading.Lock()

    def enabled(self) -> bool:
        with self._lock:
            if self._known is not None and time.monotonic() - self._known[0] < self.cache_s:
                return self._known[1]
        found = self.store.has_keys()
        with self._lock:
            self._known = (time.monotonic(), found)
        return found

    def workspace(self, key: str) -> str | None:
        return self.store.key_workspace(key)


def build_style_router(guard: Any) -> APIRouter:
    from .api import POST_ERRORS, _body_doc, _errors, _respond, parse_body

    v1 = APIRouter(prefix="/v1", dependencies=[Depends(guard)], tags=["house style"])
    forbidden: dict[int | str, dict[str, Any]] = {
        403: {"model": ErrorResponse, "description": "Another workspace's data (E050)"}
    }

    @v1.post(
        "/feedback",
        response_model=None,
        summary="Record a reviewer's decisions",
        responses={200: {"model": FeedbackResponse}, **POST_ERRORS, **forbidden},
        openapi_extra=_body_doc(FeedbackRequest),
    )
    async def feedback(request: Request) -> JSONResponse:
        """Record which changes of a result a reviewer accepted (the others count as rejected), and any
        hand edits of the final text. Send `result` (an earlier /v1/rewrite response) or `text` with the
        same settings; `accepted` lists the kept change ids. Written in one transaction."""
        body = await parse_body(request, FeedbackRequest)
        ws = workspace_of(request, body.workspace)
        service = house(request)
        if body.result is not None:
            fb = from_result_json(body.result, body.accepted, ws, text=body.text, final_text=body.final_text)
        elif body.text is not None:
            from .api import _check_length

            engine = request.app.state.engine
            _check_length(body.text, request.app.state.config.max_text_chars, "text")
            settings = await run_in_threadpool(service.apply, engine.settings(body.to_settings(), body.use_model), ws)
            result = await run_in_threadpool(engine.rewrite, body.text, body.format, settings)
            fb = from_result(result, body.accepted, ws, final_text=body.final_text)
        else:
            raise ApiError(
                "E026", "send 'result' (an earlier /v1/rewrite response) or 'text', with 'accepted'", "result"
            )
        return _respond(request, await run_in_threadpool(service.record, fb))

    @v1.get(
        "/stats",
        response_model=None,
        summary="Per-rule acceptance and the learned house style",
        responses={200: {"model": StatsResponse}, **_errors(401, 422, 429, 503), **forbidden},
    )
    async def stats(request: Request, workspace: str = WORKSPACE_QUERY) -> JSONResponse:
        """Per rule: shown, accepted, rejected, acceptance rate with a 95% Wilson interval and status
        (demoted, promoted); the most rejected rules; replacements learned from hand edits."""
        ws = workspace_of(request, workspace)
        return _respond(request, await run_in_threadpool(house(request).stats, ws))

    @v1.get(
        "/style",
        response_model=None,
        summary="The house style as a settings file",
        responses={200: {"content": {"application/yaml": {}}}, **_errors(401, 422, 429, 503), **forbidden},
    )
    async def style(request: Request, workspace: str = WORKSPACE_QUERY) -> PlainTextResponse:
        """What `plainspeak style export` writes: a YAML settings file that reproduces the workspace's
        style without the database (`plainspeak rewrite --settings FILE`)."""
        ws = workspace_of(request, workspace)
        text = export_text(await run_in_threadpool(house(request).style, ws))
        return PlainTextResponse(text, media_type="application/yaml")

    return v1


def install_house_style(app: FastAPI, service: HouseStyleService, guard: Any) -> None:
    app.state.house = service
    app.include_router(build_style_router(guard))
