"""One ``coding apply`` in a bounded number of SQL statements (issue 15, team scale): four
coders applying codings one at a time spent their time in per-call overhead (two
transactions, the codebook read twice, the coder and transcript looked up twice)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event

from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench


@contextmanager
def _statements(wb: Workbench) -> Iterator[list[str]]:
    seen: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(wb.store.engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(wb.store.engine, "before_cursor_execute", before)


def test_one_apply_takes_a_bounded_number_of_statements(wb: Workbench, interview: Path) -> None:
    wb.transcripts.import_files([interview])
    for name in ("Turning up", "Honesty", "Consistency"):
        wb.codes.add(name)
    wb.coding.apply(CodingRequest("P01", "Honesty", Target(turn=2)))  # the coder exists
    for target in (Target(turn=2), Target(span=(10, 40))):
        with _statements(wb) as seen:
            made = wb.coding.apply(CodingRequest("P01", "Turning up", target))
        assert made.code_name == "Turning up" and made.transcript == "P01"
        codebook_reads = [s for s in seen if s.startswith("SELECT code.id, code.")
                          and "WHERE" not in s.split("FROM code", 1)[1]]  # fmt: skip
        assert len(codebook_reads) == 1, seen  # it read every code twice
        assert len([s for s in seen if s.startswith("BEGIN")]) <= 1, seen  # two transactions
        assert len(seen) <= 12, "\n".join(seen)  # 19 before, on SQLite
