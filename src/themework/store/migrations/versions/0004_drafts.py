"""drafts: text typed in the workbench and not saved yet survives a crash

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06

One row per coder and editor (the key names the editor and the row it edits), attached to
the theme or transcript it belongs to so that it goes when they go (a participant's
withdrawal deletes their transcripts). Nothing else changes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coder_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=True),
        sa.Column("transcript_id", sa.String(length=36), nullable=True),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["coder_id"], ["coder.id"], name=op.f("fk_draft_coder_id_coder")),
        sa.ForeignKeyConstraint(
            ["theme_id"], ["theme.id"], name=op.f("fk_draft_theme_id_theme"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["transcript_id"],
            ["transcript.id"],
            name=op.f("fk_draft_transcript_id_transcript"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft")),
        sa.UniqueConstraint("coder_id", "key", name=op.f("uq_draft_coder_id")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_draft_theme_id"), ["theme_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_draft_transcript_id"), ["transcript_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("draft")
