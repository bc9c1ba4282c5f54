"""The audit trail: one event per service call, undo and redo as compensating events.

Undo never deletes an event. It writes an ``undo`` event that points at the one it
compensates and marks that one undone; redo does the reverse. Undo is refused, naming the
blocking events, when another coder's later change touched the same rows or refers to a
row the event created or deleted.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from themework.domain.errors import UndoRefused
from themework.services.changes import ChangeSet, apply_images, created_or_deleted
from themework.store.models import AuditEvent, Coder
from themework.store.repos import audit as log
from themework.store.repos.project import bump_change_counter
from themework.store.search import rebuild_search

# Payload keys that may hold transcript text; redacted when a participant withdraws.
# Payload keys that can hold a participant's words or say who they are: redacted when they
# withdraw. A text hash would confirm a guess at their transcript; attributes describe them.
TEXT_KEYS = frozenset(
    {"text", "quote", "context_before", "context_after", "body", "trimmed", "text_hash",
     "attributes", "definition", "central_concept", "scope", "narrative", "content"}
)
REDACTED = "[redacted]"


def now() -> datetime:
    return datetime.now(UTC)


def new_batch() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class EventInfo:
    id: int
    batch_id: str
    coder: str
    at: datetime
    action: str
    summary: str
    undone: bool
    reverts_id: int | None


def _event_values(
    coder_id: int,
    action: str,
    summary: str,
    changes: ChangeSet,
    batch_id: str,
    undoable: bool,
    extra: dict[str, Any] | None,
) -> dict[str, Any]:
    return {
        "batch_id": batch_id,
        "coder_id": coder_id,
        "at": now(),
        "action": action,
        "summary": summary,
        "before": extra or {},
        "after": {"rows": changes.payload()},
        "targets": changes.targets(),
        "undoable": undoable and bool(changes.changes),
    }


def record(
    session: Session,
    coder_id: int,
    action: str,
    summary: str,
    changes: ChangeSet | None = None,
    *,
    batch_id: str | None = None,
    undoable: bool = True,
    extra: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one event and bump the project's change counter (others poll it)."""
    values = _event_values(
        coder_id, action, summary, changes or ChangeSet(), batch_id or new_batch(), undoable,
        extra,
    )
    event = AuditEvent(**values)
    session.add(event)
    bump_change_counter(session)
    session.flush()
    return event


@dataclass(frozen=True)
class Entry:
    """One event of ``record_many``."""

    action: str
    summary: str
    changes: ChangeSet
    extra: dict[str, Any] | None = None


def record_many(session: Session, coder_id: int, entries: list[Entry], batch_id: str) -> None:
    """Write several events of one batch in one statement (a bulk import: one per file)."""
    if not entries:
        return
    rows = [
        _event_values(coder_id, e.action, e.summary, e.changes, batch_id, True, e.extra)
        for e in entries
    ]
    log.insert_events(session, rows)
    bump_change_counter(session)


def _coder_name(session: Session, coder_id: int) -> str:
    return session.get_one(Coder, coder_id).name


def _blocking(session: Session, events: list[AuditEvent]) -> list[AuditEvent]:
    coder_id = events[0].coder_id
    changed = {t for e in events for t in e.targets if not t.startswith("@")}
    made_or_gone = {t for e in events for t in _made_or_gone(e)}
    ours_refs = {t[1:] for e in events for t in e.targets if t.startswith("@")}
    first = min(e.id for e in events)
    later = log.later_by_others(session, first, coder_id)
    blocking = []
    for e in later:
        if e.action == "undo" and e.reverts_id is not None and e.reverts_id > first:
            continue  # it cancels a change made after ours: the two together change nothing
        touched = {t for t in e.targets if not t.startswith("@")}
        refs = {t[1:] for t in e.targets if t.startswith("@")}
        # Also the other way round: writing our images back would point at rows their
        # change created or removed (a redo onto a code someone has since deleted).
        if touched & changed or refs & made_or_gone or ours_refs & _made_or_gone(e):
            blocking.append(e)
    return blocking


