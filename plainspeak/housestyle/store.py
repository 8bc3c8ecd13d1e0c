"""The decision store: every reviewer decision, per workspace, in SQLite (default) or any SQLAlchemy URL.

SQLite lives in the user's data directory and is created, with its schema, on first write; it runs in
WAL mode with BEGIN IMMEDIATE transactions so concurrent writers queue instead of failing. PostgreSQL
(a team server) uses a connection pool. Every write is one transaction: a process killed mid-request
leaves either the whole review or none of it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import sqlite3
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Integer, and_, cast, create_engine, delete, event, func, insert, select, update
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from ..errors import PlainspeakError
from .models import ApiKey, Decision, Edit, Feedback, Workspace
from .names import DEFAULT_WORKSPACE, URL_VAR

WORKSPACE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
WS = Workspace.__table__
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """plainspeak's folder in the user's data directory (XDG on Linux, Application Support on macOS,
    LOCALAPPDATA on Windows); PLAINSPEAK_DATA_DIR overrides it."""
    env = os.environ if environ is None else environ
    if env.get("PLAINSPEAK_DATA_DIR"):
        return Path(env["PLAINSPEAK_DATA_DIR"])
    home = Path(env.get("HOME") or Path.home())
    if sys.platform == "win32":
        return Path(env.get("LOCALAPPDATA") or home / "AppData" / "Local") / "plainspeak"
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "plainspeak"
    return Path(env.get("XDG_DATA_HOME") or home / ".local" / "share") / "plainspeak"


def resolve_url(url: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """--database-url, else PLAINSPEAK_DATABASE_URL, else SQLite in the data directory."""
    env = os.environ if environ is None else environ
    chosen = url or env.get(URL_VAR) or ""
    return chosen or f"sqlite:///{data_dir(env) / 'decisions.db'}"


def check_workspace(name: str, field_name: str = "workspace") -> str:
    if not isinstance(name, str) or not WORKSPACE_PATTERN.match(name):
        raise PlainspeakError(
            "E054",
            f"workspace {name!r}: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit",
            field_name,
        )
    return name


def document_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()


def now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class DecisionIn:
    """One change a reviewer kept or turned down."""

    rule: str
    category: str
    before: str
    after: str
    accepted: bool
    accepted_by_default: bool = True
    origin: str = "rule"


@dataclass
class FeedbackIn:
    """One review: the decisions on one result, with any hand edits of its final text."""

    workspace: str
    doc_hash: str
    decisions: list[DecisionIn]
    edits: list[tuple[str, str]] = field(default_factory=list)
    source: str = "api"
    document: str | None = None  # kept only when the workspace opts in
    final_text: str | None = None  # likewise


@dataclass
class WorkspaceInfo:
    name: str
    created_at: datetime
    store_documents: bool
    reset_at: datetime | None
    imported_style: dict[str, Any] | None


class Store:
    """The decision store at `url` (see `resolve_url`). Opens lazily; the schema is migrated on first use."""

    def __init__(self, url: str | None = None) -> None:
        self.url = resolve_url(url)
        try:
            self._url = make_url(self.url)
        except ArgumentError as exc:
            raise PlainspeakError("E051", f"not a database URL: {exc}", "database_url") from exc
        self._engine: Engine | None = None
        self._migrated = False
        self._lock = threading.Lock()
        self._migrate_lock = threading.Lock()

    # -- connection ----------------------------------------------------------------------------
    @property
    def is_sqlite(self) -> bool:
        return self._url.get_backend_name() == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        db = self._url.database
        return Path(db) if self.is_sqlite and db and db != ":memory:" else None

    def redacted_url(self) -> str:
        """For messages and logs: the URL without its password."""
        return self._url.render_as_string(hide_password=True)

    def exists(self) -> bool:
        """False only for an SQLite file that has not been created yet (reads then see an empty store)."""
        path = self.sqlite_path
        return path is None or path.is_file()

    @property
    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                self._engine = self._make_engine()
            return self._engine

    def _make_engine(self) -> Engine:
        try:
            if self.is_sqlite:
                path = self.sqlite_path
                if path is not None:
                    path.parent.mkdir(parents=True, exist_ok=True)
                engine = create_engine(
                    self._url, connect_args={"timeout": 60, "check_same_thread": False}, pool_size=8, max_overflow=16
                )
                _sqlite_transactions(engine)
                return engine
            return create_engine(self._url, pool_size=10, max_overflow=20, pool_pre_ping=True, pool_recycle=1800)
        except (ArgumentError, ImportError, SQLAlchemyError, OSError) as exc:
            raise PlainspeakError(
                "E051", f"cannot open the database {self.redacted_url()}: {exc}", "database_url"
            ) from exc

    def _begin(self, readonly: bool = False) -> Any:
        """A transaction on a migrated store; readonly ones take no write lock (SQLite)."""
        self.migrate()
        conn = self.engine.connect()
        if readonly:
            conn = conn.execution_options(plainspeak_readonly=True)
        return _Tx(conn, self)

    def migrate(self, revision: str = "head") -> None:
        """Create or upgrade the schema to `revision` (default the newest; Alembic); a no-op once done."""
        with self._migrate_lock:  # threads of one process migrate once; processes queue on the database lock
            if not self._migrated:
                self._upgrade(revision)

    def _upgrade(self, revision: str) -> None:
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        try:
            with self.engine.connect() as conn:
                raw = conn.connection.dbapi_connection if self.is_sqlite else None
                if raw is not None:  # SQLite rebuilds altered tables: foreign keys off meanwhile (no transaction yet)
                    raw.execute("PRAGMA foreign_keys=OFF")
                try:
                    cfg.attributes["connection"] = conn
                    command.upgrade(cfg, revision)
                    conn.commit()
                finally:
                    if raw is not None:
                        raw.execute("PRAGMA foreign_keys=ON")
        except SQLAlchemyError as exc:
            raise _db_error(self, exc) from exc
        self._migrated = revision == "head"

    def revision(self) -> str | None:
        """The schema revision in the database (None: empty)."""
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def close(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None

    # -- writing -------------------------------------------------------------------------------
    def record(self, fb: FeedbackIn) -> int:
        """Store one review and all its decisions and edits in a single transaction; the feedback id."""
        check_workspace(fb.workspace)
        with self._begin() as conn:
            info = self._ensure_workspace(conn, fb.workspace)
            at = now()
            keep = info.store_documents
            fid = conn.execute(
                insert(Feedback).values(
                    workspace=fb.workspace,
                    doc_hash=fb.doc_hash,
                    source=fb.source,
                    created_at=at,
                    document=fb.document if keep else None,
                    final_text=fb.final_text if keep else None,
                )
            ).inserted_primary_key[0]
            if fb.decisions:
                conn.execute(
                    insert(Decision),
                    [
                        {
                            "feedback_id": fid,
                            "workspace": fb.workspace,
                            "rule": d.rule,
                            "origin": d.origin,
                            "category": d.category,
                            "before": d.before,
                            "after": d.after,
                            "accepted": bool(d.accepted),
                            "accepted_by_default": bool(d.accepted_by_default),
                            "created_at": at,
                        }
                        for d in fb.decisions
                    ],
                )
            if fb.edits:
                conn.execute(
                    insert(Edit),
                    [
                        {"feedback_id": fid, "workspace": fb.workspace, "before": b, "after": a, "created_at": at}
                        for b, a in fb.edits
                    ],
                )
        return int(fid)

    def _ensure_workspace(self, conn: Connection, name: str) -> WorkspaceInfo:
        row = conn.execute(select(WS).where(WS.c.name == name)).mappings().first()
        if row is None:
            dialect = conn.dialect.name
            values = {"name": name, "created_at": now(), "store_documents": False}
            if dialect in ("sqlite", "postgresql"):
                mod = __import__(f"sqlalchemy.dialects.{dialect}", fromlist=["insert"])
                conn.execute(mod.insert(Workspace).values(**values).on_conflict_do_nothing(index_elements=["name"]))
            else:
                conn.execute(insert(Workspace).values(**values))
            row = conn.execute(select(WS).where(WS.c.name == name)).mappings().one()
        return _info(dict(row))

    def _update_workspace(self, name: str, **values: Any) -> None:
        check_workspace(name)
        with self._begin() as conn:
            self._ensure_workspace(conn, name)
            conn.execute(update(Workspace).where(Workspace.name == name).values(**values))

    def set_store_documents(self, name: str, on: bool) -> None:
        self._update_workspace(name, store_documents=bool(on))

    def reset(self, name: str) -> None:
        """Forget what was learned: decisions before now no longer count (they stay, for the record),
        and any imported style is dropped."""
        self._update_workspace(name, reset_at=now(), imported_style=None)

    def set_imported(self, name: str, style: dict[str, Any] | None) -> None:
        self._update_workspace(name, imported_style=None if style is None else json.dumps(style, sort_keys=True))

    # -- reading -------------------------------------------------------------------------------
    def workspace(self, name: str) -> WorkspaceInfo | None:
        if not self.exists():
            return None
        with self._begin(readonly=True) as conn:
            row = conn.execute(select(WS).where(WS.c.name == name)).mappings().first()
            return None if row is None else _info(row)

    def workspaces(self) -> list[str]:
        if not self.exists():
            return []
        with self._begin(readonly=True) as conn:
            return list(conn.execute(select(Workspace.name).order_by(Workspace.name)).scalars())

    def rule_counts(self, workspace: str) -> list[dict[str, Any]]:
        """Per rule, since the workspace's last reset: category, shown, accepted, rejected."""
        if not self.exists():
            return []
        with self._begin(readonly=True) as conn:
            since = _since(conn, Decision, workspace)
            acc = func.sum(cast(Decision.accepted, Integer))
            rows = conn.execute(
                select(Decision.rule, func.max(Decision.category), func.count(), acc)
                .where(since)
                .group_by(Decision.rule)
                .order_by(Decision.rule)
            ).all()
        return [
            {"rule": r, "category": c, "shown": int(n), "accepted": int(a or 0), "rejected": int(n) - int(a or 0)}
            for r, c, n, a in rows
        ]

    def edit_counts(self, workspace: str) -> list[tuple[str, str, int]]:
        """Hand edits since the last reset, most frequent first: (before, after, times)."""
        if not self.exists():
            return []
        with self._begin(readonly=True) as conn:
            rows = conn.execute(
                select(Edit.before, Edit.after, func.count().label("n"))
                .where(_since(conn, Edit, workspace))
                .group_by(Edit.before, Edit.after)
                .order_by(func.count().desc(), Edit.before)
            ).all()
        return [(b, a, int(n)) for b, a, n in rows]

    def counts(self, workspace: str | None = None) -> dict[str, int]:
        """Rows stored (all time), for one workspace or all: feedback, decisions, edits."""
        if not self.exists():
            return {"feedback": 0, "decisions": 0, "edits": 0}
        out: dict[str, int] = {}
        with self._begin(readonly=True) as conn:
            for name, table in (("feedback", Feedback), ("decisions", Decision), ("edits", Edit)):
                q = select(func.count()).select_from(table)
                if workspace is not None:
                    q = q.where(table.workspace == workspace)
                out[name] = int(conn.execute(q).scalar_one())
        return out

    def feedback_rows(self, workspace: str) -> list[dict[str, Any]]:
        """Every review of a workspace, oldest first (what is kept of it)."""
        with self._begin(readonly=True) as conn:
            rows = conn.execute(
                select(Feedback.__table__).where(Feedback.workspace == workspace).order_by(Feedback.id)
            ).mappings()
            return [{k: f[k] for k in ("id", "doc_hash", "source", "document", "final_text")} for f in rows]

    # -- API keys kept in the database ---------------------------------------------------------
    def add_key(self, workspace: str, label: str = "") -> str:
        """A new random key for `workspace`; only its digest is stored, so show it once."""
        check_workspace(workspace)
        key = "ps_" + secrets.token_urlsafe(24)
        with self._begin() as conn:
            self._ensure_workspace(conn, workspace)
            conn.execute(
                insert(ApiKey).values(digest=key_digest(key), workspace=workspace, label=label[:128], created_at=now())
            )
        return key

    def key_workspace(self, key: str) -> str | None:
        """The workspace of a database key, or None."""
        if not self.exists():
            return None
        with self._begin(readonly=True) as conn:
            return conn.execute(select(ApiKey.workspace).where(ApiKey.digest == key_digest(key))).scalar_one_or_none()

    def has_keys(self) -> bool:
        if not self.exists():
            return False
        with self._begin(readonly=True) as conn:
            return conn.execute(select(func.count()).select_from(ApiKey)).scalar_one() > 0

    def list_keys(self) -> list[dict[str, Any]]:
        with self._begin(readonly=True) as conn:
            rows = conn.execute(select(ApiKey.__table__).order_by(ApiKey.workspace, ApiKey.created_at)).mappings()
            return [
                {
                    "id": k["digest"][:12],
                    "workspace": k["workspace"],
                    "label": k["label"],
                    "created_at": k["created_at"].isoformat(timespec="seconds"),
                }
                for k in rows
            ]

    def revoke_key(self, key_id: str) -> int:
        """Delete the keys whose digest starts with `key_id` (as `list_keys` shows it); how many."""
        if len(key_id) < 8:
            raise PlainspeakError("E006", "give at least 8 characters of the key id", "key_id")
        with self._begin() as conn:
            return conn.execute(delete(ApiKey).where(ApiKey.digest.startswith(key_id.lower()))).rowcount


