"""The project record the report counts (store/repos/record.py), on each backend."""

from __future__ import annotations

from pathlib import Path

from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.repos.record import (
    audit_record,
    checklist_record,
    coding_record,
    coding_times,
    quotes_of,
)


def _coded(wb: Workbench, interview: Path) -> list[int]:
    wb.transcripts.import_files([interview])
    wb.codes.add("Turning up")
    ids = wb.coding.apply_many([
        CodingRequest("P01", "Turning up", Target(span=(10, 40)), coder="alice"),
        CodingRequest("P01", "Turning up", Target(span=(50, 60)), coder="bob"),
        CodingRequest("P01", "Turning up", Target(span=(10, 40)), coder="consensus"),
    ])
    wb.memos.add("project", "I came to this as a practitioner.", kind="journal")
    return ids


def test_codings_are_counted_with_the_consensus_apart(wb: Workbench, interview: Path) -> None:
    ids = _coded(wb, interview)
    with wb.store.read() as s:
        record = coding_record(s, "consensus")
        assert record == (1, 1, 2, 2, 1, 1)
        assert len(coding_times(s, "consensus")) == 2
        assert coding_record(s, "nobody") == (1, 1, 3, 3, 0, 0)
        text = wb.transcripts.text("P01").text
        assert sorted(quotes_of(s, [ids[0], ids[1], ids[0]])) == sorted(
            [text[10:40], text[50:60]]
        )


def test_the_audit_log_and_the_checklist_evidence(wb: Workbench, interview: Path) -> None:
    _coded(wb, interview)
    with wb.store.read() as s:
        audit = audit_record(s)
        checklist = checklist_record(s)
    assert audit.first is not None and audit.last is not None and audit.first <= audit.last
    assert audit.actions["coding.apply"] == 1 and audit.snapshots == []
    assert checklist == (1, 1, 0, 1, 3)
    wb.history.undo()  # the journal entry
    wb.history.undo()  # the codings: their event is undone, no longer counted
    with wb.store.read() as s:
        assert audit_record(s).actions["coding.apply"] == 0
        assert checklist_record(s).codings == 0
