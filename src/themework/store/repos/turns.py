"""Turns and their speakers: a transcript's turns, the turn holding an offset, the
per-transcript tables that place many codings in turns at once, and the utterance spans of
participants (linked or by role) or of everyone.

"Which turn holds offset X" has three homes only: ``domain.spans.turn_at`` over an in-memory
table of label starts, ``turn_at_offset`` here, which asks the database, and
``analysis.columns``, which answers it for every coding at once (numpy, the same rule).
"""

from __future__ import annotations

import operator
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Literal, NamedTuple

from sqlalchemy import (
    ColumnElement,
    ScalarSelect,
    SQLColumnExpression,
    String,
    cast,
    func,
    select,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

from themework.domain.spans import span_in_words
from themework.store.models import Base, Participant, Speaker, Turn


@dataclass(frozen=True, slots=True)
class TurnRow:
    id: int
    index: int  # from 1
    speaker_id: int
    label_start: int
    label_end: int
    start: int
    end: int
    start_s: float | None
    end_s: float | None


class SpeakerTurn(NamedTuple):
    """A turn with who speaks it."""

    turn: TurnRow
    label: str
    role: str
    pseudonym: str | None


_TURN_COLUMNS = (
    Turn.id,
    Turn.index,
    Turn.speaker_id,
    Turn.label_start,
    Turn.label_end,
    Turn.start,
    Turn.end,
    Turn.start_s,
    Turn.end_s,
)


def turns_of(s: Session, transcript_id: str) -> list[TurnRow]:
    """A transcript's turns in order."""
    q = select(*_TURN_COLUMNS).where(Turn.transcript_id == transcript_id).order_by(Turn.index)
    return [TurnRow(*row) for row in s.execute(q)]


def turn_span(s: Session, transcript_id: str, index: int) -> tuple[int, int] | None:
    """The utterance of a transcript's turn numbered ``index`` (from 1): its start and end
    offsets, or None when there is no such turn."""
    q = select(Turn.start, Turn.end).where(Turn.transcript_id == transcript_id,
                                           Turn.index == index)
    row = s.execute(q).first()
    return None if row is None else (row[0], row[1])


def turn_count(s: Session, transcript_id: str) -> int:
    """How many turns a transcript has."""
    q = select(func.count()).select_from(Turn).where(Turn.transcript_id == transcript_id)
    return int(s.scalar(q) or 0)


def has_turn(s: Session, transcript_id: str, index: int) -> bool:
    """Whether a transcript has a turn numbered ``index`` (from 1)."""
    return turn_span(s, transcript_id, index) is not None


def speaker_turns(s: Session, transcript_id: str) -> list[SpeakerTurn]:
    """A transcript's turns in order, each with its speaker's label and role and the
    participant speaking it (None for an interviewer or facilitator)."""
    q = (
        select(*_TURN_COLUMNS, Speaker.label, Speaker.role, Participant.pseudonym)
        .join(Speaker, Speaker.id == Turn.speaker_id)
        .outerjoin(Participant, Participant.id == Speaker.participant_id)
        .where(Turn.transcript_id == transcript_id)
        .order_by(Turn.index)
    )
    return [
        SpeakerTurn(TurnRow(*row), label, role, pseudonym)
        for *row, label, role, pseudonym in s.execute(q).all()
    ]


def turn_at_offset(
    transcript_id: SQLColumnExpression[str] | str,
    offset: SQLColumnExpression[int] | int,
    correlate: type[Base] | None = None,
) -> ScalarSelect[int]:
    """The id of the turn holding ``offset`` (the last turn whose label starts at or before
    it; NULL in the preamble), as a scalar subquery. Given columns of ``correlate`` for
    arguments it is evaluated per row of the enclosing query, so one query places every
    coding it reads. Correlation is only ever with ``correlate``: the enclosing query often
    joins ``turn`` too, and that must not leak in. Ordered by label start, not by index
    (the same turn: turns run in label order), it is one seek in ``ix_turn_place``; by
    index the database walked back from the last turn row by row, twice the query's CPU
    for the Review screen's 6,765 extracts on a 1,000-transcript project."""
    return (
        select(Turn.id)
        .where(Turn.transcript_id == transcript_id, Turn.label_start <= offset)
        .order_by(Turn.label_start.desc())
        .limit(1)
        .correlate(correlate)
        .scalar_subquery()
    )


def turns_named(s: Session, transcript_id: str, start: int, end: int) -> str:
    """Where a span is, in words for the log: its turn or turns ("turn 4", "turns 4 to 6"),
    or its offsets when it lies before the first turn."""
    found = s.scalars(
        select(Turn.index)
        .where(Turn.transcript_id == transcript_id, Turn.label_start < end, Turn.end > start)
        .order_by(Turn.index)
    ).all()
    return span_in_words(found, start, end)


TurnTable = tuple[list[int], list[tuple[int, str, str | None]]]


def turn_tables(s: Session, transcript_ids: set[str]) -> dict[str, TurnTable]:
    """Per transcript: turn label starts (sorted) and (number, speaker, participant)."""
    out: dict[str, TurnTable] = {}
    if not transcript_ids:
        return out
    who = _speakers(s, Speaker.transcript_id.in_(transcript_ids))
    label = {i: w[0] for i, w in who.items()}
    pseudonym = {i: w[1] for i, w in who.items()}
    folded = _folded(s, Turn.label_start, Turn.index, Turn.speaker_id,
                     where=Turn.transcript_id.in_(transcript_ids))
    for tid, (starts, numbers, speakers) in folded:
        out[tid] = (starts, list(zip(numbers, map(label.__getitem__, speakers),
                                     map(pseudonym.__getitem__, speakers), strict=True)))
    return out


SpeakerTable = tuple[list[int], list[str | None]]


def speaker_tables(s: Session) -> dict[str, SpeakerTable]:
    """Per transcript: turn label starts (sorted) and the participant speaking each turn
    (None for an interviewer or facilitator)."""
    pseudonym = {i: w[1] for i, w in _speakers(s).items()}
    return {tid: (starts, [pseudonym[w] for w in speakers])
            for tid, (starts, speakers) in _folded(s, Turn.label_start, Turn.speaker_id)}


def _speakers(
    s: Session, where: ColumnElement[bool] | None = None
) -> dict[int, tuple[str, str | None]]:
    """Speakers' labels and the participants speaking (None for an interviewer), by id."""
    q = select(Speaker.id, Speaker.label, Participant.pseudonym).outerjoin(
        Participant, Participant.id == Speaker.participant_id
    )
    if where is not None:
        q = q.where(where)
    return {i: (label, p) for i, label, p in s.connection().execute(q)}


def folded(dialect: str, column: InstrumentedAttribute[int]) -> ColumnElement[str]:
    """An integer column's values in a group, as one comma-separated text."""
    if dialect == "postgresql":
        return func.string_agg(cast(column, String), ",")
    return func.group_concat(column, ",")


def _folded(
    s: Session, *columns: InstrumentedAttribute[int], where: ColumnElement[bool] | None = None
) -> Iterator[tuple[str, list[list[int]]]]:
    """Per transcript, these integer columns of its turns in the order of the first.

    One row per transcript, each column folded into a comma-separated list by the database:
    60,000 turn rows cost four times as much to fetch one by one (and 600,000, an export's,
    a fifth of its time).
    """
    conn = s.connection()
    lists = [folded(conn.dialect.name, c) for c in columns]
    # Turns alone (their index walks them by transcript); who each speaker is comes apart.
    q = select(Turn.transcript_id, *lists).group_by(Turn.transcript_id)
    if where is not None:
        q = q.where(where)
    for tid, *texts in conn.execute(q):
        cols = [list(map(int, t.split(","))) for t in texts]
        first = cols[0]
        # The lists come from the same rows in the same order, but neither database
        # promises that order inside an aggregate without ORDER BY: check, sort if need be.
        if not all(map(operator.lt, first, first[1:])):
            cols = [list(c) for c in zip(*sorted(zip(*cols, strict=True)), strict=True)]
        yield tid, cols


# Whose utterances ``utterance_spans`` reads: the speakers linked to a participant; those
# in the participant role (a withdrawn participant's speaker stays in it, unlinked); all.
Speaking = Literal["participants", "participant role", "everyone"]


def utterance_spans(
    s: Session, transcript_ids: Collection[str] | None = None, speaking: Speaking = "participants"
) -> list[tuple[str, int, int]]:
    """(transcript id, start, end) of the utterances in these transcripts (in every one,
    without ``transcript_ids``) of the speakers ``speaking`` names."""
    q = select(Turn.transcript_id, Turn.start, Turn.end)
    if transcript_ids is not None:
        q = q.where(Turn.transcript_id.in_(list(transcript_ids)))
    if speaking == "participants":
        q = q.join(Speaker, Speaker.id == Turn.speaker_id).where(
            Speaker.participant_id.is_not(None)
        )
    elif speaking == "participant role":
        q = q.join(Speaker, Speaker.id == Turn.speaker_id).where(Speaker.role == "participant")
    return [(tid, start, end) for tid, start, end in s.execute(q)]
