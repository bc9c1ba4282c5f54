"""Drafts: text typed in the workbench and not saved yet, kept in the project so that a
crash, a closed terminal or a lost SSH connection loses nothing.

A draft belongs to one coder and one editor on one target (``theme:KEY``,
``transcript:NAME`` or ``project``, as memos are named). Writing one is not an audited
change: it changes nothing of the analysis, is not undone by ``ctrl+z`` and does not make
other workbenches reload. Saving or discarding the text drops it; deleting the theme or
transcript (a participant's withdrawal too) deletes it with them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from themework.domain.errors import InputError
from themework.services.audit import now
from themework.services.memos import MemoService, parse_target
from themework.store.models import Draft
from themework.store.repos.coders import coder_named
from themework.store.repos.drafts import draft_of, drop_draft, theme_drafts

if TYPE_CHECKING:
    from themework.services.context import ServiceContext

TARGETS = ("theme", "transcript", "project")


@dataclass(frozen=True)
class DraftInfo:
    editor: str
    on: str
    content: dict[str, str]
    saved_at: datetime


def _info(editor: str, on: str, row: Draft) -> DraftInfo:
    content = {str(k): str(v) for k, v in row.content.items()}
    at = row.saved_at  # SQLite hands back naive datetimes; they were stored in UTC
    return DraftInfo(editor, on, content,
                     at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC))


class DraftService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _key(self, s: Session, editor: str, on: str) -> tuple[str, dict[str, Any]]:
        """The row's key (the editor and the target's id, so a rename keeps the draft) and
        the target's column."""
        if not editor.strip() or ":" in editor:
            raise InputError(f"an editor's name is a word, not {editor!r}")
        kind, ref = parse_target(on)
        if kind not in TARGETS:
            raise InputError(f"a draft goes on one of {', '.join(TARGETS)}, not {kind}")
        column = MemoService(self.ctx)._resolve(s, kind, ref)
        ident = next(iter(column.values()), "")
        return f"{editor}:{kind}:{ident}", column

    def _coder(self, s: Session) -> int | None:
        return coder_named(s, self.ctx.coder_name(s))

    def keep(self, editor: str, on: str, content: Mapping[str, str]) -> DraftInfo:
        """Store (or replace) this coder's draft for the editor on the target."""
        with self.ctx.store.write() as s:
            key, column = self._key(s, editor, on)
            coder = self.ctx.coder_id(s)
            row = draft_of(s, coder, key)
            at = now()
            if row is None:
                s.add(Draft(coder_id=coder, key=key, content=dict(content), saved_at=at,
                            **column))
            else:
                row.content = dict(content)
                row.saved_at = at
            return DraftInfo(editor, on, dict(content), at)

    def get(self, editor: str, on: str) -> DraftInfo | None:
        """This coder's draft for the editor on the target, if one was left."""
        with self.ctx.store.read() as s:
            key, _ = self._key(s, editor, on)
            coder = self._coder(s)
            row = draft_of(s, coder, key)
            if row is None:
                return None
            return _info(editor, on, row)

    def themes_drafted(self, editor: str) -> list[str]:
        """The themes (keys) this coder left a draft on in ``editor``, the newest first: where
        to reopen after a crash."""
        return [d.on.partition(":")[2] for d, _ in self.theme_drafts(editor)]

    def theme_drafts(self, editor: str) -> list[tuple[DraftInfo, str]]:
        """This coder's drafts on themes in ``editor`` with each theme's name, the newest
        first: what to tell the researcher a crash left."""
        with self.ctx.store.read() as s:
            coder = self._coder(s)
            rows = theme_drafts(s, coder, f"{editor}:theme:")
            return [(_info(editor, f"theme:{key}", row), name) for row, key, name in rows]

    def drop(self, editor: str, on: str) -> bool:
        """Forget the draft (the text was saved or discarded); whether there was one."""
        with self.ctx.store.write() as s:
            key, _ = self._key(s, editor, on)
            coder = self._coder(s)
            return drop_draft(s, coder, key)
