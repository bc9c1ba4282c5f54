"""Turn lookups shared by services that place codings in turns."""

from __future__ import annotations

from sqlalchemy import select
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
