"""The audit log repository (store/repos/audit.py), query by query, on each backend."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from support import as_coder
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.models import AuditEvent
from themework.store.repos import audit as log


def _ids(events: Sequence[AuditEvent]) -> list[int]:
    return [e.id for e in events]


def test_the_events_undo_and_redo_walk(wb: Workbench, interview: Path) -> None:
    wb.transcripts.import_files([interview])
    wb.codes.add("Turning up")
    alice, bob = as_coder(wb, "alice"), as_coder(wb, "bob")
    alice.coding.apply_many([CodingRequest("P01", "Turning up", Target(turn=2)),
                             CodingRequest("P01", "Turning up", Target(turn=4))])  # fmt: skip
    bob.coding.apply(CodingRequest("P01", "Turning up", Target(turn=6)))
    with wb.store.read() as s:
        everything = log.logged(s)
        who = {e.coder: s.get_one(AuditEvent, e.id).coder_id for e in everything}
        a, b = who["alice"], who["bob"]
        last = log.last_undoable(s, a)
        assert last is not None and last.action == "coding.apply"
        assert log.undoable_batch(s, last.batch_id, a) == [last.id]
        assert _ids(log.events_by_id(s, [last.id, 1])) == [last.id, 1]
        assert _ids(log.later_by_others(s, last.id, a)) == [e.id for e in everything
                                                           if e.coder == "bob"]  # fmt: skip
        assert log.later_by_others(s, last.id, b) == []
        assert log.last_undo(s, a) is None
        assert [e.coder for e in log.logged(s, coder_id=b)] == ["bob"]
        assert log.logged(s, since=everything[-1].at) != []
        assert log.logged(s, newest=2) == everything[-2:]
        assert log.logged(s, coder_id=a, newest=1) == [everything[-2]]
        assert len(log.unredacted_events(s)) == len(everything)
    alice.history.undo()
    alice.codes.add("Honesty")
    with wb.store.read() as s:
        undo = log.last_undo(s, a)
        assert undo is not None and undo.reverts_id == last.id
        assert log.batch_newest_first(s, undo.batch_id) == [undo.id]
        change = log.change_since(s, undo)
        assert change is not None and change > undo.id  # the code added after the undo
        assert log.last_undoable(s, a) is not None
