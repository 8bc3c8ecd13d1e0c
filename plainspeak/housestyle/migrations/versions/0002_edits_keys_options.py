"""Hand edits, API keys in the database, and per-workspace options: keeping documents (opt-in),
the time of the last `style reset`, and an imported style.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workspaces") as t:
        t.add_column(sa.Column("store_documents", sa.Boolean, nullable=False, server_default=sa.false()))
        t.add_column(sa.Column("reset_at", sa.DateTime(timezone=True), nullable=True))
        t.add_column(sa.Column("imported_style", sa.Text, nullable=True))
    with op.batch_alter_table("feedback") as t:
        t.add_column(sa.Column("document", sa.Text, nullable=True))
        t.add_column(sa.Column("final_text", sa.Text, nullable=True))
    op.create_table(
        "edits",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("feedback_id", sa.Integer, sa.ForeignKey("feedback.id", ondelete="CASCADE"), nullable=False),
        sa.Column("workspace", sa.String(64), nullable=False),
        sa.Column("before", sa.Text, nullable=False),
        sa.Column("after", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_edits_feedback_id", "edits", ["feedback_id"])
    op.create_index("ix_edits_workspace", "edits", ["workspace"])
    op.create_table(
        "api_keys",
        sa.Column("digest", sa.String(64), primary_key=True),
        sa.Column("workspace", sa.String(64), sa.ForeignKey("workspaces.name"), nullable=False),
        sa.Column("label", sa.String(128), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_api_keys_workspace", "api_keys", ["workspace"])


def downgrade() -> None:
    op.drop_table("api_keys")
    op.drop_table("edits")
    with op.batch_alter_table("feedback") as t:
        t.drop_column("final_text")
        t.drop_column("document")
    with op.batch_alter_table("workspaces") as t:
        t.drop_column("imported_style")
        t.drop_column("reset_at")
        t.drop_column("store_documents")
