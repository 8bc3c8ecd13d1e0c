"""The house style: learn from reviewers' accept/reject decisions, per workspace.

    store.py     the decision store (SQLAlchemy; SQLite by default, any URL such as PostgreSQL), migrations/
    feedback.py  a reviewed result (or its JSON, or one decision) -> decisions and hand edits
    learn.py     per-rule acceptance with Wilson intervals; demoted/promoted rules; suggested replacements
    service.py   record, learn (cached) and apply a workspace's style to Settings
    export.py    the style as a plain settings file, and back
    cli.py       `plainspeak feedback`, `plainspeak style ...`, `plainspeak keys ...`, `audit --workspace`
    report.py    the house-style section of the audit report

The learned style acts only through Settings (`demoted_rules`, `promoted_rules`, the glossary), so an
exported file reproduces it without the database. See docs/house-style.md.
"""

from __future__ import annotations

__all__ = ["HouseStyle", "HouseStyleService", "Store", "Thresholds"]


def __getattr__(name: str):  # SQLAlchemy and Alembic load only when the house style is used
    if name == "Store":
        from .store import Store

        return Store
    if name == "HouseStyleService":
        from .service import HouseStyleService

        return HouseStyleService
    if name in ("HouseStyle", "Thresholds"):
        from . import learn

        return getattr(learn, name)
    raise AttributeError(name)
