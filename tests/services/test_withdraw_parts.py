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
