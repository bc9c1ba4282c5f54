"""Undo of a large batch in statements that do not grow with it, and a clear word when busy."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select

from support import as_coder, write
from themework.domain.errors import Busy, UndoRefused
from themework.services import audit
from themework.services import coding as coding_service
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.location import from_string
from themework.store.models import Coding


def _interview(turns: int) -> str:
    lines = ["Interview P01 - Site A", ""]
    for n in range(turns):
        lines.append(f"Interviewer: Question number {n}?")
        lines.append(f"P01: Answer number {n}, about turning up every week as promised.")
    return "\n".join(lines) + "\n"


@contextmanager
def counting(wb: Workbench) -> Iterator[list[str]]:
    seen: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(wb.store.engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(wb.store.engine, "before_cursor_execute", before)


def test_undo_of_a_bulk_apply_takes_a_bounded_number_of_statements(
    wb: Workbench, tmp_path: Path
) -> None:
    """Undoing 1,200 codings issued a DELETE per coding (and a quadratic scan): now a few."""
    wb.transcripts.import_files([write(tmp_path / "in" / "P01.txt", _interview(300))])
    for name in ("Turning up", "Honesty", "Consistency", "Boundaries"):
        wb.codes.add(name)
    requests = [
        CodingRequest("P01", code, Target(turn=turn))
        for turn in range(2, 601, 2)
        for code in ("Turning up", "Honesty", "Consistency", "Boundaries")
    ]
    assert len(wb.coding.apply_many(requests)) == 1200
    with counting(wb) as statements:
        wb.history.undo()
    assert wb.coding.extracts() == []
    deletes = [s for s in statements if s.lstrip().upper().startswith("DELETE")]
    assert len(deletes) <= 10, f"{len(deletes)} DELETE statements for one undo"
    with counting(wb) as statements:
        wb.history.redo()
    assert len(wb.coding.extracts()) == 1200
    inserts = [s for s in statements if "INSERT INTO coding" in s]
    # executemany is one statement for the driver; SQLAlchemy may batch it into a few.
    assert len(inserts) <= 10, f"{len(inserts)} INSERT statements for one redo"


def test_a_writer_kept_waiting_is_told_the_project_is_busy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another coder's long write used to end in "database error: database is locked"."""
    import themework.store.engine as engine

    path = tmp_path / "study.themework"
    first = Workbench.init(from_string(str(path)), name="T", approach="codebook", coder="alice")
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 200)
    second = Workbench.open(from_string(str(path)), coder="bob")
    try:
        with first.store.write() as s, pytest.raises(Busy, match="busy"):
            s.execute(event_free_write())
            second.codes.add("Turning up")
        assert [c.name for c in second.codes.list()] == []
    finally:
        second.close()
        first.close()


def event_free_write() -> Any:
    from sqlalchemy import text

    return text("UPDATE project SET name = name")


def test_the_log_reads_no_row_images(wb: Workbench, tmp_path: Path) -> None:
    """`log` loaded every event's row images (1.5 GB for 500,000 codings) to print summaries."""
    wb.transcripts.import_files([write(tmp_path / "in" / "P01.txt", _interview(20))])
    wb.codes.add("Turning up")
    wb.coding.apply_many([CodingRequest("P01", "Turning up", Target(turn=t)) for t in (2, 4)])
    everything = wb.history.log()
    with counting(wb) as statements:
        newest = wb.history.log(newest=2)
    assert [e.action for e in newest] == ["code.add", "coding.apply"]
    assert newest == everything[-2:]
    assert wb.history.log(coder="alice", newest=1) == everything[-1:]
    read = [s for s in statements if "audit_event" in s]
    assert read
    assert not [s for s in read if re.search(r"audit_event\.\W?(after|before|targets)\b", s)]


def _codings(wb: Workbench) -> list[tuple[Any, ...]]:
    with wb.store.read() as s:
        return [tuple(r) for r in s.execute(select(Coding.__table__).order_by(Coding.id))]


