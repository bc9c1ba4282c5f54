"""The project's own row (one per database)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from themework.store.models import Project


def project_entity(s: Session) -> Project | None:
    """The project's row, mapped, for a write that changes its settings (None only in a
    database still being set up)."""
    return s.scalar(select(Project))
