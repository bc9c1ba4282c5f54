"""Snapshots of the codebook and themes, by name."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from themework.store.models import Snapshot


def snapshot_named(s: Session, name: str) -> Snapshot | None:
    return s.scalar(select(Snapshot).where(Snapshot.name == name))


def snapshots(s: Session) -> list[Snapshot]:
    """Every snapshot, oldest first."""
    return list(s.scalars(select(Snapshot).order_by(Snapshot.created_at, Snapshot.id)))


def insert_snapshot(s: Session, values: dict[str, Any]) -> int:
    """A new snapshot from ``values`` (name, created_at, content); returns its id."""
    return s.execute(insert(Snapshot).returning(Snapshot.id), values).scalar_one()
