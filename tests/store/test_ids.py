"""Row ids are never reused, so audit events always name the row they changed."""

from __future__ import annotations

from pathlib import Path

from support import INTERVIEW, write
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench


def test_a_deleted_codings_id_is_not_given_to_the_next(wb: Workbench, tmp_path: Path) -> None:
    wb.transcripts.import_files([write(tmp_path / "P01.txt", INTERVIEW)])
    wb.codes.add("Reliability")
    first = wb.coding.apply(CodingRequest("P01", "Reliability", Target(turn=2)))
    wb.coding.remove([first.id])
    second = wb.coding.apply(CodingRequest("P01", "Reliability", Target(turn=4)))
    assert second.id > first.id
    log = wb.history.log()
    assert [e.action for e in log][-3:] == ["coding.apply", "coding.remove", "coding.apply"]
