"""Coders and their work on transcripts: names and ids, the status each gave a transcript,
and the spans each coded, for agreement and reconciliation."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from themework.store.bulk import insert_ignoring_duplicates
from themework.store.models import Assignment, Coder, Coding, Transcript


def coder_named(s: Session, name: str) -> int | None:
    """The id of the coder with this name, or None."""
    return s.scalar(select(Coder.id).where(Coder.name == name))


def coder_made(s: Session, name: str, created_at: datetime) -> int:
    """The id of the coder with this name, the row made if there is none. Two processes may
    meet a new name at once (on PostgreSQL): the second waits for the first and takes its
    row instead of failing on the unique name."""
    insert_ignoring_duplicates(s, Coder, {"name": name, "created_at": created_at}, "name")
    return s.scalars(select(Coder.id).where(Coder.name == name)).one()


def coder_names(s: Session) -> list[str]:
    """Every coder's name, sorted."""
    return sorted(s.scalars(select(Coder.name)))


class Status(NamedTuple):
    transcript_id: str
    transcript: str
    coder: str
    status: str


def statuses(s: Session) -> list[Status]:
    """How far each coder has got with each transcript assigned or marked."""
    q = (
        select(Transcript.id, Transcript.name, Coder.name, Assignment.status)
        .join(Assignment, Assignment.transcript_id == Transcript.id)
        .join(Coder, Coder.id == Assignment.coder_id)
    )
    return [Status(*row) for row in s.execute(q)]


class CodedSpan(NamedTuple):
    transcript_id: str
    code_id: int
    coder: str
    start: int
    end: int


def coded_spans(
    s: Session, coders: Collection[str], transcript_ids: Collection[str] | None = None
) -> list[CodedSpan]:
    """The spans these coders coded (in these transcripts), with the code and the coder."""
    q = (
        select(Coding.transcript_id, Coding.code_id, Coder.name, Coding.start, Coding.end)
        .join(Coder, Coder.id == Coding.coder_id)
        .where(Coder.name.in_(list(coders)))
    )
    if transcript_ids is not None:
        q = q.where(Coding.transcript_id.in_(list(transcript_ids)))
    return [CodedSpan(*row) for row in s.execute(q)]


def coders_by_id(s: Session) -> dict[int, str]:
    """Every coder's name, by id."""
    return {cid: name for cid, name in s.execute(select(Coder.id, Coder.name))}
