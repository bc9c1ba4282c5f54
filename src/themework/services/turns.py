"""Turn lookups shared by services that place codings in turns."""

from __future__ import annotations

import operator

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session

from themework.store.models import Participant, Speaker, Turn

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
