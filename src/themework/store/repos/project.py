"""The project row, its change counter and settings (and their writes), and the counts
``themework info`` shows."""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from themework.store.models import Code, Coding, Participant, Project, Theme, Transcript


def project_row(s: Session) -> Project | None:
    """The project's one row (None in a database that is not a project)."""
    return s.scalar(select(Project))


def change_counter(s: Session) -> int:
    return s.scalar(select(Project.change_counter)) or 0


def bump_change_counter(s: Session) -> None:
    """Count one more change (every audited write does: others poll the counter)."""
    s.execute(update(Project).values(change_counter=Project.change_counter + 1))


def default_coder(s: Session) -> str | None:
    return s.scalar(select(Project.default_coder))


def settings(s: Session) -> dict[str, Any]:
    """The project's settings (a copy: change it and store it back)."""
    return dict(s.scalar(select(Project.settings)) or {})


def store_settings(s: Session, settings: dict[str, Any]) -> None:
    """Replace the project's settings with ``settings``."""
    s.execute(update(Project).values(settings=settings))


class Counts(NamedTuple):
    transcripts: int
    participants: int
    codes: int  # active
    codings: int
    themes: int  # in play: not discarded (merged themes are discarded)


def counts(s: Session) -> Counts:
    def count(model: Any) -> int:
        return s.scalar(select(func.count()).select_from(model)) or 0

    return Counts(
        count(Transcript),
        count(Participant),
        s.scalar(select(func.count()).where(Code.status == "active")) or 0,
        count(Coding),
        s.scalar(select(func.count()).where(Theme.status != "discarded")) or 0,
    )
