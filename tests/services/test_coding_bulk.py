"""Bulk coding from a CSV: what its audit record keeps, and how the CSV is read."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from support import write
from themework.domain.errors import InputError
from themework.services.workbench import Workbench
from themework.store.models import AuditEvent, Coding


@pytest.fixture
def ready(wb: Workbench, interview: Path) -> Workbench:
    wb.transcripts.import_files([interview])
    wb.codes.add("Turning up")
    wb.codes.add("Honesty")
    return wb


def stored(wb: Workbench) -> list[tuple[int, int, int, str, str, str]]:
    with wb.store.read() as s:
        rows = s.execute(select(Coding.id, Coding.start, Coding.end, Coding.quote,
                                Coding.context_before, Coding.context_after).order_by(Coding.id))
        return [tuple(r) for r in rows]


def test_the_record_of_a_bulk_apply_leaves_out_the_text_and_redo_puts_it_back(
    ready: Workbench, tmp_path: Path
) -> None:
    csv = write(tmp_path / "bulk.csv", "transcript,code,start,end\n"
                "P01,Turning up,60,90\nP01,Honesty,100,150\nP01,Honesty,0,20\n")
    ready.coding.apply_csv(csv)
    before = stored(ready)
    assert [r[3] for r in before] and all(r[3] for r in before)
    with ready.store.read() as s:
        payload = str(s.scalars(select(AuditEvent.after)
                                .where(AuditEvent.action == "coding.apply")).all())
    # The audit log holds no transcript text for a coding (nor needs to: it is derived).
    assert all(quote not in payload for *_, quote, _b, _a in before)
    assert "quote" not in payload and "context_before" not in payload
    ready.history.undo()
    assert stored(ready) == []
    ready.history.redo()
    assert stored(ready) == before
    ready.history.undo()
    assert stored(ready) == []


def test_a_removed_coding_comes_back_with_its_quote(ready: Workbench, tmp_path: Path) -> None:
    csv = write(tmp_path / "bulk.csv", "transcript,code,start,end\nP01,Honesty,100,150\n"
                "P01,Honesty,10,30\n")
    ids = ready.coding.apply_csv(csv)
    before = stored(ready)
    ready.coding.remove(ids[:1])
    ready.history.undo()
    assert stored(ready) == before


def test_the_csv_keeps_line_breaks_in_quoted_fields_and_skips_blank_lines(
    ready: Workbench, tmp_path: Path
) -> None:
    csv = write(tmp_path / "bulk.csv", 'Transcript , CODE,start,end,memo\n\n'
                'P01,Honesty,0,20,"two\nlines\u2028and a separator"\n'
                "P01,Honesty,30\n")
    with pytest.raises(InputError) as err:
        ready.coding.apply_csv(csv)
    assert err.value.line == 5 and "start and end" in str(err.value)
    assert ready.coding.extracts() == []
    fixed = write(tmp_path / "fixed.csv", csv.read_text(encoding="utf-8")
                  .replace("P01,Honesty,30\n", "P01,Turning up,30,40\n"))
    assert len(ready.coding.apply_csv(fixed)) == 2
    assert [m.text for m in ready.memos.list()] == ["two\nlines\u2028and a separator"]
