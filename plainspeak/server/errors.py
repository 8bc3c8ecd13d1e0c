"""HTTP side of the error catalogue: status codes, the JSON error response, exception handlers,
and the request-body limit. Every error the server sends has the one shape
{"error": {"code", "title", "message", "field"}}."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import PlainspeakError

log = logging.getLogger("plainspeak.server")

STATUS: dict[str, int] = {
    "E001": 422,
    "E002": 422,
    "E003": 400,
    "E004": 413,
    "E005": 422,
    "E006": 422,
    "E007": 422,
    "E008": 500,
    "E009": 422,
    "E010": 422,
    "E011": 422,
    "E012": 409,
    "E013": 503,
    "E014": 422,
    "E015": 503,
    "E016": 503,
    "E020": 401,
    "E021": 429,
    "E022": 413,
    "E023": 415,
    "E024": 400,
    "E025": 413,
    "E026": 422,
    "E027": 404,
    "E028": 405,
    "E029": 500,
    "E050": 403,
    "E051": 503,
    "E052": 422,
    "E053": 422,
    "E054": 422,  # house style
}


class ApiError(Exception):
    """A PlainspeakError with the HTTP headers that go with it (Retry-After, WWW-Authenticate)."""

    def __init__(self, code: str, message: str, field: str | None = None, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.error = PlainspeakError(code, message, field)
        self.headers = headers or {}


def error_response(err: PlainspeakError, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(err.to_dict(), status_code=STATUS.get(err.code, 400), headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(PlainspeakError)
    async def _plainspeak(_: Request, exc: PlainspeakError) -> JSONResponse:
        from .loading import RETRY_AFTER_S

        return error_response(exc, {"Retry-After": str(RETRY_AFTER_S)} if exc.code == "E015" else None)

    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.error, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            err = PlainspeakError("E027", f"no endpoint {request.url.path}; see /docs", "path")
        elif exc.status_code == 405:
            err = PlainspeakError("E028", f"{request.method} is not allowed on {request.url.path}", "method")
        else:
            err = PlainspeakError("E026", str(exc.detail), None)
        return JSONResponse(err.to_dict(), status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        first: dict[str, Any] = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        loc = [str(p) for p in first.get("loc", ()) if p not in ("query", "path", "header", "body")]
        field = ".".join(loc) or None
        message = first.get("msg", "invalid request")
        if field and "input" in first:
            message = f"{field}={first['input']!r}: {message}"
        return error_response(PlainspeakError("E026", message, field))

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return error_response(PlainspeakError("E029", f"internal error ({type(exc).__name__}); see the server log"))


class BodyLimitMiddleware:
    """Refuse request bodies over `limit` bytes on the API paths, before and while reading them."""

    def __init__(self, app: ASGIApp, limit: int, prefixes: tuple[str, ...] = ("/v1",)) -> None:
        self.app = app
        self.limit = limit
        self.prefixes = prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefixes):
            await self.app(scope, receive, send)
            return
        limit = self.limit
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            response = error_response(
                PlainspeakError("E022", f"the request body has {declared:,} bytes; the limit is {limit:,}", "body"),
                {"Connection": "close"},
            )
            await response(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise ApiError("E022", f"the request body is over the limit of {limit:,} bytes", "body")
            return message

        await self.app(scope, limited, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
