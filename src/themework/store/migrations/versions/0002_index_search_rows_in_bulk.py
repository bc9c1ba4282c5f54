"""search rows are indexed by the statement that writes them, not a per-row trigger

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28

On SQLite an AFTER INSERT trigger fed each new ``turn_search`` row to the FTS5 index one
row at a time, which made a bulk import five times slower than inserting the same rows
into the index directly. ``store.search.add_search_rows`` now writes both. The delete and
update triggers stay: withdrawal must take text out of the index whichever way rows go.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS turn_search_ai")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE TRIGGER turn_search_ai AFTER INSERT ON turn_search BEGIN "
            "INSERT INTO turn_fts(rowid, body) VALUES (new.turn_id, new.body); END"
        )
