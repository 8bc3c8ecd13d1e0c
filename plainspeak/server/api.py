"""The HTTP API for a CMS: /v1/rewrite, /v1/analyze, /v1/rewrite/batch, /v1/rules, /healthz, /readyz."""

from __future__ import annotations

import json
import re
from typing import Any, TypeVar

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError

from ..errors import PlainspeakError
from ..render import SCHEMA_VERSION
from ..rules.model import CATEGORIES
from .config import ServerConfig
from .engine import Engine
from .errors import ApiError
from .schemas import (
    AnalyzeRequest,
    AnalyzeResponse,
    BatchRequest,
    BatchResponse,
    ErrorResponse,
    RewriteRequest,
    RewriteResponse,
    RulesResponse,
    SettingsIn,
    StatusResponse,
)
from .security import Guard

M = TypeVar("M", bound=BaseModel)
SETTINGS_FIELDS = set(SettingsIn.model_fields)
JSON_TYPES = ("application/json",)
CATEGORY_PATTERN = "^(" + "|".join(re.escape(c) for c in CATEGORIES) + ")$"


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    text = {
        400: "Invalid JSON or invalid UTF-8",
        401: "Missing or invalid API key",
        404: "Not found",
        413: "Body, text or batch too large",
        415: "Body is not JSON",
        422: "Invalid field or value",
        429: "Rate limited (see Retry-After)",
        503: "Model unavailable",
    }
    return {s: {"model": ErrorResponse, "description": text[s]} for s in statuses}


POST_ERRORS = _errors(400, 401, 413, 415, 422, 429, 503)


def _body_doc(model: type[BaseModel]) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}},
        }
    }


