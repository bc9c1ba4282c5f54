"""Coded extracts as plain rows: what ``extracts`` (filtered) and the streamed export read;
every coding's span, code and coder by ids, for a REFI-QDA export.

No ORM objects: an export reads hundreds of thousands of codings.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from itertools import groupby
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from themework.domain.ids import in_range
from themework.domain.spans import turn_at
from themework.store.models import Code, Coder, Coding, Participant, Speaker, Transcript, Turn
from themework.store.repos.turns import TurnTable, turn_at_offset, turn_tables


def extract_query(placed: bool = True) -> Select[*tuple[Any, ...]]:
    """Plain columns of every coding with its coder and transcript, then the turn, speaker
    and participant where it starts (no ORM objects: exports read hundreds of thousands).
    Not ``placed``: the transcript's id instead of those three, for ``placed_rows``."""
    base = (Coding.id, Coding.code_id, Coding.start, Coding.end, Coding.origin,
            Coding.created_at, Coding.flagged, Coding.quote, Coder.name, Transcript.name)
    if not placed:
        return (
            select(*base, Coding.transcript_id)
            .join(Coder, Coder.id == Coding.coder_id)
            .join(Transcript, Transcript.id == Coding.transcript_id)
        )
    # The turn a coding starts in, found by the database per coding (the last turn whose
    # label starts at or before it) rather than by loading every turn of every transcript.
    turn_id = turn_at_offset(Coding.transcript_id, Coding.start, correlate=Coding)
    return (
        select(*base, Turn.index, Speaker.label, Participant.pseudonym)
        .join(Coder, Coder.id == Coding.coder_id)
        .join(Transcript, Transcript.id == Coding.transcript_id)
        .outerjoin(Turn, Turn.id == turn_id)
        .outerjoin(Speaker, Speaker.id == Turn.speaker_id)
        .outerjoin(Participant, Participant.id == Speaker.participant_id)
    )


def extract_row(s: Session, coding_id: int) -> Sequence[Any]:
    """The row of ``extract_query()`` of one coding (which exists)."""
    return s.execute(extract_query().where(Coding.id == coding_id)).one()


def coded_extracts(
    s: Session, *, code_ids: Sequence[int] | None = None, coder: str | None = None,
    ids: Iterable[int] | None = None, transcript_id: str | None = None,
) -> Iterable[tuple[Any, ...]]:
    """The rows of ``extract_query()``: of these codes, this coder, these coding ids (ids
    past what the database stores name none), this transcript, those given. One transcript
    is placed by ``placed_rows``: its turns in one query, where the per-coding subquery
    walks a long transcript's turns for each."""
    where: list[ColumnElement[bool]] = []
    if code_ids is not None:
        where.append(Coding.code_id.in_(list(code_ids)))
    if coder is not None:
        where.append(Coder.name == coder)
    if ids is not None:
        # SQLite would raise OverflowError binding a number past its range.
        where.append(Coding.id.in_([i for i in ids if in_range(i)]))
    if transcript_id is not None:
        return placed_rows(s, [transcript_id], where)
    return s.execute(extract_query().where(*where))


def placed_rows(s: Session, transcript_ids: list[str],
                where: Sequence[ColumnElement[bool]] = ()) -> Iterator[tuple[Any, ...]]:
    """The rows of ``extract_query()`` for these transcripts (and ``where``), each coding
    placed in its turn by a search of the transcripts' turn tables: the same answer as the
    query's per-coding subquery, which took half the time of an export (and, walking the
    turns back from the last, 80 ms for 90 codings in a 5,000-turn transcript)."""
    tables = turn_tables(s, set(transcript_ids))
    q = extract_query(placed=False).where(Coding.transcript_id.in_(transcript_ids), *where)
    for row in s.execute(q):
        yield (*row[:-1], *_turn_at(tables, row[-1], row[2]))


EXPORT_COLUMNS = ("id", "transcript", "turn", "speaker", "participant", "start", "end", "code",
                  "code_name", "coder", "origin", "flagged", "text")