def _since(conn: Connection, table: Any, workspace: str) -> Any:
    reset_at = conn.execute(select(Workspace.reset_at).where(Workspace.name == workspace)).scalar_one_or_none()
    cond = table.workspace == workspace
    return and_(cond, table.created_at > reset_at) if reset_at is not None else cond


def _info(w: Mapping[str, Any]) -> WorkspaceInfo:
    return WorkspaceInfo(
        w["name"],
        w["created_at"],
        bool(w["store_documents"]),
        w["reset_at"],
        json.loads(w["imported_style"]) if w["imported_style"] else None,
    )


def _db_error(store: Store, exc: SQLAlchemyError) -> PlainspeakError:
    return PlainspeakError(
        "E051", f"database {store.redacted_url()}: {type(exc).__name__}: {str(exc).splitlines()[0]}", "database_url"
    )


class _Tx:
    """`with store._begin() as conn:` one transaction; committed on success, rolled back on error."""

    def __init__(self, conn: Connection, store: Store) -> None:
        self.conn = conn
        self.store = store

    def __enter__(self) -> Connection:
        try:
            self.conn.begin()
        except SQLAlchemyError as exc:
            self.conn.close()
            raise _db_error(self.store, exc) from exc
        return self.conn

    def __exit__(self, kind: Any, exc: Any, tb: Any) -> None:
        try:
            if kind is None:
                self.conn.commit()
            else:
                self.conn.rollback()
        except SQLAlchemyError as err:
            if kind is None:
                raise _db_error(self.store, err) from err
        finally:
            self.conn.close()
        if isinstance(exc, SQLAlchemyError):
            raise _db_error(self.store, exc) from exc


def _sqlite_transactions(engine: Engine) -> None:
    """WAL (readers never block the writer), a long busy timeout, and BEGIN IMMEDIATE for writes, so a
    writer waits for the lock up front instead of failing when it upgrades a read lock."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA busy_timeout=60000")
        for attempt in range(200):  # switching a new file to WAL does not wait on the busy handler: retry
            try:
                cur.execute("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError:
                if attempt == 199:
                    raise
                time.sleep(0.05)
        cur.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a committed transaction survives a killed process
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        readonly = conn.get_execution_options().get("plainspeak_readonly", False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")


__all__ = [
    "DEFAULT_WORKSPACE",
    "DecisionIn",
    "FeedbackIn",
    "Store",
    "WorkspaceInfo",
    "check_workspace",
    "data_dir",
    "document_hash",
    "resolve_url",
]
