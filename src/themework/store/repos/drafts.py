"""Unsaved editor drafts, one per coder and key (editor, target)."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.orm import Session

from themework.store.models import Draft, Theme


def draft_of(s: Session, coder_id: int | None, key: str) -> Draft | None:
    """The coder's draft under ``key`` (mapped, to replace its content), if any."""
    return s.scalar(select(Draft).where(Draft.coder_id == coder_id, Draft.key == key))


def theme_drafts(s: Session, coder_id: int | None, prefix: str) -> list[tuple[Draft, str, str]]:
    """The coder's drafts on themes whose key starts with ``prefix``, each with the theme's
    key and name, the newest first."""
    q = (
        select(Draft, Theme.key, Theme.name)
        .join(Theme, Draft.theme_id == Theme.id)
        .where(Draft.coder_id == coder_id, Draft.key.startswith(prefix))
        .order_by(Draft.saved_at.desc(), Draft.id.desc())
    )
    return [(d, key, name) for d, key, name in s.execute(q)]


def drop_draft(s: Session, coder_id: int | None, key: str) -> bool:
    """Delete the coder's draft under ``key``; whether there was one."""
    result = cast(CursorResult[Any], s.execute(
        delete(Draft).where(Draft.coder_id == coder_id, Draft.key == key)))  # fmt: skip
    return bool(result.rowcount)
