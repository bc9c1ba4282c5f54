"""Codings by id, by span, and the memos hanging on them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from themework.domain.ids import in_range
from themework.store.models import Coder, Coding, Memo


def codings_by_id(s: Session, ids: Sequence[int]) -> list[Coding]:
    """The mapped codings with these ids (ids of none, or past what the database stores,
    are left out)."""
    return list(s.scalars(select(Coding).where(Coding.id.in_([i for i in ids if in_range(i)]))))


def coding_memos(s: Session, ids: Sequence[int]) -> list[Memo]:
    """The memos attached to these codings."""
    return list(s.scalars(select(Memo).where(Memo.coding_id.in_(ids))))


def delete_codings(s: Session, ids: Sequence[int]) -> None:
    """Delete these codings and their memos."""
    s.execute(delete(Memo).where(Memo.coding_id.in_(ids)))
    s.execute(delete(Coding).where(Coding.id.in_(ids)))


def overlapping(
    s: Session, transcript_id: str, code_id: int, start: int, end: int, coder: str | None = None
) -> list[int]:
    """Ids, in order, of the codings of a code that overlap [start, end) in a transcript;
    with ``coder``, that coder's only."""
    q = select(Coding.id).where(
        Coding.transcript_id == transcript_id,
        Coding.code_id == code_id,
        Coding.start < end,
        Coding.end > start,
    )
    if coder:
        q = q.join(Coder, Coder.id == Coding.coder_id).where(Coder.name == coder)
    return list(s.scalars(q.order_by(Coding.id)))
