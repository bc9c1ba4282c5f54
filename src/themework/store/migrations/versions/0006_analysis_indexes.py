"""indexes that let analysis place codings in turns and read them without the table

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06

Analysis reads every coding with the participants speaking in the turns it covers. Done in
SQL, that is one range search per coding over a transcript's turns by label start, which
``ix_turn_place`` serves (speaker included, so the turn rows are never read). The coding
index by transcript and start grows into ``ix_coding_place``, which holds every column
analysis reads: at 500,000 codings the table itself (quotes and context) is a gigabyte, the
index a small part of it. Its leading columns are the old index's, so every query the old
index served, the new one serves.
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_turn_place", "turn", ["transcript_id", "label_start", "speaker_id"])
    op.drop_index("ix_coding_transcript_start", table_name="coding")
    op.create_index(
        "ix_coding_place", "coding", ["transcript_id", "start", "end", "code_id", "coder_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_coding_place", table_name="coding")
    op.create_index("ix_coding_transcript_start", "coding", ["transcript_id", "start"])
    op.drop_index("ix_turn_place", table_name="turn")
