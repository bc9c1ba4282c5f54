"""The audit log, undo and redo, as the front ends see them."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from themework.services import audit
from themework.services.audit import EventInfo
from themework.store.repos.coders import coder_named

if TYPE_CHECKING:
    from themework.services.context import ServiceContext


class HistoryService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def log(
        self, *, coder: str | None = None, since: datetime | None = None,
        newest: int | None = None,
    ) -> list[EventInfo]:
        """The audit log, oldest first; ``newest``: only the last N events."""
        with self.ctx.store.read() as s:
            coder_id = None
            if coder is not None:
                coder_id = coder_named(s, coder)
                if coder_id is None:
                    return []
            return audit.events(s, coder_id=coder_id, since=since, newest=newest)

    def undo(self) -> list[EventInfo]:
        with self.ctx.store.write() as s:
            return audit.undo_last(s, self.ctx.coder_id(s))

    def redo(self) -> list[EventInfo]:
        with self.ctx.store.write() as s:
            return audit.redo_last(s, self.ctx.coder_id(s))
