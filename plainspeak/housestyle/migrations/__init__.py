"""Alembic migrations of the decision store, shipped with the package (run by `Store.migrate()`)."""
