"""The decision store's tables (SQLAlchemy). The schema itself is created and changed only by the
Alembic migrations in `migrations/versions/`; these models must match their head."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Workspace(Base):
    """A team: decisions, stats and the learned style belong to one."""

    __tablename__ = "workspaces"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    store_documents: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    reset_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    imported_style: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON of an imported style file


class Feedback(Base):
    """One review: a reviewer's decisions on one result, recorded together in one transaction."""

    __tablename__ = "feedback"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace: Mapped[str] = mapped_column(String(64), ForeignKey("workspaces.name"), index=True)
    doc_hash: Mapped[str] = mapped_column(String(64))  # sha256 of the document, never the document
    source: Mapped[str] = mapped_column(String(16))  # api, ui or cli
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    document: Mapped[str | None] = mapped_column(Text, nullable=True)  # only when the workspace opts in
    final_text: Mapped[str | None] = mapped_column(Text, nullable=True)  # likewise


class Decision(Base):
    """One change of a result, accepted or rejected."""

    __tablename__ = "decisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    feedback_id: Mapped[int] = mapped_column(Integer, ForeignKey("feedback.id", ondelete="CASCADE"), index=True)
    workspace: Mapped[str] = mapped_column(String(64))
    rule: Mapped[str] = mapped_column(String(32))
    origin: Mapped[str] = mapped_column(String(16))  # rule or model
    category: Mapped[str] = mapped_column(String(32))
    before: Mapped[str] = mapped_column(Text)
    after: Mapped[str] = mapped_column(Text)
    accepted: Mapped[bool] = mapped_column(Boolean)
    accepted_by_default: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (Index("ix_decisions_workspace_rule", "workspace", "rule"),)


class Edit(Base):
    """A reviewer's hand edit of the final text: words `before` became `after`."""

    __tablename__ = "edits"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    feedback_id: Mapped[int] = mapped_column(Integer, ForeignKey("feedback.id", ondelete="CASCADE"), index=True)
    workspace: Mapped[str] = mapped_column(String(64), index=True)
    before: Mapped[str] = mapped_column(Text)
    after: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ApiKey(Base):
    """An API key kept in the database: only its SHA-256 digest, and the workspace it belongs to."""

    __tablename__ = "api_keys"
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    workspace: Mapped[str] = mapped_column(String(64), ForeignKey("workspaces.name"), index=True)
    label: Mapped[str] = mapped_column(String(128), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
