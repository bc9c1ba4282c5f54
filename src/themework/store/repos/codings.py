"""Codings: mapped rows for the services that change them (by id, by code, by span, by
transcript, which ids exist) and the memos hanging on them. (Plain rows for reading many:
``extract_rows``.)"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from sqlalchemy import Row, delete, select, update
from sqlalchemy.orm import Session, aliased

from themework.domain.ids import in_range
from themework.store.models import Coder, Coding, Memo, Transcript
from themework.store.repos import in_parts


def coding_entity(s: Session, coding_id: int) -> Coding | None:
    """The mapped coding with this id, if there is one."""
    return s.get(Coding, coding_id) if in_range(coding_id) else None


def existing_coding_ids(s: Session, ids: Iterable[int]) -> set[int]:
    """Which of ``ids`` name a coding (ids out of the database's range name none)."""
    wanted = [i for i in ids if in_range(i)]
    return set(s.scalars(select(Coding.id).where(Coding.id.in_(wanted)))) if wanted else set()


def codings_of_code(s: Session, code_id: int, *, lock: bool = False) -> list[Coding]:
    """Every coding of a code, by id; ``lock``: held until the transaction ends, so that
    an undo deleting one of them waits (or is seen to have happened)."""
    q = select(Coding).where(Coding.code_id == code_id).order_by(Coding.id)
    if lock:
        q = q.with_for_update()
    return list(s.scalars(q))


def codings_to_move(
    s: Session, code_id: int, into_id: int, after_id: int, limit: int
) -> list[Row[int, str, int, int, int, int]]:
    """The next ``limit`` codings of a code after id ``after_id``, by id (a merge reads a
    code's codings a part at a time, not all of them as mapped rows), locked until the
    transaction ends; each as (id, transcript_id, start, end, coder_id, twin): ``twin`` is
    the last coding of code ``into_id`` of the same span by the same coder, if there is one."""
    other = aliased(Coding)
    twin = (
        select(other.id)
        .where(other.code_id == into_id, other.transcript_id == Coding.transcript_id)
        .where(other.start == Coding.start, other.end == Coding.end)
        .where(other.coder_id == Coding.coder_id)
        .order_by(other.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    q = (
        select(Coding.id, Coding.transcript_id, Coding.start, Coding.end, Coding.coder_id, twin)
        .where(Coding.code_id == code_id, Coding.id > after_id)
        .order_by(Coding.id)
        .limit(limit)
        .with_for_update(of=Coding)
    )
    return list(s.execute(q))


def recode(s: Session, ids: Sequence[int], code_id: int) -> None:
    """Give these codings another code, a statement per few thousand (not one per coding)."""
    for i in range(0, len(ids), 5_000):
        part = ids[i : i + 5_000]
        s.execute(update(Coding.__table__).where(Coding.id.in_(part)).values(code_id=code_id))


def transcripts_holding(s: Session, code_id: int, coder: str | None = None) -> set[str]:
    """The names of the transcripts with a coding of this code (with ``coder``, one of
    that coder's): one query, not the codings themselves."""
    q = (select(Transcript.name).join(Coding, Coding.transcript_id == Transcript.id)
         .where(Coding.code_id == code_id).distinct())
    if coder is not None:
        q = q.join(Coder, Coder.id == Coding.coder_id).where(Coder.name == coder)
    return set(s.scalars(q))


def codings_in(s: Session, transcript_ids: Iterable[str]) -> list[Coding]:
    """Every coding in these transcripts, as mapped rows for changing them (unordered)."""
    return list(s.scalars(select(Coding).where(Coding.transcript_id.in_(list(transcript_ids)))))


def drop_coding(s: Session, coding: Coding) -> None:
    """Delete a coding when the session next flushes."""
    s.delete(coding)


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


CodingKey = tuple[str, int, int, int, int]


def coding_keys(s: Session, transcript_ids: Collection[str]) -> set[CodingKey]:
    """The codings of these transcripts as (transcript id, code id, start, end, coder id):
    what makes two codings the same one when projects are merged (asked a part of theirs at
    a time, not of every coding held)."""
    q = select(Coding.transcript_id, Coding.code_id, Coding.start, Coding.end, Coding.coder_id)
    found: set[CodingKey] = set()
    for part in in_parts(transcript_ids):
        where = q.where(Coding.transcript_id.in_(part))
        found |= {(t, c, start, end, who) for t, c, start, end, who in s.execute(where)}
    return found
