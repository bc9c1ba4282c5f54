"""The demo project's report for each approach, byte for byte, on SQLite and PostgreSQL.

Rewrite the golden files after a deliberate change with::

    THEMEWORK_UPDATE_GOLDEN=1 THEMEWORK_TEST_BACKENDS=sqlite pytest tests/report/test_golden.py

then run again on both backends (without the variable): they must give the same bytes.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update

from support import SAMPLES
from themework.demo.build import build_demo
from themework.export.markdown import render
from themework.services.workbench import APPROACHES, Workbench
from themework.store.location import Location
from themework.store.models import AuditEvent, Project

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("THEMEWORK_UPDATE_GOLDEN") == "1"
DAY = date(2024, 5, 1)
WHEN = datetime(2024, 4, 30, 9, 30, tzinfo=UTC)


@pytest.fixture
def demo(
    location: Location, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Workbench]:
    if location.path is not None:  # SQLite: a copy of the session's demo is the same file
        shutil.copy(request.getfixturevalue("demo_file"), location.path)
    else:
        build_demo(tmp_path / "demo.themework", location=location)
    wb = Workbench.open(location, coder="alice")
    try:
        yield wb
    finally:
        wb.close()


def pin_the_clock(wb: Workbench) -> None:
    """The demo is the same every time but for when it was built: the audit log's times and
    the dates of the phases recorded, which the methods appendix reports."""
    with wb.store.write() as s:
        s.execute(update(AuditEvent).values(at=WHEN))
        project = s.scalars(select(Project)).one()
        project.phase_log = [{**e, "date": WHEN.date().isoformat()} for e in project.phase_log]


def test_demo_report_matches_the_golden_file_for_each_approach(
    demo: Workbench, backend: str
) -> None:
    problems = []
    for approach in ("codebook", *(a for a in APPROACHES if a != "codebook")):
        if approach != "codebook":  # the demo is built as a codebook project
            demo.projects.update(approach=approach)
        pin_the_clock(demo)
        text = render(demo.report.build(on_date=DAY))
        assert render(demo.report.build(on_date=DAY)) == text
        golden = GOLDEN / f"report-{approach}.md"
        if UPDATE and (backend == "sqlite" or not golden.exists()):
            golden.write_bytes(text.encode("utf-8"))
            continue
        want = golden.read_bytes().decode("utf-8") if golden.exists() else ""
        if text != want:
            diff = "\n".join(
                list(difflib.unified_diff(
                    want.splitlines(), text.splitlines(), str(golden), f"{approach} on {backend}",
                    lineterm="", n=1,
                ))[:40]
            )
            problems.append(diff)
    assert not problems, (
        "the demo report differs from the golden file (THEMEWORK_UPDATE_GOLDEN=1 rewrites "
        "it after a deliberate change):\n" + "\n\n".join(problems)
    )


def test_the_approaches_differ_where_they_should() -> None:
    """The golden files themselves: what each approach shows and leaves out."""
    files = {a: (GOLDEN / f"report-{a}.md").read_text(encoding="utf-8") for a in APPROACHES}
    assert "## Framework matrix" in files["codebook"]
    assert "## Framework matrix" not in files["reflexive"]
    assert "## Framework matrix" not in files["coding-reliability"]
    assert "#### Prevalence" not in files["reflexive"]
    assert "#### Prevalence" in files["coding-reliability"] and "(79%)" in files["codebook"]
    # P04 did not consent to quotation: nothing they said is in any report.
    said = (SAMPLES / "P04.txt").read_text(encoding="utf-8")
    sentences = [
        s.strip() for line in said.splitlines() if line.startswith("P04:")
        for s in re.split(r"(?<=[.!?])\s", line[4:]) if len(s.strip()) > 25
    ]
    assert len(sentences) > 20
    for text in files.values():
        assert "Date:** 2024-05-01" in text
        assert not [s for s in sentences if s in text]
