"""A small coded project for the theme tests, and a dump of every row theme work may touch."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from support import INTERVIEW, write
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.models import Base, Coding

# Code name -> the text it codes in P01 (the interview in conftest).
CODINGS = {
    "Turning up": "turning up when I said I would",
    "Regularity": "Every week, same time.",
    "Honesty": "Then I am honest about it.",
    "Privacy": "I tell them what I can and cannot keep private.",
}


def coded_project(wb: Workbench, tmp_path: Path) -> dict[str, int]:
    """P01 imported, four codes each applied once by alice; returns code id -> coding id."""
    wb.transcripts.import_files([write(tmp_path / "in" / "P01.txt", INTERVIEW)])
    ids: dict[str, int] = {}
    for name, text in CODINGS.items():
        code = wb.codes.add(name)
        ids[code.id] = wb.coding.apply(CodingRequest("P01", code.id, Target(match=text))).id
    return ids


FOCUS_GROUP = """Facilitator: What builds trust?
FG1: Turning up every week builds trust, week in and week out.
FG2: Being honest about what you have to share, and when.
FG1: And keeping it private when you can.
Facilitator: Anything else?
FG3: Food helps. Honestly, food.
"""

PEOPLE = "participant,site,role\nP01,Site A,Social worker\nFG1,Site B,Youth worker\n" \
         "FG2,Site B,Police\nFG3,Site A,Nurse\n"


def focus_group_study(wb: Workbench, tmp_path: Path) -> Workbench:
    """P01 (the interview) and a focus group, with sites and roles; five codes."""
    files = [
        write(tmp_path / "in" / "P01.txt", INTERVIEW),
        write(tmp_path / "in" / "FG.txt", FOCUS_GROUP),
    ]
    wb.transcripts.import_files(files, attributes=write(tmp_path / "people.csv", PEOPLE))
    for name in ("Reliability", "Regularity", "Honesty", "Privacy", "Food"):
        wb.codes.add(name)
    return wb


def span(
    wb: Workbench, transcript: str, text: str, start: int = 0, length: int | None = None
) -> Target:
    """A span inside TEXT (which occurs once in the transcript)."""
    whole = wb.transcripts.text(transcript).text
    at = whole.index(text) + start
    return Target(span=(at, at + (len(text) - start if length is None else length)))


def code(wb: Workbench, transcript: str, code: str, target: Target) -> int:
    return wb.coding.apply(CodingRequest(transcript, code, target)).id


def codings(wb: Workbench) -> list[tuple[int, int, int, int]]:
    """Every coding as (id, code, start, end): theme work must never change one."""
    with wb.store.read() as s:
        return sorted(
            (c.id, c.code_id, c.start, c.end) for c in s.scalars(select(Coding))
        )


def coding_count(wb: Workbench) -> int:
    with wb.store.read() as s:
        return int(s.scalar(select(func.count()).select_from(Coding)) or 0)


TABLES = ("theme", "theme_code", "exemplar", "matrix_note", "coding", "code")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):  # SQLite hands times back without a zone
        return value.replace(tzinfo=None).isoformat()
    return value


def state(wb: Workbench) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables theme work touches, in a stable order."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with wb.store.read() as s:
        for name in TABLES:
            t = Base.metadata.tables[name]
            rows = [
                tuple((k, _plain(v)) for k, v in r._mapping.items())
                for r in s.execute(t.select())
            ]
            out[name] = sorted(rows, key=repr)
    return out