def export_rows(s: Session, transcript_ids: list[str]) -> dict[str, list[tuple[Any, ...]]]:
    """These transcripts' codings as tuples of ``EXPORT_COLUMNS`` by transcript id, each
    transcript's unsorted, placed in turns as ``placed_rows`` places them. Plain columns
    through Core, not the ORM (whose row handling was a tenth of an export's time), fetched
    whole (fetchone a row was a quarter) as the driver's tuples (SQLAlchemy's rows were a
    tenth more), and no creation time (SQLite's times are text that SQLAlchemy parses).
    Names by id from small tables rather than joined: one string object for every coding of
    a code, where the driver made one a row, each hashed again by the JSON writer's cache."""
    conn = s.connection()
    tables = turn_tables(s, set(transcript_ids))
    names = {i: name for i, name in conn.execute(
        select(Transcript.id, Transcript.name).where(Transcript.id.in_(transcript_ids)))}
    codes = {i: (key, name) for i, key, name in conn.execute(select(Code.id, Code.key, Code.name))}
    coders = {i: name for i, name in conn.execute(select(Coder.id, Coder.name))}
    result = conn.execute(export_query(transcript_ids))
    try:
        fetched = result.cursor.fetchall()
    finally:
        result.close()
    out: dict[str, list[tuple[Any, ...]]] = {}
    for tid, rows in groupby(fetched, itemgetter(0)):
        name = names[tid]
        starts, info = tables.get(tid, ([], []))
        placed = [_NOWHERE, *info]  # by the number of turns starting at or before a coding
        # The driver's flag is SQLite's 0 or 1, PostgreSQL's bool: a bool, as JSON and CSV
        # print it.
        out[tid] = [(i, name, *placed[bisect_right(starts, start)], start, end, *codes[code],
                     coders[coder], origin, bool(flagged), quote)
                    for _, i, start, end, code, coder, origin, flagged, quote in rows]
    return out


def export_query(transcript_ids: list[str]) -> Select[*tuple[Any, ...]]:
    """``export_rows``'s codings of these transcripts, by transcript."""
    return (
        select(Coding.transcript_id, Coding.id, Coding.start, Coding.end, Coding.code_id,
               Coding.coder_id, Coding.origin, Coding.flagged, Coding.quote)
        .where(Coding.transcript_id.in_(transcript_ids))
        .order_by(Coding.transcript_id)  # the order of SQLite's index: no sort
    )


_NOWHERE = (None, None, None)  # a coding in the preamble, before the first turn


def _turn_at(tables: dict[str, TurnTable], transcript_id: str,
             offset: int) -> tuple[int | None, str | None, str | None]:
    """The number, speaker and participant of the turn holding ``offset``."""
    starts, info = tables.get(transcript_id, ([], []))
    i = turn_at(starts, offset)
    return info[i] if i >= 0 else _NOWHERE


class CodingSource(NamedTuple):
    transcript_id: str
    start: int
    end: int
    quote: str
    transcript: str  # its name


def coding_source(s: Session, coding_id: int) -> CodingSource | None:
    """Where a coding sits and its text, with its transcript's name: a report's quote."""
    if not in_range(coding_id):
        return None
    row = s.execute(
        select(Coding.transcript_id, Coding.start, Coding.end, Coding.quote, Transcript.name)
        .join(Transcript, Transcript.id == Coding.transcript_id)
        .where(Coding.id == coding_id)
    ).first()
    return CodingSource(*row) if row is not None else None


class CodingRow(NamedTuple):
    id: int
    transcript_id: str
    code_id: int
    start: int
    end: int
    coder_id: int
    created_at: datetime


def coding_rows(s: Session) -> list[CodingRow]:
    """Every coding's span, code, coder and date, by ids (a REFI-QDA export's selections)."""
    q = select(Coding.id, Coding.transcript_id, Coding.code_id, Coding.start, Coding.end,
               Coding.coder_id, Coding.created_at)  # fmt: skip
    return [CodingRow(*row) for row in s.execute(q)]
