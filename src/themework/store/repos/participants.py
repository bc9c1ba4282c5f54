"""Participants: by pseudonym, with the transcripts they speak in."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from themework.store.models import Participant, Transcript, TranscriptParticipant


def pseudonyms(s: Session) -> set[str]:
    """Every participant's pseudonym."""
    return set(s.scalars(select(Participant.pseudonym)))


def participant_id(s: Session, pseudonym: str) -> int | None:
    """The id of the participant with this pseudonym, if there is one."""
    return s.scalar(select(Participant.id).where(Participant.pseudonym == pseudonym))


def participant_named(s: Session, pseudonym: str) -> Participant | None:
    """The mapped participant with this pseudonym, for a change to it; None if none."""
    return s.scalar(select(Participant).where(Participant.pseudonym == pseudonym))


def participants_by_pseudonym(
    s: Session, names: Collection[str] | None = None
) -> dict[str, Participant]:
    """The mapped participants with these pseudonyms (those that exist; every participant
    without ``names``), by pseudonym, for reading whole or changing."""
    q = select(Participant)
    if names is not None:
        q = q.where(Participant.pseudonym.in_(list(names)))
    return {p.pseudonym: p for p in s.scalars(q)}


def transcript_links(s: Session) -> set[tuple[str, int]]:
    """Every (transcript id, participant id) pair: who speaks in, or is a case of, what."""
    q = select(TranscriptParticipant.transcript_id, TranscriptParticipant.participant_id)
    return {(tid, pid) for tid, pid in s.execute(q)}


def participants_with_transcripts(s: Session) -> list[tuple[Participant, list[str]]]:
    """Every participant with the names of the transcripts they speak in (unsorted)."""
    links: dict[int, list[str]] = {}
    q = select(TranscriptParticipant.participant_id, Transcript.name).join(
        Transcript, Transcript.id == TranscriptParticipant.transcript_id
    )
    for pid, name in s.execute(q):
        links.setdefault(pid, []).append(name)
    return [(p, links.get(p.id, [])) for p in s.scalars(select(Participant))]


def attribute_names(s: Session) -> set[str]:
    """Every attribute name any participant has (only the attributes column is read)."""
    return {name for attrs in s.scalars(select(Participant.attributes)) for name in attrs}


def participant_ids(s: Session, names: Collection[str]) -> dict[str, int]:
    """The ids of the participants with these pseudonyms (those that exist), by pseudonym."""
    q = select(Participant.pseudonym, Participant.id).where(
        Participant.pseudonym.in_(list(names))
    )
    return {name: pid for name, pid in s.execute(q)}


class Consent(NamedTuple):
    pseudonym: str
    attributes: dict[str, Any]
    quote_consent: bool


def consents(s: Session) -> list[Consent]:
    """Every participant's attributes and whether they consented to be quoted."""
    q = select(Participant.pseudonym, Participant.attributes, Participant.quote_consent)
    return [Consent(p, dict(a), c) for p, a, c in s.execute(q)]
