"""Participants: their pseudonyms, and one by pseudonym."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from themework.store.models import Participant


def pseudonyms(s: Session) -> set[str]:
    """Every participant's pseudonym."""
    return set(s.scalars(select(Participant.pseudonym)))


def participant_id(s: Session, pseudonym: str) -> int | None:
    """The id of the participant with this pseudonym, if there is one."""
    return s.scalar(select(Participant.id).where(Participant.pseudonym == pseudonym))
