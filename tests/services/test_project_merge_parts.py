"""A project merge written as it goes: events of one batch of at most PART_ROWS rows, read
a part at a time on both sides, undone and redone whole (500,000 codings merged in were
one event: 1.5 GB to merge)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from support import as_coder, write
from themework.domain.errors import UndoRefused
from themework.services import audit
from themework.services import project_merge as merging
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.location import from_string
from themework.store.models import Coding, Transcript


def _interview(name: str, turns: int) -> str:
    lines = [f"Interview {name} - Site A", ""]
    for n in range(turns):
        lines.append(f"Interviewer: Question {n} for {name}?")
        lines.append(f"{name}: Answer {n} from {name}, about turning up every week.")
    return "\n".join(lines) + "\n"


def _bobs_project(tmp_path: Path) -> Path:
    """Bob's project: P01 (which I hold too) and P02 (which I do not), 12 codings."""
    path = tmp_path / "bob.themework"
    bob = Workbench.init(from_string(str(path)), name="bob's", coder="bob")
    bob.transcripts.import_files(
        [write(tmp_path / "b" / f"{p}.txt", _interview(p, 3)) for p in ("P01", "P02")]
    )
    for name in ("Turning up", "Honesty"):
        bob.codes.add(name)
    spans = [(p, t) for p in ("P01", "P02") for t in (2, 4, 6)]
    bob.coding.apply_many(
        [
            CodingRequest(p, code, Target(turn=t))
            for p, t in spans
            for code in ("Turning up", "Honesty")
        ]
    )
    bob.close()
    return path


def _rows(wb: Workbench) -> tuple[list[tuple[Any, ...]], list[str]]:
    with wb.store.read() as s:
        codings = [tuple(r) for r in s.execute(select(Coding.__table__).order_by(Coding.id))]
        names = sorted(s.scalars(select(Transcript.name)))
    return codings, names


@pytest.fixture
def mine(wb: Workbench, tmp_path: Path) -> Workbench:
    wb.transcripts.import_files([write(tmp_path / "in" / "P01.txt", _interview("P01", 3))])
    wb.codes.add("Turning up")
    wb.coding.apply(CodingRequest("P01", "Turning up", Target(turn=2)))
    return wb


def test_a_merge_of_more_rows_than_a_part_is_written_undone_and_redone_a_part_at_a_time(
    mine: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    monkeypatch.setattr(audit, "PART_ROWS", 4)
    monkeypatch.setattr(merging, "PART_ROWS", 4, raising=False)
    monkeypatch.setattr(audit, "CHUNK_EVENTS", 2)
    bob = _bobs_project(tmp_path)
    before = _rows(mine)
    reads: list[int] = []
    rows_after = merging.rows_after

    def reading(s: Any, table: Any, after: int, limit: int) -> Any:
        found = rows_after(s, table, after, limit)
        reads.append(len(found))
        return found

    monkeypatch.setattr(merging, "rows_after", reading, raising=False)
    report = mine.merge(from_string(str(bob)))
    assert (report.codings_added, report.codings_skipped) == (12, 0)
    assert reads and max(reads) <= 4
    merged = _rows(mine)
    assert merged[1] == ["P01", "P02"] and len(merged[0]) == 13
    parts = [e for e in mine.history.log() if e.action == "project.merge"]
    assert len(parts) > 2 and len({e.batch_id for e in parts}) == 1
    assert parts[0].summary.startswith(f"merged {bob}: 1 transcript, 1 code and 12 codings")
    assert parts[0].summary.endswith("(part 1)")
    held = request.getfixturevalue("rows_per_event_read")
    for _ in range(2):
        assert [e.id for e in mine.history.undo()] == [e.id for e in parts]
        assert _rows(mine) == before
        assert [e.id for e in mine.history.redo()] == [e.id for e in parts]
        assert _rows(mine) == merged
    assert held and max(held) <= 4


def test_merging_twice_skips_what_an_earlier_part_brought_in(
    mine: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(merging, "PART_ROWS", 5, raising=False)
    bob = _bobs_project(tmp_path)
    mine.merge(from_string(str(bob)))
    again = mine.merge(from_string(str(bob)))
    assert (again.codings_added, again.codings_skipped) == (0, 12)
    assert len(_rows(mine)[0]) == 13


def test_another_coders_change_to_a_later_part_of_a_project_merge_blocks_its_undo(
    mine: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit, "PART_ROWS", 4)
    monkeypatch.setattr(merging, "PART_ROWS", 4, raising=False)
    mine.merge(from_string(str(_bobs_project(tmp_path))))
    last = max(row[0] for row in _rows(mine)[0])  # written in the merge's last part
    as_coder(mine, "carol").coding.remove([last])
    with pytest.raises(UndoRefused, match=r"coding\.remove by carol"):
        mine.history.undo()
    assert len(_rows(mine)[0]) == 12
