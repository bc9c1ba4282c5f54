"""Memos, familiarisation notes and reflexive journal entries on any object."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from themework.domain.errors import InputError, NotFound
from themework.domain.ids import parse_id
from themework.services.audit import now, record
from themework.services.changes import ChangeSet, image
from themework.store.models import Memo
from themework.store.repos import memos as repo
from themework.store.repos.codes import CodeIndex
from themework.store.repos.codings import coding_entity
from themework.store.repos.participants import participant_id
from themework.store.repos.themes import ThemeIndex
from themework.store.repos.transcripts import transcript_id
from themework.store.repos.turns import has_turn

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from themework.services.context import ServiceContext

KINDS = ("note", "memo", "journal")
TARGETS = ("project", "participant", "transcript", "code", "theme", "coding")


@dataclass(frozen=True)
class MemoInfo:
    id: int
    target: str  # e.g. "code:consistency-of-worker"
    kind: str
    text: str
    coder: str
    created_at: datetime
    entry_date: date | None
    turn: int | None = None  # on a transcript: the turn it is about (None: the whole of it)


def parse_target(value: str) -> tuple[str, str | None]:
    kind, _, ref = value.partition(":")
    kind = kind.strip().lower()
    if kind not in TARGETS:
        raise InputError(
            f"a memo goes on one of {', '.join(TARGETS)}, written like code:NAME or project"
        )
    if kind == "project":
        return kind, None
    if not ref.strip():
        raise InputError(f"say which {kind}, as {kind}:NAME", options=("on",))
    return kind, ref.strip()


class MemoService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _resolve(self, s: Session, kind: str, ref: str | None) -> dict[str, Any]:
        if kind == "project" or ref is None:
            return {}
        if kind == "participant":
            pid = participant_id(s, ref)
            if pid is None:
                raise NotFound(f"no participant {ref!r}")
            return {"participant_id": pid}
        if kind == "transcript":
            return {"transcript_id": transcript_id(s, ref)}
        if kind == "code":
            return {"code_id": CodeIndex(s).get(ref).id}
        if kind == "theme":
            return {"theme_id": ThemeIndex(s).get(ref).id}
        if not ref.strip().isdigit():
            raise InputError("a coding is named by its number, e.g. coding:12")
        cid = parse_id(ref, "coding")
        if coding_entity(s, cid) is None:
            raise NotFound(f"no coding {cid}")
        return {"coding_id": cid}

    def add(self, on: str, text: str, kind: str = "memo", entry_date: date | None = None,
            turn: int | None = None) -> int:
        """Attach a memo to ``on``; ``turn`` (on a transcript only) says which turn it is
        about, so a familiarisation note stays with the turn being read."""
        if kind not in KINDS:
            raise InputError(f"a memo's kind is one of {', '.join(KINDS)}, not {kind!r}")
        if not text.strip():
            raise InputError("the memo is empty")
        target, ref = parse_target(on)
        with self.ctx.store.write() as s:
            values = {
                "target": target,
                **self._resolve(s, target, ref),
                "kind": kind,
                "text": text,
                "coder_id": self.ctx.coder_id(s),
                "created_at": now(),
                "entry_date": entry_date or (date.today() if kind == "journal" else None),
                "turn_index": self._turn(s, target, ref, turn),
            }
            memo_id = repo.insert_memo(s, values)
            changes = ChangeSet()
            changes.inserted("memo", image(Memo.__table__, {**values, "id": memo_id}))
            record(s, values["coder_id"], "memo.add", f"added a {kind} on {on}", changes)
            return memo_id

    def list(self, kind: str | None = None, on: str | None = None) -> list[MemoInfo]:
        with self.ctx.store.read() as s:
            target: str | None = None
            where: dict[str, Any] = {}
            if on:
                target, ref = parse_target(on)
                where = self._resolve(s, target, ref)
            labels = repo.target_labels(s)
            return [
                MemoInfo(
                    m.id, _describe(m, labels), m.kind, m.text, coder, m.created_at, m.entry_date,
                    m.turn_index,
                )
                for m, coder in repo.memos_with_coders(s, kind, target, **where)
            ]

    def _turn(self, s: Session, target: str, ref: str | None, turn: int | None) -> int | None:
        if turn is None:
            return None
        if target != "transcript" or ref is None:
            raise InputError("only a note on a transcript (transcript:NAME) can name a turn",
                             options=("on",))
        if not has_turn(s, transcript_id(s, ref), turn):
            raise NotFound(f"no turn {turn} in {ref}")
        return turn

    def on_codings(self, transcript: str) -> dict[int, int]:
        """How many memos hang on each coding of ``transcript`` (codings without one left out),
        so that a reader can mark where memos are attached without loading their text."""
        with self.ctx.store.read() as s:
            return repo.memo_counts_on_codings(s, transcript_id(s, transcript))


def _describe(m: Memo, labels: dict[str, dict[Any, str]]) -> str:
    if m.target == "project":
        return "project"
    if m.target == "coding":
        return f"coding:{m.coding_id}"
    value = getattr(m, f"{m.target}_id")
    return f"{m.target}:{labels[m.target].get(value, value)}"
