"""Turns and their speakers: a transcript's turns, the turn holding an offset, and the
per-transcript tables that place many codings in turns at once.

"Which turn holds offset X" has two homes only: ``domain.spans.turn_at`` over an in-memory
table of label starts, and ``turn_at_offset`` here, which asks the database.
"""

from __future__ import annotations

import operator
from collections.abc import Collection
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import ScalarSelect, SQLColumnExpression, String, cast, func, select
from sqlalchemy.orm import Session

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
    joins ``turn`` too, and that must not leak in."""
    return (
        select(Turn.id)
        .where(Turn.transcript_id == transcript_id, Turn.label_start <= offset)
        .order_by(Turn.index.desc())
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
    q = (
        select(
            Turn.transcript_id, Turn.label_start, Turn.index, Speaker.label, Participant.pseudonym
        )
        .join(Speaker, Speaker.id == Turn.speaker_id)
        .outerjoin(Participant, Participant.id == Speaker.participant_id)
        .where(Turn.transcript_id.in_(transcript_ids))
        # Turns are numbered in text order, and (transcript, number) has an index to walk.
        .order_by(Turn.transcript_id, Turn.index)
    )
    for tid, start, number, label, pseudonym in s.connection().execute(q).all():
        starts, info = out.setdefault(tid, ([], []))
        starts.append(start)
        info.append((number, label, pseudonym))
    return out


SpeakerTable = tuple[list[int], list[str | None]]


def speaker_tables(s: Session) -> dict[str, SpeakerTable]:
    """Per transcript: turn label starts (sorted) and the participant speaking each turn
    (None for an interviewer or facilitator).

    One row per transcript, the turns folded into two comma-separated lists by the database:
    analysis needs only who speaks where, and 60,000 turn rows cost four times as much to
    fetch one by one.
    """
    conn = s.connection()
    if conn.dialect.name == "postgresql":
        starts = func.string_agg(cast(Turn.label_start, String), ",")
        speakers = func.string_agg(cast(Turn.speaker_id, String), ",")
    else:
        starts = func.group_concat(Turn.label_start, ",")
        speakers = func.group_concat(Turn.speaker_id, ",")
    # Turns alone (their index walks them by transcript); who each speaker is comes apart.
    q = select(Turn.transcript_id, starts, speakers).group_by(Turn.transcript_id)
    names: dict[int, str | None] = {
        i: p
        for i, p in conn.execute(
            select(Speaker.id, Participant.pseudonym).outerjoin(
                Participant, Participant.id == Speaker.participant_id
            )
        )
    }
    out: dict[str, SpeakerTable] = {}
    for tid, at, who in conn.execute(q):
        starts_of = list(map(int, at.split(",")))
        people_of = [names[int(w)] for w in who.split(",")]
        # Both lists come from the same rows in the same order, but neither database
        # promises that order inside an aggregate without ORDER BY: check, sort if need be.
        if not all(map(operator.lt, starts_of, starts_of[1:])):
            pairs = sorted(zip(starts_of, people_of, strict=True), key=operator.itemgetter(0))
            starts_of, people_of = [a for a, _ in pairs], [p for _, p in pairs]
        out[tid] = (starts_of, people_of)
    return out


def utterance_spans(
    s: Session, transcript_ids: Collection[str], participants_only: bool = True
) -> list[tuple[str, int, int]]:
    """(transcript id, start, end) of the utterances in these transcripts: the participants'
    only, or with ``participants_only`` false every speaker's (interviewers' too)."""
    q = select(Turn.transcript_id, Turn.start, Turn.end).where(
        Turn.transcript_id.in_(list(transcript_ids))
    )
    if participants_only:
        q = q.join(Speaker, Speaker.id == Turn.speaker_id).where(
            Speaker.participant_id.is_not(None)
        )
    return [(tid, start, end) for tid, start, end in s.execute(q)]
