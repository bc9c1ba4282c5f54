"""The hot read queries reach their rows through an index on both backends, not by reading
every coding or turn: at 500,000 codings a scan is what turns a second into a minute.

PostgreSQL's planner prefers a scan of a table this small, so there the test asks whether an
index can serve the query at all (sequential scans off); SQLite's plan is taken as it is.
bench/run.py --scale 10 prints the same plans on the large project.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Select, text

from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.models import Coding
from themework.store.repos.codes import CodeIndex
from themework.store.repos.extract_rows import extract_query


def plan(wb: Workbench, q: Select[*tuple[object, ...]]) -> str:
    with wb.store.read() as s:
        dialect = s.get_bind().dialect
        sql = str(q.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
        if dialect.name == "postgresql":
            s.execute(text("SET LOCAL enable_seqscan = off"))
            return "\n".join(r[0] for r in s.execute(text("EXPLAIN " + sql)))
        return "\n".join(r[3] for r in s.execute(text("EXPLAIN QUERY PLAN " + sql)))


def test_extracts_of_one_code_read_that_code_s_codings_by_index(
    wb: Workbench, interview: Path
) -> None:
    wb.transcripts.import_files([interview])
    wb.codes.add("Turning up")
    wb.codes.add("Honesty")
    wb.coding.apply_many([CodingRequest("P01", c, Target(turn=t))
                          for c in ("Turning up", "Honesty") for t in (2, 4)])
    with wb.store.read() as s:
        code_id = CodeIndex(s).get("honesty").id
    shown = plan(wb, extract_query().where(Coding.code_id.in_([code_id])))
    assert "ix_coding_code_id" in shown, shown
    assert "SCAN coding" not in shown and "Seq Scan on coding" not in shown, shown
    # The turn each coding starts in: found through the turns of its transcript.
    assert "SCAN turn" not in shown and "Seq Scan on turn" not in shown, shown
