"""Memos, notes and journal entries: the ones on an object, counts per coding, the labels
of what they hang on."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from themework.store.models import Code, Coder, Coding, Memo, Participant, Theme, Transcript


def insert_memo(s: Session, values: dict[str, Any]) -> int:
    """A new memo from ``values`` (every column but the id); returns its id."""
    return s.execute(insert(Memo).returning(Memo.id), values).scalar_one()


def memos_with_coders(
    s: Session, kind: str | None = None, target: str | None = None, **on: Any
) -> list[tuple[Memo, str]]:
    """Memos with the name of the coder who wrote each, oldest first; of ``kind`` only, on
    ``target`` objects only, and with the columns ``on`` names (e.g. ``code_id=3``) equal."""
    q = select(Memo, Coder.name).join(Coder, Coder.id == Memo.coder_id)
    if kind:
        q = q.where(Memo.kind == kind)
    if target:
        q = q.where(Memo.target == target)
    for column, value in on.items():
        q = q.where(getattr(Memo, column) == value)
    return [(m, coder) for m, coder in s.execute(q.order_by(Memo.created_at, Memo.id)).all()]


def memos_on(s: Session, *, code_id: int | None = None,
             coding_id: int | None = None) -> list[Memo]:
    """The memos on one code or one coding (every memo, given neither), by id."""
    q = select(Memo)
    if code_id is not None:
        q = q.where(Memo.code_id == code_id)
    if coding_id is not None:
        q = q.where(Memo.coding_id == coding_id)
    return list(s.scalars(q.order_by(Memo.id)))


# What makes two memos the same one when a REFI-QDA project is merged in again.
MEMO_KEY = ("target", "participant_id", "transcript_id", "code_id", "theme_id", "coding_id",
            "kind", "text")


def memo_keys(s: Session) -> set[tuple[Any, ...]]:
    """Every memo as the values of its ``MEMO_KEY`` columns, in that order."""
    q = select(*(getattr(Memo, name) for name in MEMO_KEY))
    return {tuple(row) for row in s.execute(q)}


def memo_counts_on_codings(s: Session, transcript_id: str) -> dict[int, int]:
    """How many memos hang on each coding of a transcript (codings without one left out)."""
    q = (
        select(Memo.coding_id, func.count(Memo.id))
        .join(Coding, Coding.id == Memo.coding_id)
        .where(Coding.transcript_id == transcript_id)
        .group_by(Memo.coding_id)
    )
    return {int(cid): int(n) for cid, n in s.execute(q).all() if cid is not None}


def target_labels(s: Session) -> dict[str, dict[Any, str]]:
    """Per kind of object a memo can hang on (besides the project and codings): its id ->
    how a memo's target names it (a pseudonym, a transcript's name, a code's or theme's id)."""
    return {
        "participant": dict(s.execute(select(Participant.id, Participant.pseudonym)).all()),
        "transcript": dict(s.execute(select(Transcript.id, Transcript.name)).all()),
        "code": dict(s.execute(select(Code.id, Code.key)).all()),
        "theme": dict(s.execute(select(Theme.id, Theme.key)).all()),
    }
