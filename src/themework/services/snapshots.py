"""Snapshots: the codebook and themes at a point in time, so theme development is traceable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from themework.domain.errors import Conflict, InputError, NotFound
from themework.domain.snapshots import SnapshotDiff, diff, live_codes, live_themes
from themework.services.audit import now, record
from themework.services.changes import ChangeSet, image
from themework.store.models import Snapshot
from themework.store.repos import snapshots as repo
from themework.store.repos.codes import CodeIndex
from themework.store.repos.themes import ThemeIndex, theme_code_links

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from themework.services.context import ServiceContext

CURRENT = "now"


@dataclass(frozen=True)
class SnapshotInfo:
    name: str
    created_at: datetime
    codes: int
    themes: int


def _info(name: str, created_at: datetime, content: dict[str, Any]) -> SnapshotInfo:
    """Counts of what was in use, as ``info`` counts them (not merged or discarded rows)."""
    return SnapshotInfo(name, created_at, len(live_codes(content)), len(live_themes(content)))


def capture(s: Session) -> dict[str, Any]:
    index = CodeIndex(s)
    codes = {
        c.key: {
            "name": c.name,
            "parent": index.by_id[c.parent_id].key if c.parent_id else None,
            "status": c.status,
            "merged_into": index.by_id[c.merged_into_id].key if c.merged_into_id else None,
            "definition": c.definition,
        }
        for c in index.codes
    }
    themes = ThemeIndex(s)
    links = theme_code_links(s)
    return {"codes": codes, "themes": {
        t.key: {
            "name": t.name,
            "parent": themes.by_id[t.parent_id].key if t.parent_id else None,
            "status": t.status,
            "definition": t.definition,
            # In the theme's order; codes in the same place by key, as they always were.
            "codes": [k for _, k in sorted(
                (order, index.by_id[code_id].key) for order, code_id in links.get(t.id, [])
            )],
        }
        for t in themes.themes
    }}


class SnapshotService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def take(self, name: str) -> SnapshotInfo:
        if not name.strip() or name == CURRENT:
            raise InputError(f"a snapshot needs a name other than {CURRENT!r}")
        with self.ctx.store.write() as s:
            if repo.snapshot_named(s, name) is not None:
                raise Conflict(f"a snapshot named {name!r} already exists")
            created_at = now()
            content = capture(s)
            values = {"name": name, "created_at": created_at, "content": content}
            sid = repo.insert_snapshot(s, values)
            changes = ChangeSet()
            changes.inserted("snapshot", image(Snapshot.__table__, {**values, "id": sid}))
            record(s, self.ctx.coder_id(s), "snapshot", f"took snapshot {name}", changes)
        return _info(name, created_at, content)

    def list(self) -> list[SnapshotInfo]:
        with self.ctx.store.read() as s:
            return [
                _info(x.name, x.created_at, x.content)
                for x in repo.snapshots(s)
            ]

    def _content(self, s: Session, name: str) -> dict[str, Any]:
        if name == CURRENT:
            return capture(s)
        snap = repo.snapshot_named(s, name)
        if snap is None:
            raise NotFound(f"no snapshot {name!r} (see 'themework snapshot list')")
        return dict(snap.content)

    def diff(self, a: str, b: str = CURRENT) -> SnapshotDiff:
        with self.ctx.store.read() as s:
            return diff(a, self._content(s, a), b, self._content(s, b))
