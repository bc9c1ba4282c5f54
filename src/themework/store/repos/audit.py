"""The audit log: the events undo and redo walk, the log as listed, the events not yet
redacted. Mapped rows: undo and redo mark the events they reverse. Events written many in
one statement, and a batch's summaries rewritten."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, func, insert, literal, select, update
from sqlalchemy.orm import Session

from themework.store.models import AuditEvent, Coder


def later_by_others(s: Session, after_id: int, coder_id: int) -> list[Row[Any]]:
    """Events after ``after_id`` by other coders, not undone, in order: each one's id,
    coder_id, action, reverts_id and targets, not its row images (undo's conflict check
    reads those a few events at a time, with ``events_by_id``)."""
    return list(s.execute(
        select(AuditEvent.id, AuditEvent.coder_id, AuditEvent.action, AuditEvent.reverts_id,
               AuditEvent.targets)
        .where(AuditEvent.id > after_id, AuditEvent.coder_id != coder_id)
        .where(AuditEvent.undone.is_(False))
        .order_by(AuditEvent.id)
    ))  # fmt: skip


def last_undoable(s: Session, coder_id: int) -> AuditEvent | None:
    """The coder's last change that can be undone (an undo is not: redo reverses it)."""
    return s.scalars(
        select(AuditEvent)
        .where(AuditEvent.coder_id == coder_id, AuditEvent.undoable.is_(True))
        .where(AuditEvent.undone.is_(False), AuditEvent.action != "undo")
        .order_by(AuditEvent.id.desc())
        .limit(1)
    ).first()


def undoable_batch(s: Session, batch_id: str, coder_id: int) -> list[int]:
    """The ids of the coder's events of a batch still to undo, in order."""
    return list(s.scalars(
        select(AuditEvent.id)
        .where(AuditEvent.batch_id == batch_id, AuditEvent.undone.is_(False))
        .where(AuditEvent.undoable.is_(True), AuditEvent.coder_id == coder_id)
        .order_by(AuditEvent.id)
    ))  # fmt: skip


def events_by_id(s: Session, ids: list[int]) -> list[AuditEvent]:
    """These events, in the order given (a part of a batch: their row images can be large)."""
    found = {e.id: e for e in s.scalars(select(AuditEvent).where(AuditEvent.id.in_(ids)))}
    return [found[i] for i in ids]


def last_undo(s: Session, coder_id: int) -> AuditEvent | None:
    """The coder's most recent undo not itself reversed."""
    return s.scalars(
        select(AuditEvent)
        .where(AuditEvent.coder_id == coder_id, AuditEvent.action == "undo")
        .where(AuditEvent.undone.is_(False))
        .order_by(AuditEvent.id.desc())
        .limit(1)
    ).first()


def change_since(s: Session, undo: AuditEvent) -> int | None:
    """The id of a change the coder made after ``undo`` (outside its batch), if any."""
    return s.scalars(
        select(AuditEvent.id)
        .where(AuditEvent.id > undo.id, AuditEvent.coder_id == undo.coder_id)
        .where(AuditEvent.action.notin_(("undo", "redo")), AuditEvent.undone.is_(False))
        .where(AuditEvent.batch_id != undo.batch_id)
        .limit(1)
    ).first()


def batch_newest_first(s: Session, batch_id: str) -> list[int]:
    """The ids of a batch's events not undone, newest first."""
    return list(s.scalars(
        select(AuditEvent.id)
        .where(AuditEvent.batch_id == batch_id, AuditEvent.undone.is_(False))
        .order_by(AuditEvent.id.desc())
    ))  # fmt: skip


def logged(
    s: Session,
    *,
    coder_id: int | None = None,
    since: datetime | None = None,
    newest: int | None = None,
) -> list[Row[Any]]:
    """The log in order: each event's id, batch_id, coder (name), at, action, summary, undone
    and reverts_id; of one coder, since a time, only the ``newest`` N. Never the row images:
    a bulk import's or bulk coding's run to hundreds of megabytes."""
    q = select(
        AuditEvent.id, AuditEvent.batch_id, Coder.name.label("coder"), AuditEvent.at,
        AuditEvent.action, AuditEvent.summary, AuditEvent.undone, AuditEvent.reverts_id,
    ).join(Coder, Coder.id == AuditEvent.coder_id)
    if coder_id is not None:
        q = q.where(AuditEvent.coder_id == coder_id)
    if since is not None:
        q = q.where(AuditEvent.at >= since)
    if newest is None:
        return list(s.execute(q.order_by(AuditEvent.id)))
    rows: list[Row[Any]] = list(s.execute(q.order_by(AuditEvent.id.desc()).limit(newest)))
    return rows[::-1]


def unredacted_events(s: Session) -> list[AuditEvent]:
    """The audit events whose payloads were never redacted."""
    return list(s.scalars(select(AuditEvent).where(AuditEvent.redacted.is_(False))))


def unredacted_targets(s: Session, after_id: int, limit: int) -> list[Row[Any]]:
    """The next ``limit`` events never redacted after id ``after_id``, by id: each one's id,
    batch_id and targets, not its row images (a withdrawal reads the whole log this way)."""
    return list(s.execute(
        select(AuditEvent.id, AuditEvent.batch_id, AuditEvent.targets)
        .where(AuditEvent.redacted.is_(False), AuditEvent.id > after_id)
        .order_by(AuditEvent.id)
        .limit(limit)
    ))  # fmt: skip


def last_event_at(s: Session) -> datetime | None:
    """When the project last changed (None before any change)."""
    return s.scalar(select(func.max(AuditEvent.at)))


def insert_events(s: Session, rows: list[dict[str, Any]]) -> None:
    """Several events from plain values, in one statement."""
    s.execute(insert(AuditEvent.__table__), rows)


def summarise_batch(s: Session, batch_id: str, summary: str, keep_own: bool = False) -> None:
    """Give every event of a batch ``summary``; ``keep_own``: followed by the event's own in
    brackets (one statement either way)."""
    events = update(AuditEvent).where(AuditEvent.batch_id == batch_id)
    if keep_own:
        s.execute(events.values(summary=literal(f"{summary} (") + AuditEvent.summary
                                + literal(")")))
    else:
        s.execute(events.values(summary=summary))
