"""Alembic environment: run on the connection `Store.migrate()` hands over (config.attributes["connection"]).

Two processes may start on an empty database at once: on PostgreSQL a transaction-scoped advisory
lock, on SQLite the store's BEGIN IMMEDIATE, makes the second wait and then find the schema current.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from plainspeak.housestyle.models import Base

MIGRATION_LOCK = 1_513_015  # any constant shared by every plainspeak process

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover  (only `Store.migrate()` runs these migrations)
    raise RuntimeError("run the migrations through plainspeak.housestyle.store.Store.migrate()")

context.configure(
    connection=connection, target_metadata=Base.metadata, render_as_batch=True, transaction_per_migration=False
)
with context.begin_transaction():
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
    context.run_migrations()