# -- request parsing -------------------------------------------------------------------------------
async def parse_body(request: Request, model: type[M]) -> M:
    """Content type, UTF-8, JSON, then the model: each failure is its own coded error."""
    ctype = request.headers.get("content-type", "")
    mtype, *params = [p.strip() for p in ctype.split(";")]
    mtype = mtype.lower()
    if not (mtype in JSON_TYPES or (mtype.startswith("application/") and mtype.endswith("+json"))):
        raise ApiError("E023", f"expected Content-Type: application/json, got {ctype or 'none'!r}", "content-type")
    for p in params:
        name, _, value = p.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"').lower() not in ("utf-8", "utf8"):
            raise ApiError("E023", f"the body must be UTF-8, not {value.strip()!r}", "content-type")
    raw = await request.body()
    if not raw.strip():
        raise ApiError("E024", "the request body is empty; send a JSON object", "body")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ApiError("E003", f"the request body is not valid UTF-8 (byte {exc.start})", "body") from exc
    try:
        data = json.loads(text, parse_constant=_reject_constant)
        bad = _lone_surrogate(data)
    except json.JSONDecodeError as exc:
        raise ApiError("E024", f"{exc.msg} (line {exc.lineno}, column {exc.colno})", "body") from exc
    except ValueError as exc:
        raise ApiError("E024", str(exc), "body") from exc
    except RecursionError as exc:
        raise ApiError("E024", "the JSON is nested too deeply", "body") from exc
    if bad is not None:
        raise ApiError(
            "E003",
            "a string holds an unpaired UTF-16 surrogate (\\ud800-\\udfff escape): it is not valid Unicode text",
            bad or "body",
        )
    if not isinstance(data, dict):
        raise ApiError("E026", f"the body must be a JSON object, not {type(data).__name__}", "body")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _validation_error(exc) from exc


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _lone_surrogate(value: Any, path: str = "") -> str | None:
    """The path of the first string (or key) holding a lone surrogate; None when there is none."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return path
        return None
    if isinstance(value, dict):
        for k, v in value.items():
            sub = f"{path}.{k}" if path else str(k)
            found = _lone_surrogate(k, sub)
            if found is None:
                found = _lone_surrogate(v, sub)
            if found is not None:
                return found
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found = _lone_surrogate(v, f"{path}.{i}" if path else str(i))
            if found is not None:
                return found
    return None


def _validation_error(exc: ValidationError) -> ApiError:
    errors = exc.errors(include_url=False)
    # a misspelt field shows up as 'unknown' and as 'missing': name the one the client sent
    e = next((x for x in errors if x["type"] == "extra_forbidden"), errors[0])
    loc = [str(p) for p in e.get("loc", ())]
    # unions report the branch tried (e.g. 'str', 'list[str]'); keep the path a client sent
    path = [p for p in loc if not (p[:1].isalpha() and ("[" in p or p in ("str", "int", "float", "bool", "none")))]
    field = ".".join(path) or None
    top = path[0] if path else ""
    leaf = path[-1] if path else ""
    if top == "glossary":
        what = "unknown glossary field" if e["type"] == "extra_forbidden" else e["msg"]
        return ApiError("E007", f"{field}: {what}", field)
    if e["type"] == "extra_forbidden":
        return ApiError("E026", f"unknown field {field!r}; see /docs for the fields this endpoint takes", field)
    if e["type"] == "missing":
        return ApiError("E026", f"field {field!r} is required", field)
    if leaf == "format":
        return ApiError("E005", "format must be one of: auto, text, markdown, html", field)
    if top in SETTINGS_FIELDS:
        return ApiError("E006", f"{field}: {e['msg']}", field)
    return ApiError("E026", f"{field}: {e['msg']}" if field else e["msg"], field)


def _check_length(text: str, limit: int, field: str) -> None:
    if len(text) > limit:
        raise ApiError("E004", f"the text has {len(text):,} characters; this server's limit is {limit:,}", field)


def _respond(request: Request, data: Any, status: int = 200) -> JSONResponse:
    headers = {}
    remaining = getattr(request.state, "rate_remaining", None)
    if remaining is not None:
        headers["X-RateLimit-Remaining"] = str(remaining)
    return JSONResponse(data, status_code=status, headers=headers)


# -- routes ------------------------------------------------------------------------------------------
def build_router(config: ServerConfig, engine: Engine, guard: Guard) -> APIRouter:
    v1 = APIRouter(prefix="/v1", dependencies=[Depends(guard)], tags=["v1"])

    @v1.post(
        "/rewrite",
        response_model=None,
        summary="Rewrite one document",
        responses={200: {"model": RewriteResponse}, **POST_ERRORS},
        openapi_extra=_body_doc(RewriteRequest),
    )
    async def rewrite(request: Request) -> JSONResponse:
        """Rewrite `text` into plain language. The response is the same versioned JSON as
        `plainspeak rewrite --json`: the output, every change with its reason, scores and verdicts.
        Send `accept` (change ids from an earlier response) to apply exactly those changes."""
        body = await parse_body(request, RewriteRequest)
        _check_length(body.text, config.max_text_chars, "text")
        settings = engine.settings(body.to_settings(), body.use_model)
        result = await run_in_threadpool(engine.rewrite, body.text, body.format, settings, body.accept)
        return _respond(request, result.to_dict())

    @v1.post(
        "/analyze",
        response_model=None,
        summary="Score a document without rewriting",
        responses={200: {"model": AnalyzeResponse}, **POST_ERRORS},
        openapi_extra=_body_doc(AnalyzeRequest),
    )
    async def analyze(request: Request) -> JSONResponse:
        """Readability scores and every rule finding, per sentence: the JSON of `plainspeak analyze --json`."""
        body = await parse_body(request, AnalyzeRequest)
        _check_length(body.text, config.max_text_chars, "text")
        report = await run_in_threadpool(
            engine.analyze, body.text, body.format, engine.settings(body.to_settings(), body.use_model)
        )
        return _respond(request, report)

    @v1.post(
        "/rewrite/batch",
        response_model=None,
        summary="Rewrite many documents in one call",
        responses={200: {"model": BatchResponse}, **POST_ERRORS},
        openapi_extra=_body_doc(BatchRequest),
    )
    async def rewrite_batch(request: Request) -> JSONResponse:
        """Rewrite every document with the same settings. Results come back in the order sent, each
        with its `id`; a document that fails gets an `error` instead of a result, and the others go on."""
        body = await parse_body(request, BatchRequest)
        if len(body.documents) > config.max_batch_documents:
            raise ApiError(
                "E025",
                f"{len(body.documents)} documents; this server takes at most {config.max_batch_documents} per call",
                "documents",
            )
        settings = engine.settings(body.to_settings(), body.use_model)

        def work() -> list[dict[str, Any]]:
            out: list[dict[str, Any]] = []
            for i, doc in enumerate(body.documents):
                doc_id = doc.id if doc.id is not None else i
                try:
                    _check_length(doc.text, config.max_text_chars, f"documents.{i}.text")
                    result = engine.rewrite(doc.text, doc.format or body.format, settings, doc.accept)
                    out.append({"id": doc_id, **result.to_dict()})
                except ApiError as exc:
                    out.append({"id": doc_id, **exc.error.to_dict()})
                except PlainspeakError as exc:
                    out.append({"id": doc_id, **exc.to_dict()})
            return out

        results = await run_in_threadpool(work)
        failed = sum(1 for r in results if "error" in r)
        return _respond(
            request, {"version": SCHEMA_VERSION, "count": len(results), "failed": failed, "results": results}
        )

    @v1.get(
        "/rules",
        response_model=None,
        summary="List the rules",
        responses={200: {"model": RulesResponse}, **_errors(401, 422, 429)},
    )
    async def rules(
        request: Request,
        category: str = Query(
            None, pattern=CATEGORY_PATTERN, description=f"Only this category: {', '.join(CATEGORIES)}"
        ),
        code: str = Query(None, pattern=r"^[Pp][Ss][0-9]{4}$", description="Only this rule, e.g. PS1001"),
    ) -> JSONResponse:
        """Every rule with its code, category, message, reason, source and examples."""
        from ..rules.model import load_rules
        from ..rules.style import STYLE_RULES

        items = [
            r
            for r in [*load_rules(), *STYLE_RULES]
            if (category is None or r.category == category) and (code is None or r.code == code.upper())
        ]
        return _respond(
            request, {"version": SCHEMA_VERSION, "count": len(items), "rules": [r.to_dict() for r in items]}
        )

    return v1


def install_routes(app: FastAPI, config: ServerConfig, engine: Engine, guard: Guard) -> None:
    app.include_router(build_router(config, engine, guard))

    @app.get("/healthz", response_model=StatusResponse, tags=["health"], summary="The process is up")
    async def healthz() -> dict[str, Any]:
        return {"status": "ok"}

    @app.get(
        "/readyz",
        response_model=None,
        tags=["health"],
        summary="Ready once the model is loaded",
        responses={200: {"model": StatusResponse}, 503: {"model": StatusResponse, "description": "Not ready"}},
    )
    async def readyz() -> JSONResponse:
        status = engine.status()
        return JSONResponse(status, status_code=200 if status["status"] == "ready" else 503)
