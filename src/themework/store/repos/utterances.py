"""Utterances for counting words: many transcripts' texts and who speaks each turn, read a
batch of transcripts at a time (one query each, not one per transcript)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from themework.store.models import Participant, Speaker, Transcript, Turn

# transcript id, start, end, speaker role, the speaker's participant pseudonym (if any)
Utterance = tuple[str, int, int, str, str | None]


def texts_of(s: Session, transcript_ids: list[str]) -> dict[str, str]:
    """The stored text of each transcript named."""
    q = select(Transcript.id, Transcript.text).where(Transcript.id.in_(transcript_ids))
    return {tid: text for tid, text in s.connection().execute(q)}


def utterances_of(s: Session, transcript_ids: list[str]) -> Sequence[Utterance]:
    """Every turn's utterance span in the transcripts named, with its speaker's role and
    participant."""
    q = (
        select(Turn.transcript_id, Turn.start, Turn.end, Speaker.role, Participant.pseudonym)
        .join(Speaker, Speaker.id == Turn.speaker_id)
        .outerjoin(Participant, Participant.id == Speaker.participant_id)
        .where(Turn.transcript_id.in_(transcript_ids))
    )
    # Core rows straight from the connection: a large project has a million turns, and the
    # session's ORM result handling would double the time spent reading them.
    return s.connection().execute(q).all()
