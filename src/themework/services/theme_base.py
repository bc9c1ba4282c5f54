"""What every theme operation shares: the context, reading themes, recording a change."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from themework.services.audit import record
from themework.services.changes import ChangeSet, versioned_update
from themework.services.theme_index import ThemeChange, ThemeInfo, theme_infos
from themework.store.models import Theme
from themework.store.repos.codes import CodeIndex
from themework.store.repos.themes import ThemeIndex, codes_in_live_themes

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from themework.services.context import ServiceContext


class ThemeServiceBase:
    """The reading side of the theme service and the steps every change ends with.

    ``ThemeService`` is composed from this and the operation mixins built on it.
    """

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- reading ---------------------------------------------------------------------------
    def list(self, include_discarded: bool = False) -> list[ThemeInfo]:
        with self.ctx.store.read() as s:
            return theme_infos(s, include_discarded)

    def get(self, ref: str) -> ThemeInfo:
        """A theme by id, name, or name written as an id (see ``meant``)."""
        with self.ctx.store.read() as s:
            key = ThemeIndex(s).get(ref).key
            return next(t for t in theme_infos(s, True) if t.id == key)

    def meant(self, ref: str) -> str | None:
        """Which theme ``ref`` was taken to mean, when a reader could not tell."""
        with self.ctx.store.read() as s:
            return ThemeIndex(s).meant(ref)

    def unthemed_codes(self) -> builtins.list[str]:
        """Active codes in no (non-discarded) theme: what phase 3 still has to place."""
        with self.ctx.store.read() as s:
            codes = CodeIndex(s)
            placed = codes_in_live_themes(s)
            return [c.key for c in codes.ordered() if c.status == "active" and c.id not in placed]

    # -- helpers ---------------------------------------------------------------------------
    def _bump(self, s: Session, t: Theme, changes: ChangeSet, version: int | None = None,
              **values: Any) -> None:
        versioned_update(s, t, changes, version, **values)

    def _done(self, s: Session, action: str, summary: str, changes: ChangeSet) -> None:
        record(s, self.ctx.coder_id(s), action, summary, changes)

    def _result(self, key: str, warnings: Sequence[str] = ()) -> ThemeChange:
        return ThemeChange(self.get(key), tuple(warnings))
