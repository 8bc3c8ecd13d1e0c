"""Request and response shapes of the HTTP API.

Requests are validated with these models (strict types, unknown fields refused) and the
same models document the API at /docs. Response models document the JSON that
`Result.to_dict()` and `plainspeak.analyze()` return; they allow extra fields so the
core can add to its versioned JSON without breaking clients.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

from annotated_types import Ge
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, create_model

from ..settings import Option, Settings

Format = Literal["auto", "text", "markdown", "html"]
STRICT = ConfigDict(extra="forbid", strict=True)
OPEN = ConfigDict(extra="allow")


def _whole_number(value: Any) -> Any:
    """JSON has one number type: 60.0 is an integer to JSON Schema, so accept it as 60 (60.5 stays an error)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


JsonInt = Annotated[int, BeforeValidator(_whole_number)]  # constraints go before the validator (schema output)


class GlossaryIn(BaseModel):
    model_config = STRICT
    protected: list[str] = Field(default_factory=list, description="Terms never changed (product names, legal terms).")
    banned: Union[dict[str, Union[str, None]], list[str]] = Field(
        default_factory=dict, description="Terms to flag, each with a suggested replacement or null."
    )
    replacements: dict[str, str] = Field(default_factory=dict, description="Your own replacements, always applied.")


class SettingsBase(BaseModel):
    """What every request's settings fields share: strict types, and the conversion to `Settings`."""

    model_config = STRICT

    def to_settings(self) -> Settings:
        data: dict[str, Any] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if value is None or name not in SETTINGS_OPTIONS:
                continue
            data[name] = value.model_dump() if isinstance(value, BaseModel) else value
        return Settings.from_dict(data)


SETTINGS_OPTIONS = {name: o for name, o in Settings.options().items() if o.api}


def _field(name: str, option: Option) -> tuple[Any, Any]:
    """One request field from a setting's `Option`: left out means the server's default (as in the CLI)."""
    default = getattr(Settings(), name)
    shown = "" if option.kind in ("list", "glossary") else f" (default {json.dumps(default)})"
    described = option.help[:1].upper() + option.help[1:] + shown + "."
    if option.kind == "number":
        return Union[float, None], Field(None, ge=option.minimum, le=option.maximum, description=described)
    if option.kind == "integer":
        whole = Annotated[int, Ge(option.minimum or 0), BeforeValidator(_whole_number)]
        return Union[whole, None], Field(None, description=described)
    if option.kind == "choice":
        return Union[Literal[option.choices], None], Field(None, description=described)
    if option.kind == "list":
        return Union[list[str], None], Field(None, description=described + " See GET /v1/rules.")
    if option.kind == "glossary":
        return Union[GlossaryIn, None], Field(None, description=described)
    if option.kind == "switch-off":
        return Union[bool, None], Field(None, description=f"false: {option.help}")
    return Union[str, None], Field(None, description=described)


USE_MODEL = Field(
    None,
    description="false: rules only. true or left out: also whole-sentence rewrites from the server's "
    "seq2seq model (GET /readyz names it; 'none' means the server runs without one).",
)

if TYPE_CHECKING:

    class SettingsIn(SettingsBase):
        use_model: bool | None

else:
    # the request's settings fields, derived from `Settings` field metadata (one source for CLI, API and UI)
    SettingsIn = create_model(
        "SettingsIn",
        __base__=SettingsBase,
        __doc__="Settings fields shared by every endpoint; left out: the server's default (as in the CLI).",
        **{name: _field(name, option) for name, option in SETTINGS_OPTIONS.items()},
        use_model=(Union[bool, None], USE_MODEL),
    )


class RewriteRequest(SettingsIn):
    text: str = Field(description="The copy to rewrite: plain text, Markdown or HTML.")
    format: Format = "auto"
    accept: Union[list[str], None] = Field(
        None, description="Apply exactly these change ids (from an earlier response); default: the engine's choice."
    )

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={
            "examples": [
                {
                    "text": "We regret to inform you that we will utilize your feedback going forward.",
                    "format": "text",
                    "target_grade": 8,
                    "strength": "standard",
                }
            ]
        },
    )


class AnalyzeRequest(SettingsIn):
    text: str = Field(description="The copy to score.")
    format: Format = "auto"


class BatchDocument(BaseModel):
    model_config = STRICT
    id: Union[str, JsonInt, None] = Field(None, description="Your id, echoed back (default: the position, from 0).")
    text: str
    format: Union[Format, None] = Field(None, description="Default: the request's format.")
    accept: Union[list[str], None] = None


class BatchRequest(SettingsIn):
    documents: list[BatchDocument] = Field(description="Documents to rewrite; results come back in this order.")
    format: Format = "auto"


# ---- responses (documentation) ------------------------------------------------------------
class ErrorBody(BaseModel):
    code: str = Field(description="Stable error code, e.g. E024; see docs/api.md.")
    title: str
    message: str
    field: Union[str, None] = Field(description="The request field at fault, when there is one.")


class ErrorResponse(BaseModel):
    error: ErrorBody


class ChangeOut(BaseModel):
    model_config = OPEN
    id: str
    sentence: int
    before: str
    after: str
    rule: str
    category: str
    kind: str
    message: str
    reason: str
    origin: str = Field(description="'rule' or 'model'.")
    accepted: bool
    accepted_by_default: bool
    warnings: list[str]
    source_span: list[int]
    output_span: list[Union[int, None]]


class FlagOut(BaseModel):
    model_config = OPEN
    sentence: int
    text: str
    rule: str
    category: str
    message: str
    reason: str
    source_span: list[int]


class ScoresOut(BaseModel):
    model_config = OPEN
    flesch_reading_ease: float
    flesch_kincaid_grade: float
    words: int
    sentences: int
    words_per_sentence: float
    jargon_count: int
    passive_count: int


class ScoresPair(BaseModel):
    model_config = OPEN
    before: ScoresOut
    after: ScoresOut


class RewriteResponse(BaseModel):
    """The same versioned JSON as `plainspeak rewrite --json`."""

    model_config = OPEN
    version: str
    format: str
    output: str
    changes: list[ChangeOut]
    flags: list[FlagOut]
    scores: ScoresPair
    verdicts: list[dict[str, Any]]
    sentences: list[dict[str, Any]]
    settings: dict[str, Any]


class AnalyzeResponse(BaseModel):
    """The same JSON as `plainspeak analyze --json`."""

    model_config = OPEN
    version: str
    format: str
    scores: ScoresOut
    sentences: list[dict[str, Any]]


class BatchItem(BaseModel):
    """One document: its id and the rewrite JSON, or its id and an error."""

    model_config = OPEN
    id: Union[str, int]


class BatchResponse(BaseModel):
    model_config = OPEN
    version: str
    count: int
    failed: int
    results: list[BatchItem]


class RulesResponse(BaseModel):
    model_config = OPEN
    version: str
    count: int
    rules: list[dict[str, Any]]


class FeedbackResponse(BaseModel):
    """What POST /v1/feedback stored (house style)."""

    model_config = OPEN
    version: str
    workspace: str
    feedback_id: Union[int, str]
    decisions: int
    accepted: int
    rejected: int
    edits: int


class StatsResponse(BaseModel):
    """GET /v1/stats: per-rule acceptance and the learned house style of one workspace."""

    model_config = OPEN
    version: str
    workspace: str
    since: Union[str, None]
    store_documents: bool
    rules: list[dict[str, Any]]
    most_rejected: list[dict[str, Any]]
    learned_replacements: Any
    style: dict[str, Any]
    thresholds: dict[str, Any]


class StatusResponse(BaseModel):
    model_config = OPEN
    status: str
