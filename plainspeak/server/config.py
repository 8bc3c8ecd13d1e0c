"""Server settings: defaults, then PLAINSPEAK_* environment variables, then command-line flags.

Kept free of FastAPI and Gradio imports so `plainspeak --help` stays fast.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from ..errors import PlainspeakError
from ..settings import DEFAULT_MODEL, MODEL_HELP

# (field, flag, environment variable, help). The README table is generated from this list's content.
OPTIONS: list[tuple[str, str, str, str]] = [
    ("host", "--host", "PLAINSPEAK_HOST", "address to listen on (0.0.0.0: every interface)"),
    ("port", "--port", "PLAINSPEAK_PORT", "TCP port"),
    (
        "api_keys",
        "--api-key",
        "PLAINSPEAK_API_KEYS",
        "API key for /v1 (flag repeatable; variable comma-separated); none set: /v1 is open",
    ),
    ("api_keys_file", "--api-keys-file", "PLAINSPEAK_API_KEYS_FILE", "file with one API key per line (# comments)"),
    ("max_body_bytes", "--max-body-bytes", "PLAINSPEAK_MAX_BODY_BYTES", "largest request body, in bytes"),
    ("max_text_chars", "--max-text-chars", "PLAINSPEAK_MAX_TEXT_CHARS", "largest text per document, in characters"),
    (
        "max_batch_documents",
        "--max-batch-documents",
        "PLAINSPEAK_MAX_BATCH_DOCUMENTS",
        "most documents in one /v1/rewrite/batch call",
    ),
    (
        "rate_limit",
        "--rate-limit",
        "PLAINSPEAK_RATE_LIMIT",
        "requests per minute per API key (per client address when no keys are set); 0: no limit",
    ),
    (
        "cors_origins",
        "--cors-origin",
        "PLAINSPEAK_CORS_ORIGINS",
        "origin allowed to call the API from a browser (flag repeatable; variable comma-separated; * for any)",
    ),
    ("model", "--model", "PLAINSPEAK_MODEL", MODEL_HELP),
    (
        "model_path",
        "--model-path",
        "PLAINSPEAK_MODEL_PATH",
        "folder holding the all-MiniLM-L6-v2 files (default: the copy installed with plainspeak)",
    ),
    ("ui", "--no-ui", "PLAINSPEAK_UI", "serve only the API, not the review UI (variable: 0 or 1)"),
    ("ui_auth", "--ui-auth", "PLAINSPEAK_UI_AUTH", "USER:PASSWORD required to open the review UI"),
    ("max_upload_bytes", "--max-upload-bytes", "PLAINSPEAK_MAX_UPLOAD_BYTES", "largest file uploaded in the UI"),
    ("log_level", "--log-level", "PLAINSPEAK_LOG_LEVEL", "debug, info, warning or error"),
]


@dataclass
class ServerConfig:
    host: str = "127.0.0.1"
    port: int = 7860
    api_keys: list[str] = field(default_factory=list)
    api_keys_file: str | None = None
    max_body_bytes: int = 1_000_000
    max_text_chars: int = 100_000
    max_batch_documents: int = 50
    rate_limit: int = 120
    cors_origins: list[str] = field(default_factory=list)
    model: str = DEFAULT_MODEL
    model_path: str | None = None
    ui: bool = True
    ui_auth: str | None = None
    max_upload_bytes: int = 10_000_000
    log_level: str = "info"

    def __post_init__(self) -> None:
        for name in ("max_body_bytes", "max_text_chars", "max_batch_documents", "max_upload_bytes"):
            if int(getattr(self, name)) < 1:
                raise PlainspeakError("E006", f"{name} must be at least 1", name)
        if self.rate_limit < 0:
            raise PlainspeakError("E006", "rate_limit must be 0 (off) or more", "rate_limit")
        if not 0 <= self.port <= 65535:
            raise PlainspeakError("E006", "port must be from 0 to 65535", "port")
        if self.log_level not in ("debug", "info", "warning", "error"):
            raise PlainspeakError("E006", "log_level must be debug, info, warning or error", "log_level")
        if self.ui_auth is not None and ":" not in self.ui_auth:
            raise PlainspeakError("E006", "ui_auth must look like USER:PASSWORD", "ui_auth")
        if self.api_keys_file:
            self.api_keys = list(dict.fromkeys([*self.api_keys, *read_keys_file(self.api_keys_file)]))
            self.api_keys_file = None
        self.api_keys = [k.strip() for k in self.api_keys if k.strip()]
        for k in self.api_keys:
            if len(k) < 8 or any(ord(ch) < 33 or ord(ch) > 126 for ch in k):
                raise PlainspeakError(
                    "E006", "API keys must be at least 8 printable ASCII characters without spaces", "api_keys"
                )
        from ..model.infer import resolve

        resolve(self.model)  # E013 when it names a folder that holds no seq2seq model
        if self.model_path is not None and not Path(self.model_path).is_dir():
            raise PlainspeakError("E013", f"model path {self.model_path} is not a folder", "model_path")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> ServerConfig:
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        types = {f.name: f.type for f in fields(cls)}
        for name, _flag, var, _help in OPTIONS:
            raw = env.get(var)
            if raw is None or raw == "":
                continue
            values[name] = _convert(name, types[name], raw, var)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @classmethod
    def from_args(cls, args: argparse.Namespace, environ: Mapping[str, str] | None = None) -> ServerConfig:
        overrides = {name: getattr(args, name, None) for name, *_ in OPTIONS}
        if overrides.get("ui") is False or getattr(args, "no_ui", False):
            overrides["ui"] = False
        else:
            overrides.pop("ui", None)
        env_cfg = cls.from_env(environ)
        merged = {f.name: getattr(env_cfg, f.name) for f in fields(cls)}
        for k, v in overrides.items():
            if v is None or v == []:
                continue
            merged[k] = v
        return cls(**merged)

    def redacted(self) -> dict[str, Any]:
        """For logs: never the keys themselves."""
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d["api_keys"] = f"{len(self.api_keys)} configured"
        d["ui_auth"] = "set" if self.ui_auth else None
        return d


def _convert(name: str, type_: Any, raw: str, var: str) -> Any:
    t = str(type_)
    try:
        if name == "ui":
            if raw.lower() in ("1", "true", "yes", "on"):
                return True
            if raw.lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError(raw)
        if t.startswith("list"):
            return [p.strip() for p in raw.split(",") if p.strip()]
        if t == "int":
            return int(raw)
        return raw
    except ValueError as exc:
        raise PlainspeakError("E006", f"{var}={raw!r} is not a valid value for {name}", var) from exc


def read_keys_file(path: str) -> list[str]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise PlainspeakError("E006", f"cannot read API keys file {path}: {exc}", "api_keys_file") from exc
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The `serve` flags, shared by `python app.py` and `plainspeak serve`."""
    helps = {name: (flag, var, h) for name, flag, var, h in OPTIONS}
    d = ServerConfig()

    def h(name: str, default: Any = None) -> str:
        flag, var, text = helps[name]
        extra = f" (default {default})" if default not in (None, "", []) else ""
        return f"{text}{extra}; env {var}"

    p.add_argument("--host", help=h("host", d.host))
    p.add_argument("--port", type=int, help=h("port", d.port))
    p.add_argument("--api-key", dest="api_keys", action="append", metavar="KEY", help=h("api_keys"))
    p.add_argument("--api-keys-file", metavar="FILE", help=h("api_keys_file"))
    p.add_argument("--max-body-bytes", type=int, metavar="N", help=h("max_body_bytes", d.max_body_bytes))
    p.add_argument("--max-text-chars", type=int, metavar="N", help=h("max_text_chars", d.max_text_chars))
    p.add_argument("--max-batch-documents", type=int, metavar="N", help=h("max_batch_documents", d.max_batch_documents))
    p.add_argument("--rate-limit", type=int, metavar="N", help=h("rate_limit", d.rate_limit))
    p.add_argument("--cors-origin", dest="cors_origins", action="append", metavar="ORIGIN", help=h("cors_origins"))
    p.add_argument("--model", metavar="PATH", help=h("model", d.model))
    p.add_argument("--model-path", metavar="DIR", help=h("model_path"))
    p.add_argument("--no-ui", action="store_true", help=h("ui"))
    p.add_argument("--ui-auth", metavar="USER:PASSWORD", help=h("ui_auth"))
    p.add_argument("--max-upload-bytes", type=int, metavar="N", help=h("max_upload_bytes", d.max_upload_bytes))
    p.add_argument("--log-level", choices=["debug", "info", "warning", "error"], help=h("log_level", d.log_level))
