"""The project's own row (one per database)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from themework.store.models import Project


def project_entity(s: Session) -> Project | None:
    """The project's row, mapped, for a write that changes its settings (None only in a
    database still being set up)."""
    return s.scalar(select(Project))


def default_coder(s: Session) -> str | None:
    """The coder the project names for changes when no one else is named, if any."""
    return s.scalar(select(Project.default_coder))
