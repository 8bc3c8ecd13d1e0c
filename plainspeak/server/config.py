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
from ..settings import DEFAULT_MODEL, MODEL_HELP, model_enabled

# (field, flag, environment variable, help): the option tables in README.md and docs/api.md are generated
# from this list (`python -m plainspeak.generate`).
OPTIONS: list[tuple[str, str, str, str]] = [
    ("host", "--host", "PLAINSPEAK_HOST", "address to listen on (0.0.0.0: every interface)"),
    ("port", "--port", "PLAINSPEAK_PORT", "TCP port"),
    (
        "api_keys",
        "--api-key",
        "PLAINSPEAK_API_KEYS",
        "API key for /v1 (flag repeatable; variable comma-separated); none set: /v1 is open",
    ),
    (
        "api_keys_file",
        "--api-keys-file",
        "PLAINSPEAK_API_KEYS_FILE",
        "file with one API key per line, optionally followed by its workspace (# comments)",
    ),
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
        "embedding_path",
        "--embedding-path",
        "PLAINSPEAK_EMBEDDING_PATH",
        "folder holding the all-MiniLM-L6-v2 files of the meaning check (default: the copy installed with plainspeak)",
    ),
    ("ui", "--no-ui", "PLAINSPEAK_UI", "serve only the API, not the review UI (variable: 0 or 1)"),
    ("ui_auth", "--ui-auth", "PLAINSPEAK_UI_AUTH", "USER:PASSWORD required to open the review UI"),
    ("max_upload_bytes", "--max-upload-bytes", "PLAINSPEAK_MAX_UPLOAD_BYTES", "largest file uploaded in the UI"),
    ("log_level", "--log-level", "PLAINSPEAK_LOG_LEVEL", "debug, info, warning or error"),
    (
        "database_url",
        "--database-url",
        "PLAINSPEAK_DATABASE_URL",
        "decision store for the house style: any SQLAlchemy URL (default: SQLite in the user's data directory)",
    ),
    (
        "workers",
        "--workers",
        "PLAINSPEAK_WORKERS",
        "pipeline worker processes, each with its own copy of the models; 0: one per core (at most 4); "
        "1: run in the server process",
    ),
]

