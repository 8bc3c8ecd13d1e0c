"""Coded error catalogue: one error shape for the CLI, the API and the UI."""
from __future__ import annotations

from dataclasses import dataclass

# code -> (title, explanation). Codes never change meaning once published.
CATALOGUE: dict[str, tuple[str, str]] = {
    "E001": ("empty input", "The input has no text to rewrite (it is empty or only whitespace)."),
    "E002": ("binary input", "The input looks like binary data (it contains NUL bytes or mostly control characters), not text."),
    "E003": ("invalid encoding", "The input is not valid UTF-8 text. Convert it to UTF-8 first."),
    "E004": ("input too large", "The input is larger than the configured limit."),
    "E005": ("unknown format", "The format must be one of: auto, text, markdown, html."),
    "E006": ("invalid settings", "A setting has a wrong value or an unknown name."),
    "E007": ("invalid glossary", "The glossary file could not be read or has an unknown field."),
    "E008": ("invalid rule data", "A rule file is malformed; see the message for the rule and field."),
    "E009": ("unknown change id", "An accepted change id does not exist in this result."),
    "E010": ("file not found", "The input path does not exist or is not a readable file."),
    "E011": ("invalid JSON line", "A --jsonl input line is not a JSON object with a string 'text' field."),
    "E012": ("output exists", "Refusing to write over an existing file or the input itself."),
    "E013": ("model unavailable", "The embedding or rewriting model could not be loaded or failed its checksum."),
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
