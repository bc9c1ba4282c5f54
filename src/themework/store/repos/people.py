"""Participants and coders by name."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from themework.store.models import Coder, Participant


def participant_id(s: Session, pseudonym: str) -> int | None:
    """The id of the participant with this pseudonym, if there is one."""
    return s.scalar(select(Participant.id).where(Participant.pseudonym == pseudonym))


def coder_id(s: Session, name: str) -> int | None:
    """The id of the coder with this name, if there is one."""
    return s.scalar(select(Coder.id).where(Coder.name == name))

