"""Databases for the house-style tests: a fresh SQLite file, or a fresh database on the PostgreSQL
server that scripts/start-postgres.sh starts (PLAINSPEAK_TEST_POSTGRES_URL; started here when unset).
PostgreSQL tests are skipped, with the reason, only when no server can be started."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import REPO

_pg: dict[str, str] = {}


def postgres_server() -> str:
    """The URL of a running PostgreSQL server's test database; pytest.skip when none can be started."""
    if "url" in _pg or "skip" in _pg:
        if "skip" in _pg:
            pytest.skip(_pg["skip"])
        return _pg["url"]
    url = os.environ.get("PLAINSPEAK_TEST_POSTGRES_URL", "")
    if not url:
        try:
            done = subprocess.run(
                ["bash", str(REPO / "scripts" / "start-postgres.sh")], capture_output=True, text=True, timeout=300
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            done = None
            why = str(exc)
        if done is not None and done.returncode == 0 and done.stdout.strip():
            url = done.stdout.strip().splitlines()[-1]
        else:
            why = done.stderr.strip()[-500:] if done is not None else why
            _pg["skip"] = f"PostgreSQL could not be started (scripts/start-postgres.sh): {why}"
            pytest.skip(_pg["skip"])
    _pg["url"] = url
    return url


def fresh_postgres() -> Iterator[str]:
    """A new, empty database on the test server, dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(postgres_server())
    name = f"ps_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        admin.dispose()
        pytest.skip(f"PostgreSQL at {base.render_as_string(hide_password=True)} is not usable: {exc}")
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The same test against SQLite and against PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'decisions.db'}"
    else:
        yield from fresh_postgres()
