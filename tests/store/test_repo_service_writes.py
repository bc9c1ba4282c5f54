"""Writes and checks moved out of the services into store/repos, query by query, on each
backend: rows from plain values, the audit batch's summary, the project's counter and
settings, matrix notes, a rename, coded extracts filtered, the storage checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from themework.services.audit import new_batch, now
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.models import Assignment, AuditEvent, Speaker
from themework.store.repos.audit import insert_events, summarise_batch
from themework.store.repos.coders import coder_named
from themework.store.repos.codes import CodeIndex
from themework.store.repos.extract_rows import coded_extracts, extract_row
from themework.store.repos.participants import participant_id
from themework.store.repos.project import (
    bump_change_counter,
    change_counter,
    settings,
    store_settings,
)
from themework.store.repos.record import sqlite_checks
from themework.store.repos.tables import add_row_id, add_rows, transcript_rows
from themework.store.repos.themes import (
    ThemeIndex,
    delete_matrix_note,
    insert_matrix_note,
    matrix_notes,
)
from themework.store.repos.transcripts import named, rename_transcript, transcript_id
from themework.store.repos.withdrawal import transaction_id


@pytest.fixture
def coded(wb: Workbench, interview: Path) -> tuple[Workbench, list[int]]:
    wb.transcripts.import_files([interview])
    wb.codes.add("Turning up")
    wb.codes.add("Honesty")
    ids = wb.coding.apply_many([
        CodingRequest("P01", "Turning up", Target(span=(10, 40))),
        CodingRequest("P01", "Honesty", Target(span=(60, 80)), coder="bob"),
    ])
    return wb, ids


def test_rows_from_plain_values_one_or_many(coded: tuple[Workbench, list[int]]) -> None:
    wb, _ = coded
    with wb.store.write() as s:
        tid = transcript_id(s, "P01")
        me, bob = coder_named(s, wb.context.coder), coder_named(s, "bob")
        add_rows(s, Assignment.__table__, {"transcript_id": tid, "coder_id": me,
                                           "status": "done"})  # fmt: skip
        add_rows(s, Assignment.__table__, [{"transcript_id": tid, "coder_id": bob,
                                            "status": "in-progress"}])  # fmt: skip
        new = add_row_id(s, Speaker.__table__, {"transcript_id": tid, "label": "Observer",
                                                "role": "other", "participant_id": None})
        speakers = {r["id"]: r["label"] for r in transcript_rows(s, Speaker.__table__, tid)}
        assert speakers[new] == "Observer" and len(speakers) == 3
        assert sorted(r["status"] for r in transcript_rows(s, Assignment.__table__, tid)) == [
            "done", "in-progress"
        ]


def test_a_batch_summarised_alone_or_with_each_events_own(wb: Workbench) -> None:
    with wb.store.write() as s:
        coder = coder_named(s, wb.context.coder)
        assert coder is not None
        batch, other = new_batch(), new_batch()
        row = {"coder_id": coder, "at": now(), "action": "test", "before": {}, "after": {},
               "targets": [], "undoable": False}  # fmt: skip
        insert_events(s, [{**row, "batch_id": batch, "summary": "one"},
                          {**row, "batch_id": batch, "summary": "two"},
                          {**row, "batch_id": other, "summary": "three"}])  # fmt: skip
        summarise_batch(s, batch, "both")
        summarise_batch(s, other, "whole", keep_own=True)
        events = s.query(AuditEvent.batch_id, AuditEvent.summary).filter(
            AuditEvent.batch_id.in_([batch, other])).all()  # fmt: skip
    assert sorted(summary for _, summary in events) == ["both", "both", "whole (three)"]


def test_the_change_counter_and_the_settings_stored(wb: Workbench) -> None:
    with wb.store.write() as s:
        before = change_counter(s)
        bump_change_counter(s)
        bump_change_counter(s)
        store_settings(s, {**settings(s), "colour": "blue"})
    with wb.store.read() as s:
        assert change_counter(s) == before + 2 and settings(s)["colour"] == "blue"


def test_a_matrix_note_written_and_deleted(coded: tuple[Workbench, list[int]]) -> None:
    wb, _ = coded
    wb.themes.create("Showing up")
    with wb.store.write() as s:
        pid, theme = participant_id(s, "P01"), ThemeIndex(s).get("Showing up")
        assert pid is not None
        insert_matrix_note(s, {"participant_id": pid, "theme_id": theme.id, "text": "Often."})
        assert matrix_notes(s) == {("P01", theme.key): "Often."}
        delete_matrix_note(s, pid, theme.id)
        assert matrix_notes(s) == {}


def test_a_transcript_renamed(coded: tuple[Workbench, list[int]]) -> None:
    wb, _ = coded
    with wb.store.write() as s:
        tid = transcript_id(s, "P01")
        rename_transcript(s, tid, "Interview 1")
    with wb.store.read() as s:
        assert named(s, "Interview 1") == tid and named(s, "P01") is None


def test_coded_extracts_by_code_coder_id_and_transcript(
    coded: tuple[Workbench, list[int]],
) -> None:
    wb, ids = coded
    with wb.store.read() as s:
        index = CodeIndex(s)
        tid = transcript_id(s, "P01")
        honesty = index.get("Honesty").id

        def found(**where: Any) -> list[int]:
            return sorted(row[0] for row in coded_extracts(s, **where))

        assert found() == ids == found(transcript_id=tid)
        assert found(code_ids=[honesty]) == ids[1:] == found(coder="bob")
        assert found(ids=[ids[0], 2**70]) == ids[:1]
        assert found(code_ids=[honesty], coder=wb.context.coder) == []
        assert found(transcript_id=tid, coder="bob") == ids[1:]
        row = extract_row(s, ids[1])
    # the coding's id, code, span, then its coder, transcript and where it starts
    assert (row[0], row[1], row[2], row[3], row[8], row[9]) == (
        ids[1], honesty, 60, 80, "bob", "P01"
    )
    assert row[10] is not None  # placed in its turn


def test_storage_checks_and_the_transaction_id(wb: Workbench) -> None:
    with wb.store.read() as s:
        xid = transaction_id(s)
        if wb.store.dialect == "sqlite":
            assert xid is None and sqlite_checks(s) == (["ok"], 0)
        else:
            assert isinstance(xid, int) and 0 <= xid < 2**32
