"""Alembic revisions, oldest first: 0001 (decisions), 0002 (edits, keys, workspace options)."""
