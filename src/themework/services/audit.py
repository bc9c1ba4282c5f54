"""The audit trail: one event per service call, undo and redo as compensating events.

Undo never deletes an event. It writes an ``undo`` event that points at the one it
compensates and marks that one undone; redo does the reverse. Undo is refused, naming the
blocking events, when another coder's later change touched the same rows or refers to a
row the event created or deleted.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row as Fetched
from sqlalchemy.orm import Session

from themework.domain.errors import UndoRefused
from themework.gcpause import gc_paused
from themework.services.changes import ChangeSet, Row, apply_images, created_or_deleted
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


# Rows to an event when one action is written in parts: a bulk apply's chunk of codings, a
# merge's part of the codings it moves. Undo and redo read a few events at a time, so no
# event may grow with the action (merging away a code of 100,000 codings was one event:
# 360 MB to write, 270 MB to redo, at ten times that 2 GB and more).
PART_ROWS = 10_000


class PartedChanges(ChangeSet):
    """The changes of one action, written as they come: every ``PART_ROWS`` rows one event
    of one batch (undone and redone together, all or nothing, as a bulk apply's), each
    forgotten once written. ``finish`` writes the rest and the summary."""

    def __init__(self, session: Session, coder_id: int, action: str) -> None:
        super().__init__()
        self.session, self.coder_id, self.action = session, coder_id, action
        self.batch_id = new_batch()
        self.parts = 0

    def add(self, table_name: str, before: Row | None, after: Row | None) -> None:
        super().add(table_name, before, after)
        if len(self.changes) >= PART_ROWS:
            self._write(f"part {self.parts + 1}")

    def _write(self, summary: str) -> None:
        record_many(self.session, self.coder_id, [Entry(self.action, summary, self)],
                    self.batch_id)  # fmt: skip
        self.parts += 1
        self.changes = []

    def finish(self, summary: str) -> None:
        """Write what is left; every part takes ``summary``, with its number if several."""
        if not self.parts:
            self._write(summary)
            return
        if self.changes:
            self._write(f"part {self.parts + 1}")
        log.summarise_batch(self.session, self.batch_id, summary, keep_own=True)


def _coder_name(session: Session, coder_id: int) -> str:
    return session.get_one(Coder, coder_id).name


# Events undone or redone at a time: a bulk apply's event holds the images of 10,000 codings
# (about 9 MB in memory), and holding all 50 of a 500,000-coding batch took 700 MB to undo
# and 1.1 GB to redo. Every part is written in the one transaction: all or nothing.
CHUNK_EVENTS = 5


def events_in_parts(session: Session, ids: list[int]) -> Iterator[list[AuditEvent]]:
    """The events ``ids`` a few at a time, in order; each part is written and let go of
    before the next is read (it stays in the transaction, not in memory)."""
    for i in range(0, len(ids), CHUNK_EVENTS):
        part = log.events_by_id(session, ids[i : i + CHUNK_EVENTS])
        yield part
        session.flush()
        for event in part:
            session.expunge(event)


def _blocking(session: Session, ids: list[int], coder_id: int) -> list[Fetched[Any]]:
    """Later events by other coders that the events ``ids`` cannot be undone (or redone)
    past: they touched the same rows, or one side refers to a row the other created or
    removed. Indexed by target and checked event by event (the batch is read in parts)."""
    first = min(ids)
    later = [
        e for e in log.later_by_others(session, first, coder_id)
        # An undo of a change made after ours: the two together change nothing.
        if not (e.action == "undo" and e.reverts_id is not None and e.reverts_id > first)
    ]
    if not later:
        return []
    touched: dict[str, set[int]] = {}
    refs: dict[str, set[int]] = {}
    made: dict[str, set[int]] = {}
    for e in later:
        for t in e.targets:
            (refs.setdefault(t[1:], set()) if t.startswith("@") else
             touched.setdefault(t, set())).add(e.id)  # fmt: skip
    # Their row images a few events at a time too: another coder's bulk apply is 50 events
    # of 10,000 codings' images.
    for theirs in events_in_parts(session, [e.id for e in later]):
        for event in theirs:
            for t in _made_or_gone(event):
                made.setdefault(t, set()).add(event.id)
    found: set[int] = set()
    for part in events_in_parts(session, ids):
        for ours in part:
            for t in ours.targets:
                # Also the other way round: writing our images back would point at rows
                # their change created or removed (a redo onto a code someone has deleted).
                found.update(made.get(t[1:], ()) if t.startswith("@") else touched.get(t, ()))
            for t in _made_or_gone(ours):
                found.update(refs.get(t, ()))
    return [e for e in later if e.id in found]


def _made_or_gone(e: AuditEvent) -> set[str]:
    # Read from the row images, not by matching every target against every row: that was
    # quadratic in the batch (20,000 codings took 97 s of CPU to undo).
    return created_or_deleted(e.after.get("rows", []))


def undo_last(session: Session, coder_id: int) -> list[EventInfo]:
    """Undo the coder's last undoable change (a whole batch); return the undone events."""
    last = log.last_undoable(session, coder_id)
    if last is None:
        raise UndoRefused("nothing to undo for this coder")
    last_id, last_action = last.id, last.action
    ids = log.undoable_batch(session, last.batch_id, coder_id)
    blockers = _blocking(session, ids, coder_id)
    if blockers:
        names = "; ".join(
            f"#{b.id} {b.action} by {_coder_name(session, b.coder_id)}" for b in blockers[:10]
        )
        raise UndoRefused(
            f"cannot undo #{last_id} {last_action}: later changes by other coders depend on "
            f"it ({names})"
        )
    undo_batch = new_batch()
    done: list[EventInfo] = []
    for part in events_in_parts(session, ids[::-1]):
        done += _undo_part(session, part, coder_id, undo_batch)
    return done[::-1]


def redo_last(session: Session, coder_id: int) -> list[EventInfo]:
    """Re-apply the batch the coder undid most recently, if nothing has happened since."""
    last_undo = log.last_undo(session, coder_id)
    if last_undo is None:
        raise UndoRefused("nothing to redo for this coder")
    newer = log.change_since(session, last_undo)
    if newer is not None:
        raise UndoRefused(f"nothing to redo: you made change #{newer} after the last undo")
    ids = log.batch_newest_first(session, last_undo.batch_id)
    blockers = _blocking(session, ids, coder_id)
    if blockers:
        names = "; ".join(f"#{b.id} {b.action}" for b in blockers[:10])
        raise UndoRefused(f"cannot redo: later changes by other coders depend on it ({names})")
    redo_batch = new_batch()
    done: list[EventInfo] = []
    for undos in events_in_parts(session, ids):
        done += _redo_part(session, undos, coder_id, redo_batch)
    return done


# Paused for a part (re-enabled between parts, so any cycles go): collections walked the
# part's 100,000 image dicts again and again, a fifth of a 500,000-coding redo's CPU.
@gc_paused()
def _undo_part(
    session: Session, part: list[AuditEvent], coder_id: int, undo_batch: str
) -> list[EventInfo]:
    done = []
    for event in part:
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
        session.expunge(undo_event)
        done.append(_info(session, event))
    return done


@gc_paused()
def _redo_part(
    session: Session, undos: list[AuditEvent], coder_id: int, redo_batch: str
) -> list[EventInfo]:
    done = []
    for undo_event, original in zip(undos, _originals(session, undos), strict=True):
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
        session.expunge(ev)
        done.append(_info(session, original))
        session.expunge(original)
    return done


def _originals(session: Session, undos: list[AuditEvent]) -> list[AuditEvent]:
    """The events these undo events reversed, in their order."""
    return log.events_by_id(session, [u.reverts_id for u in undos if u.reverts_id])


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
