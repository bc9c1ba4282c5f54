"""A withdrawal in a project whose audit log is large: the log is read by its targets, the
events that held their words are redacted a few at a time (test_withdraw.py: that nothing
of theirs survives)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from support import SENTINEL, write
from themework.services import audit, withdraw_erase
from themework.services import coding as coding_service
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench


def _interview(name: str, words: str) -> str:
    lines = [f"Interview {name} - Site A", ""]
    for n in range(4):
        lines.append(f"Interviewer: Question {n}?")
        lines.append(f"{name}: Answer {n}, {words}.")
    return "\n".join(lines) + "\n"


@pytest.fixture
def bulk(wb: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workbench:
    """P01 and P02, each answer coded in one bulk apply written 2 codings an event: P01's
    share events with P02's, and the last event is P02's alone."""
    monkeypatch.setattr(coding_service, "BULK_CHUNK", 2)
    wb.transcripts.import_files([
        write(tmp_path / "in" / "P01.txt", _interview("P01", f"my word is {SENTINEL}")),
        write(tmp_path / "in" / "P02.txt", _interview("P02", "about turning up")),
    ])  # fmt: skip
    wb.codes.add("Turning up")
    order = [("P02", 2), ("P01", 2), ("P01", 4), ("P02", 4), ("P02", 6), ("P02", 8)]
    wb.coding.apply_many([CodingRequest(p, "Turning up", Target(turn=t)) for p, t in order])
    return wb


def test_a_withdrawal_reads_payloads_only_of_the_events_it_redacts_a_few_at_a_time(
    bulk: Workbench, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It loaded every event of the log whole (1.6 GB at 500,000 codings)."""
    monkeypatch.setattr(withdraw_erase, "TARGET_EVENTS", 2, raising=False)
    monkeypatch.setattr(audit, "CHUNK_EVENTS", 1)
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(bulk.store.engine, "before_cursor_execute", seen)
    try:
        bulk.participants.withdraw("P01")
    finally:
        event.remove(bulk.store.engine, "before_cursor_execute", seen)
    payloads = [
        s for s in statements
        if s.lstrip().upper().startswith("SELECT") and re.search(r"audit_event\.\W?after\b", s)
    ]  # fmt: skip
    assert payloads
    for statement in payloads:
        ids = re.search(r"audit_event\.\W?id\W? IN \(([^)]*)\)", statement)
        assert ids is not None, statement
        assert ids.group(1).count(",") == 0  # one event a read (CHUNK_EVENTS)
    with bulk.store.read() as s:
        logged = [repr(tuple(r)) for r in s.execute(text("SELECT * FROM audit_event"))]
    assert logged and not [r for r in logged if SENTINEL.casefold() in r.casefold()]


def test_a_withdrawal_after_more_codings_than_sqlite_binds_at_once_still_erases(
    sqlite_wb: Workbench, tmp_path: Path
) -> None:
    """At 500,000 codings the withdrawal failed with 'too many SQL variables': it asked
    which of every coding its events named still exist in one statement. The project's
    connections are given a limit of 600 bound values for 800 codings."""
    import sqlite3

    wb = sqlite_wb
    lines = ["Interview P01 - Site A", ""]
    for n in range(400):
        lines += [f"Interviewer: Question {n}?", f"P01: Answer {n}, my word is {SENTINEL}."]
    wb.transcripts.import_files([write(tmp_path / "in" / "P01.txt", "\n".join(lines) + "\n")])
    wb.codes.add("Turning up")
    wb.coding.apply_many(
        [CodingRequest("P01", "Turning up", Target(turn=t)) for t in range(1, 801)]
    )

    def few_binds(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 600)

    event.listen(wb.store.engine, "connect", few_binds)
    wb.store.engine.dispose()  # every connection from now on has the limit
    try:
        wb.participants.withdraw("P01")
    finally:
        event.remove(wb.store.engine, "connect", few_binds)
    with wb.store.read() as s:
        assert s.execute(text("SELECT count(*) FROM coding")).scalar_one() == 0
        logged = [repr(tuple(r)) for r in s.execute(text("SELECT * FROM audit_event"))]
    assert not [r for r in logged if SENTINEL.casefold() in r.casefold()]
