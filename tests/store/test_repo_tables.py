"""Whole-table reads, participant ids and the codings doctor reports (store/repos), on each
backend."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import update

from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.models import Code, Coding, Speaker, Turn
from themework.store.repos.participants import participant_ids
from themework.store.repos.record import broken_codings
from themework.store.repos.tables import (
    delete_transcript_rows,
    max_value,
    table_rows,
    transcript_rows,
)
from themework.store.repos.transcripts import transcript_id


def test_tables_read_whole_in_key_order_and_by_transcript(wb: Workbench, interview: Path) -> None:
    wb.transcripts.import_files([interview])
    turns = Turn.__table__
    with wb.store.write() as s:
        tid = transcript_id(s, "P01")
        rows = table_rows(s, turns)
        assert [r["index"] for r in rows] == [1, 2, 3, 4, 5, 6]
        assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)
        assert max_value(s, turns, "id") == rows[-1]["id"]
        assert transcript_rows(s, turns, tid) == rows
        assert transcript_rows(s, turns, "no-such") == []
        delete_transcript_rows(s, turns, tid)
        assert table_rows(s, turns) == [] and max_value(s, turns, "id") is None
        assert len(transcript_rows(s, Speaker.__table__, tid)) == 2


def test_participant_ids_of_those_that_exist(wb: Workbench, interview: Path) -> None:
    wb.transcripts.import_files([interview])
    with wb.store.read() as s:
        found = participant_ids(s, {"P01", "P02"})
        assert list(found) == ["P01"] and participant_ids(s, []) == {}


def test_codings_breaking_the_rules_above_the_schema(wb: Workbench, interview: Path) -> None:
    wb.transcripts.import_files([interview])
    wb.codes.add("Turning up")
    made = wb.coding.apply(CodingRequest("P01", "Turning up", Target(turn=2)))
    with wb.store.read() as s:
        assert broken_codings(s) == (0, 0)
    with wb.store.write() as s:  # what a bug or a hand edit could leave
        s.execute(update(Code).values(status="merged"))
        s.execute(update(Coding).where(Coding.id == made.id).values(end=10**6))
        assert broken_codings(s) == (1, 1)
