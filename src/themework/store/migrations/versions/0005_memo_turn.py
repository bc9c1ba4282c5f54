"""a note on a transcript can say which turn it is about

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06

A familiarisation note is written while reading one turn: ``memo.turn_index`` keeps that
turn's number (from 1) on a memo whose target is the transcript, so the note still hangs on
the transcript (and goes with it) and says where it was written. Existing memos have none.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("memo") as batch:
        batch.add_column(sa.Column("turn_index", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("memo") as batch:
        batch.drop_column("turn_index")