ENVIRONMENT_ONLY = [
    ("PLAINSPEAK_THREADS", "the number of cores, at most 4", "torch threads per process"),
    ("PLAINSPEAK_READY_WAIT", "`60`", "seconds a request sent during start-up waits for the models before 503 `E015`"),
    ("PLAINSPEAK_CACHE_ENTRIES", "`2048`", "results kept in the server's result cache (`0`: off)"),
    ("PLAINSPEAK_SENTENCE_CACHE", "`20000`", "sentences kept in each worker's model-candidate cache (`0`: off)"),
    (
        "PLAINSPEAK_SHARE",
        "`1`",
        "a rewrite that finds every worker idle is shared among them, some of its sentences each (`0`: off)",
    ),
    (
        "PLAINSPEAK_EMBEDDINGS",
        "`auto`",
        "meaning-check runtime: numpy, torch, or auto (torch when loaded already, as with the seq2seq model)",
    ),
    (
        "PLAINSPEAK_EMBEDDING_PRECISION",
        "`auto`",
        "the torch runtime's dense layers: float32, bfloat16, or auto (bfloat16 where the CPU has it natively)",
    ),
]
RENAMED = {"PLAINSPEAK_EMBEDDING_PATH": "PLAINSPEAK_MODEL_PATH"}  # new name -> the old one, still read


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
    embedding_path: str | None = None  # the meaning check's embedding model; `model` is the seq2seq model
    ui: bool = True
    ui_auth: str | None = None
    max_upload_bytes: int = 10_000_000
    log_level: str = "info"
    database_url: str | None = None  # house style decision store (plainspeak/housestyle); None: the default SQLite
    key_workspaces: dict[str, str] = field(default_factory=dict)  # API key -> its workspace (keys file); else "default"
    workers: int = 0

    def __post_init__(self) -> None:
        for name in ("max_body_bytes", "max_text_chars", "max_batch_documents", "max_upload_bytes"):
            if int(getattr(self, name)) < 1:
                raise PlainspeakError("E006", f"{name} must be at least 1", name)
        if self.workers < 0:
            raise PlainspeakError("E006", "workers must be 0 (one per core) or more", "workers")
        if self.rate_limit < 0:
            raise PlainspeakError("E006", "rate_limit must be 0 (off) or more", "rate_limit")
        if not 0 <= self.port <= 65535:
            raise PlainspeakError("E006", "port must be from 0 to 65535", "port")
        if self.log_level not in ("debug", "info", "warning", "error"):
            raise PlainspeakError("E006", "log_level must be debug, info, warning or error", "log_level")
        if self.ui_auth is not None and ":" not in self.ui_auth:
            raise PlainspeakError("E006", "ui_auth must look like USER:PASSWORD", "ui_auth")
        if self.api_keys_file:
            pairs = read_key_workspaces(self.api_keys_file)
            self.key_workspaces = {**self.key_workspaces, **{k: w for k, w in pairs if w}}
            self.api_keys = list(dict.fromkeys([*self.api_keys, *(k for k, _ in pairs)]))
            self.api_keys_file = None
        self.api_keys = [k.strip() for k in self.api_keys if k.strip()]
        for k in self.api_keys:
            if len(k) < 8 or any(ord(ch) < 33 or ord(ch) > 126 for ch in k):
                raise PlainspeakError(
                    "E006", "API keys must be at least 8 printable ASCII characters without spaces", "api_keys"
                )
        if self.database_url:
            from ..housestyle.store import Store

            Store(self.database_url)  # E051 when it is not a database URL (nothing is opened yet)
        if model_enabled(self.model) and self.model != DEFAULT_MODEL:  # those never fail: no import
            from ..model.rewriter import resolve

            resolve(self.model)  # E013 when it names a folder that holds no seq2seq model
        if self.embedding_path is not None and not Path(self.embedding_path).is_dir():
            raise PlainspeakError("E013", f"embedding path {self.embedding_path} is not a folder", "embedding_path")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> ServerConfig:
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        types = {f.name: f.type for f in fields(cls)}
        for name, _flag, var, _help in OPTIONS:
            raw = env.get(var) or env.get(RENAMED.get(var, ""))
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
        d["key_workspaces"] = sorted(set(self.key_workspaces.values()))
        if self.database_url:
            from sqlalchemy.engine import make_url

            d["database_url"] = make_url(self.database_url).render_as_string(hide_password=True)
        return d

    def workspace_of_keys(self) -> list[str]:
        """The workspace of each API key, in the order of api_keys."""
        from ..housestyle.store import DEFAULT_WORKSPACE

        return [self.key_workspaces.get(k, DEFAULT_WORKSPACE) for k in self.api_keys]


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


def read_key_workspaces(path: str) -> list[tuple[str, str | None]]:
    """(key, workspace or None) per line of a keys file: `KEY` or `KEY WORKSPACE`."""
    from ..housestyle.store import check_workspace

    pairs: list[tuple[str, str | None]] = []
    for line in read_keys_file(path):
        key, *rest = line.split()
        if len(rest) > 1:
            raise PlainspeakError("E006", f"{path}: a line holds a key and at most one workspace name", "api_keys_file")
        pairs.append((key, check_workspace(rest[0], "api_keys_file") if rest else None))
    return pairs


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
    p.add_argument("--embedding-path", "--model-path", dest="embedding_path", metavar="DIR", help=h("embedding_path"))
    p.add_argument("--no-ui", action="store_true", help=h("ui"))
    p.add_argument("--ui-auth", metavar="USER:PASSWORD", help=h("ui_auth"))
    p.add_argument("--max-upload-bytes", type=int, metavar="N", help=h("max_upload_bytes", d.max_upload_bytes))
    p.add_argument("--log-level", choices=["debug", "info", "warning", "error"], help=h("log_level", d.log_level))
    p.add_argument("--database-url", metavar="URL", help=h("database_url"))
    p.add_argument("--workers", type=int, metavar="N", help=h("workers"))
