"""Participants: their pseudonyms."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from themework.store.models import Participant


def pseudonyms(s: Session) -> set[str]:
    """Every participant's pseudonym."""
    return set(s.scalars(select(Participant.pseudonym)))
