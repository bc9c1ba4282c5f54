"""Full-text search over turns: FTS5 on SQLite, ``to_tsvector`` with a GIN index on PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from themework.store.bulk import insert_rows
from themework.store.models import Transcript, Turn, TurnSearch

_WORD = re.compile(r"\w+", re.UNICODE)


def _fts_query(query: str) -> str:
    # Quote each word: user input must never be read as FTS5 syntax.
    return " ".join(f'"{w}"' for w in _WORD.findall(query))


def add_search_rows(s: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Write search rows (``turn_id``, ``transcript_id``, ``body``) and index them.

    On SQLite the FTS5 index is fed in one statement here, not by a per-row trigger, which
    made bulk imports five times slower (migration 0002). Deletes and updates still go
    through triggers, so withdrawn text always leaves the index.
    """
    if not rows:
        return
    insert_rows(s, TurnSearch.__table__, rows)
    if s.get_bind().dialect.name == "sqlite":
        s.connection().exec_driver_sql(
            "INSERT INTO turn_fts(rowid, body) VALUES (?, ?)",
            [(r["turn_id"], r["body"]) for r in rows],
        )


def search_turns(s: Session, query: str, limit: int) -> list[tuple[str, int, str, str]]:
    words = _WORD.findall(query)
    if not words:
        return []
    if s.get_bind().dialect.name == "sqlite":
        sql = text(
            "SELECT t.name, tu.\"index\", sp.label, "
            "snippet(turn_fts, 0, '[', ']', '…', 12) "
            "FROM turn_fts JOIN turn tu ON tu.id = turn_fts.rowid "
            "JOIN transcript t ON t.id = tu.transcript_id "
            "JOIN speaker sp ON sp.id = tu.speaker_id "
            "WHERE turn_fts MATCH :q ORDER BY rank LIMIT :n"
        )
        rows = s.execute(sql, {"q": _fts_query(query), "n": limit}).all()
    else:
        sql = text(
            "SELECT t.name, tu.\"index\", sp.label, ts_headline('simple', ts.body, q, "
            "'StartSel=[, StopSel=], MaxWords=24, MinWords=8') "
            "FROM turn_search ts, plainto_tsquery('simple', :q) q, turn tu, transcript t, "
            "speaker sp WHERE to_tsvector('simple', ts.body) @@ q AND tu.id = ts.turn_id "
            "AND t.id = tu.transcript_id AND sp.id = tu.speaker_id "
            "ORDER BY ts_rank(to_tsvector('simple', ts.body), q) DESC, t.name, tu.\"index\" "
            "LIMIT :n"
        )
        rows = s.execute(sql, {"q": " ".join(words), "n": limit}).all()
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def rebuild_search(session: Session, turn_ids: list[int]) -> None:
    """Recreate search rows for restored turns (undo and redo skip derived rows)."""
    if not turn_ids:
        return
    rows = session.execute(
        select(Turn.id, Turn.transcript_id, Turn.start, Turn.end, Transcript.text)
        .join(Transcript, Transcript.id == Turn.transcript_id)
        .where(Turn.id.in_(turn_ids))
    ).all()
    existing = set(
        session.scalars(select(TurnSearch.turn_id).where(TurnSearch.turn_id.in_(turn_ids)))
    )
    fresh = [
        {"turn_id": tid, "transcript_id": tr, "body": text[s:e]}
        for tid, tr, s, e, text in rows
        if tid not in existing
    ]
    add_search_rows(session, fresh)
