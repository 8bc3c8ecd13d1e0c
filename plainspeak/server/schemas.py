"""Request and response shapes of the HTTP API.

Requests are validated with these models (strict types, unknown fields refused) and the
same models document the API at /docs. Response models document the JSON that
`Result.to_dict()` and `plainspeak.analyze()` return; they allow extra fields so the
core can add to its versioned JSON without breaking clients.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from annotated_types import Ge
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from ..settings import Settings

Format = Literal["auto", "text", "markdown", "html"]
Strength = Literal["light", "standard", "strong"]
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


class SettingsIn(BaseModel):
    """Settings fields shared by every endpoint; left out: the server's default (as in the CLI)."""

    model_config = STRICT
    target_grade: Union[float, None] = Field(None, ge=1, le=18, description="Target reading grade (default 8).")
    strength: Union[Strength, None] = Field(
        None,
        description="light: safe rules only; standard (default): every verified rule; strong: also split "
        "long sentences.",
    )
    categories: Union[list[str], None] = Field(
        None, description="Rule categories to use (default: all); see GET /v1/rules."
    )
    glossary: Union[GlossaryIn, None] = None
    long_sentence_words: Union[Annotated[int, Ge(5), BeforeValidator(_whole_number)], None] = Field(
        None, description="Flag sentences longer than this."
    )
    similarity_threshold: Union[float, None] = Field(
        None, ge=0, le=1, description="Meaning check: minimum cosine similarity."
    )
    check_meaning: Union[bool, None] = Field(None, description="false: skip the embedding check (faster).")
    use_model: Union[bool, None] = Field(
        None,
        description="false: rules only. true or left out: also whole-sentence rewrites from the server's "
        "seq2seq model (GET /readyz names it; 'none' means the server runs without one).",
    )

    def to_settings(self) -> Settings:
        data: dict[str, Any] = {}
        for name in SettingsIn.model_fields:
            value = getattr(self, name)
            if value is None or name == "use_model":
                continue
            data[name] = value.model_dump() if isinstance(value, BaseModel) else value
        return Settings.from_dict(data)


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


class StatusResponse(BaseModel):
    model_config = OPEN
    status: str