@pytest.fixture
def parted(wb: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workbench:
    """A bulk apply of 14 codings stored as 7 events, undone and redone 2 events at a time."""
    monkeypatch.setattr(coding_service, "BULK_CHUNK", 2)
    monkeypatch.setattr(audit, "CHUNK_EVENTS", 2)
    wb.transcripts.import_files([write(tmp_path / "in" / "P01.txt", _interview(20))])
    for name in ("Turning up", "Honesty"):
        wb.codes.add(name)
    wb.coding.apply_many([CodingRequest("P01", code, Target(turn=turn))
                          for turn in range(2, 16, 2) for code in ("Turning up", "Honesty")])
    return wb


def test_a_batch_of_more_events_than_a_part_is_undone_and_redone_whole(parted: Workbench) -> None:
    """Undo and redo held a whole batch's row images (700 MB and 1.1 GB for 500,000
    codings): now a few events at a time, and still the whole batch, the same rows."""
    rows = _codings(parted)
    assert len(rows) == 14
    applied = [e for e in parted.history.log() if e.action == "coding.apply"]
    assert len(applied) == 7
    for _ in range(2):
        undone = parted.history.undo()
        assert [e.id for e in undone] == [e.id for e in applied]
        assert all(e.undone for e in undone)
        assert _codings(parted) == []
        redone = parted.history.redo()
        assert [e.id for e in redone] == [e.id for e in applied]
        assert _codings(parted) == rows
    log = parted.history.log()
    assert [e.reverts_id for e in log if e.action == "undo"][-7:] == [e.id for e in applied][::-1]
    assert not any(e.undone for e in log if e.action == "coding.apply")


def test_another_coders_change_to_a_later_part_still_blocks_the_undo(parted: Workbench) -> None:
    last = max(row[0] for row in _codings(parted))
    as_coder(parted, "bob").coding.remove([last])  # a coding of the batch's last event
    with pytest.raises(UndoRefused, match=r"coding\.remove by bob"):
        parted.history.undo()
    assert len(_codings(parted)) == 13


def _merge_project(wb: Workbench, tmp_path: Path, turns: int) -> None:
    """Codes A (a coding of every participant turn) and B; B already holds A's first span by
    the same coder, and A's coding of it has a memo: the merge folds it into B's."""
    wb.transcripts.import_files([write(tmp_path / "in" / "P01.txt", _interview(turns))])
    for name in ("A", "B"):
        wb.codes.add(name)
    wb.coding.apply(CodingRequest("P01", "A", Target(turn=2), memo="Key passage."))
    wb.coding.apply_many(
        [CodingRequest("P01", "A", Target(turn=t)) for t in range(4, 2 * turns + 1, 2)]
    )
    wb.coding.apply(CodingRequest("P01", "B", Target(turn=2)))


def _status(wb: Workbench, name: str) -> str:
    return next(c.status for c in wb.codes.list(include_retired=True) if c.name == name)


def _memos(wb: Workbench) -> list[tuple[str, str]]:
    return [(m.target, m.text) for m in wb.memos.list()]


def test_a_merge_of_more_codings_than_a_part_is_undone_and_redone_a_part_at_a_time(
    wb: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    """Merging away a code was one event holding every coding's images (100,000 codings:
    360 MB to write, 270 MB to redo): now events of at most PART_ROWS rows, one batch,
    read by undo and redo a few at a time, and undone and redone whole."""
    monkeypatch.setattr(audit, "PART_ROWS", 4, raising=False)
    monkeypatch.setattr(audit, "CHUNK_EVENTS", 2)
    _merge_project(wb, tmp_path, 10)
    rows, memos = _codings(wb), _memos(wb)
    _info, moved = wb.codes.merge(["A"], into="B")
    assert moved == 10
    merged, merged_memos = _codings(wb), _memos(wb)
    assert len(merged) == 10 and wb.codes.get("B").codings == 10
    parts = [e for e in wb.history.log() if e.action == "code.merge"]
    assert len(parts) > 2 and len({e.batch_id for e in parts}) == 1
    assert parts[0].summary == "merged A into B (10 codings moved) (part 1)"
    read = request.getfixturevalue("rows_per_event_read")
    for _ in range(2):
        assert [e.id for e in wb.history.undo()] == [e.id for e in parts]
        assert (_codings(wb), _memos(wb)) == (rows, memos)
        assert _status(wb, "A") == "active"
        assert [e.id for e in wb.history.redo()] == [e.id for e in parts]
        assert (_codings(wb), _memos(wb)) == (merged, merged_memos)
    assert read and max(read) <= 4


def test_merging_and_undoing_a_merge_take_a_bounded_number_of_updates(
    wb: Workbench, tmp_path: Path
) -> None:
    """A merge of 300 codings issued an UPDATE per coding, and so did its undo and redo."""
    _merge_project(wb, tmp_path, 300)
    for step in (lambda: wb.codes.merge(["A"], into="B"), wb.history.undo, wb.history.redo):
        with counting(wb) as statements:
            step()
        updates = [s for s in statements if s.lstrip().upper().startswith("UPDATE CODING")]
        assert len(updates) <= 5, f"{len(updates)} UPDATE statements"
    assert len(_codings(wb)) == 300


def test_another_coders_change_to_a_later_part_of_a_merge_blocks_its_undo(
    wb: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit, "PART_ROWS", 4, raising=False)
    _merge_project(wb, tmp_path, 10)
    wb.codes.merge(["A"], into="B")
    last = max(row[0] for row in _codings(wb))  # moved in the merge's last part of codings
    as_coder(wb, "bob").coding.remove([last])
    with pytest.raises(UndoRefused, match=r"coding\.remove by bob"):
        wb.history.undo()
    assert _status(wb, "A") == "merged" and len(_codings(wb)) == 9


def test_a_merge_recorded_as_one_event_before_parts_still_undoes_and_redoes(
    wb: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Projects hold merges written whole, before merges were written in parts."""
    _merge_project(wb, tmp_path, 10)
    rows = _codings(wb)
    wb.codes.merge(["A"], into="B")
    merged = _codings(wb)
    assert len([e for e in wb.history.log() if e.action == "code.merge"]) == 1
    monkeypatch.setattr(audit, "PART_ROWS", 4, raising=False)
    monkeypatch.setattr(audit, "CHUNK_EVENTS", 2)
    wb.history.undo()
    assert _codings(wb) == rows
    wb.history.redo()
    assert _codings(wb) == merged


def test_a_split_of_more_codings_than_a_part_is_undone_and_redone_whole(
    wb: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit, "PART_ROWS", 4, raising=False)
    _merge_project(wb, tmp_path, 10)
    rows = _codings(wb)
    assert wb.codes.split("A", "Answers", match="Answer number")[1] == 10
    split = _codings(wb)
    parts = [e for e in wb.history.log() if e.action == "code.split"]
    assert len(parts) == 3 and parts[-1].summary == "split 10 codings of A into Answers (part 3)"
    wb.history.undo()
    assert _codings(wb) == rows and "Answers" not in {c.name for c in wb.codes.list()}
    wb.history.redo()
    assert _codings(wb) == split and wb.codes.get("Answers").codings == 10


def test_the_conflict_check_reads_other_coders_row_images_a_few_events_at_a_time(
    parted: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Undo loaded every later event of other coders whole to check for conflicts (another
    coder's bulk apply of 500,000 codings: 1.5 GB): now their targets, and their images by
    CHUNK_EVENTS."""
    bob = as_coder(parted, "bob")
    bob.transcripts.import_files([write(tmp_path / "b" / "P02.txt", _interview(10))])
    bob.coding.apply_many(
        [CodingRequest("P02", "Honesty", Target(turn=t)) for t in range(2, 20, 2)]
    )
    with counting(parted) as statements:
        parted.history.undo()
    assert len(_codings(parted)) == 9  # mine undone, bob's kept
    images = [s for s in statements if re.search(r"audit_event\.\W?after\b", s)
              and s.lstrip().upper().startswith("SELECT")]  # fmt: skip
    assert images
    for statement in images:
        if re.search(r"\bLIMIT\b", statement):
            continue  # the one event undone last
        ids = re.search(r"audit_event\.\W?id\W? IN \(([^)]*)\)", statement)
        assert ids is not None, statement
        assert ids.group(1).count(",") <= 1  # CHUNK_EVENTS is 2