def _made_or_gone(e: AuditEvent) -> set[str]:
    # Read from the row images, not by matching every target against every row: that was
    # quadratic in the batch (20,000 codings took 97 s of CPU to undo).
    return created_or_deleted(e.after.get("rows", []))


def undo_last(session: Session, coder_id: int) -> list[EventInfo]:
    """Undo the coder's last undoable change (a whole batch); return the undone events."""
    last = log.last_undoable(session, coder_id)
    if last is None:
        raise UndoRefused("nothing to undo for this coder")
    batch = log.undoable_batch(session, last.batch_id, coder_id)
    blockers = _blocking(session, batch)
    if blockers:
        names = "; ".join(
            f"#{b.id} {b.action} by {_coder_name(session, b.coder_id)}" for b in blockers[:10]
        )
        raise UndoRefused(
            f"cannot undo #{last.id} {last.action}: later changes by other coders depend on it "
            f"({names})"
        )
    undo_batch = new_batch()
    for event in reversed(batch):
        _restore(session, event.after.get("rows", []), reverse=True)
        event.undone = True
        comp = ChangeSet()
        comp.changes = [(n, a, b) for n, b, a in reversed(event.after.get("rows", []))]
        undo_event = record(
            session, coder_id, "undo", f"undo #{event.id}: {event.summary}", comp,
            batch_id=undo_batch,
        )
        undo_event.reverts_id = event.id
        undo_event.undoable = False  # redo, not undo-of-undo, reverses it
    session.flush()
    return [_info(session, e) for e in batch]


def redo_last(session: Session, coder_id: int) -> list[EventInfo]:
    """Re-apply the batch the coder undid most recently, if nothing has happened since."""
    last_undo = log.last_undo(session, coder_id)
    if last_undo is None:
        raise UndoRefused("nothing to redo for this coder")
    newer = log.change_since(session, last_undo)
    if newer is not None:
        raise UndoRefused(f"nothing to redo: you made change #{newer} after the last undo")
    undos = log.batch_newest_first(session, last_undo.batch_id)
    originals = [session.get_one(AuditEvent, u.reverts_id) for u in undos if u.reverts_id]
    blockers = _blocking(session, undos)
    if blockers:
        names = "; ".join(f"#{b.id} {b.action}" for b in blockers[:10])
        raise UndoRefused(f"cannot redo: later changes by other coders depend on it ({names})")
    redo_batch = new_batch()
    for undo_event, original in zip(undos, originals, strict=True):
        _restore(session, original.after.get("rows", []), reverse=False)
        original.undone = False
        undo_event.undone = True
        comp = ChangeSet()
        comp.changes = [tuple(r) for r in original.after.get("rows", [])]
        ev = record(
            session, coder_id, "redo", f"redo #{original.id}: {original.summary}", comp,
            batch_id=redo_batch, undoable=False,
        )
        ev.reverts_id = undo_event.id
    session.flush()
    return [_info(session, e) for e in originals]


def _restore(session: Session, rows: list[list[Any]], *, reverse: bool) -> None:
    rebuild_search(session, apply_images(session, rows, reverse=reverse))


def _info(session: Session, e: AuditEvent) -> EventInfo:
    return EventInfo(
        e.id, e.batch_id, _coder_name(session, e.coder_id), e.at, e.action, e.summary,
        e.undone, e.reverts_id,
    )


def events(
    session: Session,
    *,
    coder_id: int | None = None,
    since: datetime | None = None,
    newest: int | None = None,
) -> list[EventInfo]:
    return [
        EventInfo(r.id, r.batch_id, r.coder, r.at, r.action, r.summary, r.undone, r.reverts_id)
        for r in log.logged(session, coder_id=coder_id, since=since, newest=newest)
    ]


def redact(value: Any) -> Any:
    """Replace every text-bearing field in a payload (recursively)."""
    if isinstance(value, dict):
        return {k: (REDACTED if k in TEXT_KEYS and v else redact(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v) for v in value]
    return value
