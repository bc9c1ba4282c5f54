"""Transcripts by name or id."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from themework.domain.errors import NotFound
from themework.store.models import Transcript


class TranscriptRow(NamedTuple):
    id: str
    name: str
    source_format: str
    text_hash: str
    text: str


def transcript_id(s: Session, ref: str) -> str:
    """The id of the transcript named ``ref`` (an id works too); NotFound otherwise."""
    found = s.scalar(select(Transcript.id).where(Transcript.name == ref))
    if found is None:
        found = s.scalar(select(Transcript.id).where(Transcript.id == ref))
    if found is None:
        raise NotFound(f"no transcript named {ref!r} (see 'themework transcripts')")
    return found


def transcript_row(s: Session, ref: str) -> TranscriptRow:
    """The transcript named ``ref`` (an id works too), its text included."""
    tid = transcript_id(s, ref)
    row = s.execute(
        select(
            Transcript.id,
            Transcript.name,
            Transcript.source_format,
            Transcript.text_hash,
            Transcript.text,
        ).where(Transcript.id == tid)
    ).one()
    return TranscriptRow(*row)


def transcript_entity(s: Session, ref: str) -> Transcript:
    """The mapped transcript named ``ref`` (an id works too), for a write that changes it."""
    t = s.get(Transcript, transcript_id(s, ref))
    assert t is not None  # found just above, in the same transaction
    return t
