"""Transcripts by name or id (mapped, for changing them; renamed), their names, texts and
text hashes; codings per transcript and coder."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from themework.domain.errors import NotFound
from themework.store.models import (
    Coder,
    Coding,
    Participant,
    Transcript,
    TranscriptParticipant,
    Turn,
)


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


def rename_transcript(s: Session, transcript_id: str, name: str) -> None:
    s.execute(update(Transcript).where(Transcript.id == transcript_id).values(name=name))


def transcript_entity(s: Session, ref: str) -> Transcript:
    """The mapped transcript named ``ref`` (an id works too), for a write that changes it."""
    t = s.get(Transcript, transcript_id(s, ref))
    assert t is not None  # found just above, in the same transaction
    return t


def coding_progress(s: Session, coder: str | None = None) -> dict[tuple[str, str], int]:
    """How many codings each coder made in each transcript, keyed (transcript name, coder);
    pairs without any are left out. With ``coder``, that coder's only. One grouped query:
    counting here, not by loading every coding."""
    # Grouped by ids, named after: joining the names onto 500,000 codings to group by them
    # took twice the CPU (0.4 s against 0.2 s at scale 10, SQLite).
    coders = {cid: name for cid, name in s.execute(select(Coder.id, Coder.name))}
    q = (
        select(Coding.transcript_id, Coding.coder_id, func.count())
        .group_by(Coding.transcript_id, Coding.coder_id)
    )
    if coder is not None:
        q = q.where(Coding.coder_id.in_([i for i, name in coders.items() if name == coder]))
    names = transcript_names(s)
    return {(names[tid], coders[cid]): n for tid, cid, n in s.execute(q)}


def transcript_names(s: Session) -> dict[str, str]:
    """Every transcript's name, by id."""
    return {tid: name for tid, name in s.execute(select(Transcript.id, Transcript.name))}


def transcript_count(s: Session) -> int:
    """How many transcripts (the denominator of prevalence)."""
    return s.scalar(select(func.count()).select_from(Transcript)) or 0


class TextHash(NamedTuple):
    id: str
    name: str
    text_hash: str


def text_hashes(
    s: Session, *, names: Iterable[str] | None = None, hashes: Iterable[str] | None = None
) -> list[TextHash]:
    """Every transcript's id and name, with the hash of its text; only those with these
    ``names``, or with these text ``hashes``, when given."""
    q = select(Transcript.id, Transcript.name, Transcript.text_hash)
    if names is not None:
        q = q.where(Transcript.name.in_(list(names)))
    if hashes is not None:
        q = q.where(Transcript.text_hash.in_(list(hashes)))
    return [TextHash(*row) for row in s.execute(q)]


def entities_named(s: Session, names: Iterable[str]) -> dict[str, Transcript]:
    """The mapped transcripts with these names (names of none left out), by name, for a
    write that changes them."""
    q = select(Transcript).where(Transcript.name.in_(list(names)))
    return {t.name: t for t in s.scalars(q)}


class DatedText(NamedTuple):
    id: str
    name: str
    text: str
    imported_at: datetime


def dated_texts(s: Session) -> list[DatedText]:
    """Every transcript's id, name and text, with when it was imported."""
    q = select(Transcript.id, Transcript.name, Transcript.text, Transcript.imported_at)
    return [DatedText(*row) for row in s.execute(q)]


def all_texts(s: Session, transcript_id: str | None = None) -> list[tuple[str, str]]:
    """Every transcript's id and text (or only the one with ``transcript_id``)."""
    q = select(Transcript.id, Transcript.text)
    if transcript_id is not None:
        q = q.where(Transcript.id == transcript_id)
    return [(tid, text) for tid, text in s.execute(q)]


class TranscriptText(NamedTuple):
    id: str
    name: str
    text: str


def texts_of(s: Session, transcript_ids: Iterable[str]) -> dict[str, str]:
    """These transcripts' texts, by id."""
    q = select(Transcript.id, Transcript.text).where(Transcript.id.in_(list(transcript_ids)))
    return {tid: text for tid, text in s.execute(q)}


def texts_named(s: Session, names: Iterable[str]) -> list[TranscriptText]:
    """The transcripts with these names (names of none are left out), with their text: one
    query for many, where bulk coding looked each up alone."""
    q = select(Transcript.id, Transcript.name, Transcript.text).where(
        Transcript.name.in_(list(names))
    )
    return [TranscriptText(*row) for row in s.execute(q)]


def named(s: Session, name: str) -> str | None:
    """The id of the transcript named exactly ``name``, or None."""
    return s.scalar(select(Transcript.id).where(Transcript.name == name))


class Listed(NamedTuple):
    """A transcript as ``transcripts`` lists it."""

    id: str
    name: str
    source_format: str
    imported_at: datetime
    words: int
    turns: int
    codings: int
    people: list[tuple[str, dict[str, str]]]  # (pseudonym, attributes), sorted


def listing(s: Session) -> list[Listed]:
    """Every transcript with its numbers of turns and codings and who speaks in it."""
    turns = _counts(s, Turn.transcript_id)
    codings = _counts(s, Coding.transcript_id)
    people: dict[str, list[tuple[str, dict[str, str]]]] = {}
    for tid, pseudonym, attrs in s.execute(
        select(TranscriptParticipant.transcript_id, Participant.pseudonym, Participant.attributes)
        .join(Participant, Participant.id == TranscriptParticipant.participant_id)
    ):
        people.setdefault(tid, []).append((pseudonym, attrs))
    q = select(Transcript.id, Transcript.name, Transcript.source_format, Transcript.imported_at,
               Transcript.words)  # fmt: skip
    return [
        Listed(tid, name, fmt, at, words, turns.get(tid, 0), codings.get(tid, 0),
               sorted(people.get(tid, [])))
        for tid, name, fmt, at, words in s.execute(q)
    ]


def _counts(s: Session, column: InstrumentedAttribute[str]) -> dict[str, int]:
    return {tid: n for tid, n in s.execute(select(column, func.count()).group_by(column))}
