"""Which workspace a request acts for, and the house style it brings to a rewrite.

Kept apart from the house-style endpoints (`housestyle.py`) so that `api.py` can use it without
importing them: the endpoints import `api.py`'s helpers.
"""

from __future__ import annotations

from fastapi import Request

from ..housestyle.service import HouseStyleService
from ..housestyle.store import DEFAULT_WORKSPACE, check_workspace
from ..settings import Settings
from .errors import ApiError


def house(request: Request) -> HouseStyleService:
    return request.app.state.house


def workspace_of(request: Request, asked: str | None) -> str:
    """The workspace this request may act for; E050 when it names another one."""
    own = getattr(request.state, "workspace", None)
    if own is None:  # no API keys on this server
        return check_workspace(asked) if asked else DEFAULT_WORKSPACE
    if asked is not None and asked != own:
        raise ApiError(
            "E050", "this API key belongs to another workspace; it can read and write only its own", "workspace"
        )
    return own


def styled(request: Request, settings: Settings) -> Settings:
    """`settings` with the house style of the request's workspace (used by /v1/rewrite and the batch)."""
    service: HouseStyleService | None = getattr(request.app.state, "house", None)
    if service is None:
        return settings
    return service.apply(settings, workspace_of(request, None))
