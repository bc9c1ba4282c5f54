"""Applying and removing codes on spans of text, and reading coded extracts."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, delete, insert, select
from sqlalchemy.orm import Session

from themework.domain.errors import Conflict, InputError, NotFound, ThemeworkError
from themework.domain.ids import in_range
from themework.domain.plural import plural
from themework.gcpause import gc_paused
from themework.services.audit import new_batch, now, record
from themework.services.changes import ChangeSet, image, orm_image
from themework.services.codes import hold_codes
from themework.services.coding_targets import Target as Target
from themework.services.coding_targets import csv_target, locate
from themework.services.transcript_rows import CONTEXT
from themework.store.bulk import insert_ids
from themework.store.models import (
    Coder,
    Coding,
    Memo,
    Participant,
    Speaker,
    Transcript,
    Turn,
)
from themework.store.repos.codes import CodeIndex
from themework.store.repos.transcripts import transcript_id, transcript_row
from themework.store.repos.turns import TurnRow, turn_at_offset, turns_of

if TYPE_CHECKING:
    from themework.services.context import ServiceContext

ORIGINS = ("manual", "suggestion", "imported", "merged", "consensus", "in-vivo")


@dataclass(frozen=True)
class CodingRequest:
    transcript: str
    code: str
    target: Target
    coder: str | None = None
    memo: str | None = None
    line: int = 0  # for errors from a CSV


@dataclass(frozen=True)
class Extract:
    id: int
    transcript: str
    turn: int | None
    speaker: str | None
    participant: str | None
    start: int
    end: int
    code: str
    code_name: str
    coder: str
    origin: str
    created_at: datetime
    flagged: bool
    text: str


class CodingService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def apply(self, request: CodingRequest, origin: str = "manual") -> Extract:
        ids = self.apply_many([request], origin=origin)
        made = self.extracts(ids=ids)
        if not made:  # another coder's change removed it between the two transactions
            raise Conflict("the coding was made but removed by another coder's change at "
                           "once; see 'themework log'")
        return made[0]

    @gc_paused()
    def apply_many(
        self, requests: Sequence[CodingRequest], origin: str = "manual", source: str = ""
    ) -> list[int]:
        """Apply many codings in one transaction (one audit batch); all or nothing."""
        if origin not in ORIGINS:
            raise InputError(f"unknown origin {origin!r}")
        with self.ctx.store.write() as s:
            index = CodeIndex(s)
            texts: dict[str, tuple[str, str, Callable[[], list[TurnRow]]]] = {}
            tids: dict[str, str] = {}  # transcript reference -> id
            coders: dict[str | None, int] = {}
            rows: list[dict[str, Any]] = []
            memos: list[tuple[int, str, int]] = []
            for req in requests:
                try:
                    rows.append(self._row(s, req, index, texts, tids, coders, origin))
                except ThemeworkError as exc:
                    if source and req.line:
                        raise InputError(exc.message, file=source, line=req.line) from None
                    raise
                if req.memo:
                    memos.append((len(rows) - 1, req.memo, rows[-1]["coder_id"]))
            if not rows:
                return []
            index = hold_codes(s, index, rows)
            ids = insert_ids(s, Coding.__table__, rows)
            changes = ChangeSet()
            for row, new_id in zip(rows, ids, strict=True):
                row["id"] = new_id
                changes.inserted("coding", image(Coding.__table__, row))
            for i, text, coder_id in memos:
                memo = {
                    "target": "coding",
                    "coding_id": ids[i],
                    "kind": "memo",
                    "text": text,
                    "coder_id": coder_id,
                    "created_at": now(),
                }
                memo_id = s.execute(insert(Memo).returning(Memo.id), memo).scalar_one()
                changes.inserted("memo", image(Memo.__table__, {**memo, "id": memo_id}))
            first = rows[0]
            summary = (
                f"coded {texts[first['transcript_id']][0]} "
                f"{first['start']}:{first['end']} as {index.by_id[first['code_id']].name}"
                if len(rows) == 1
                else f"applied {plural(len(rows), 'coding')}"
            )
            # The event belongs to whoever ran the command, even when the codings are
            # credited to other coders: it is theirs to undo.
            record(s, self.ctx.coder_id(s), "coding.apply", summary, changes, batch_id=new_batch())
            return ids

    def _row(
        self,
        s: Session,
        req: CodingRequest,
        index: CodeIndex,
        texts: dict[str, tuple[str, str, Callable[[], list[TurnRow]]]],
        tids: dict[str, str],
        coders: dict[str | None, int],
        origin: str,
    ) -> dict[str, Any]:
        code = index.get(req.code)
        if code.status != "active":
            raise InputError(f"code {code.name!r} is {code.status}; codings go on active codes")
        # One lookup per transcript, not per request: bulk coding names the same few
        # transcripts thousands of times.
        tid = tids.get(req.transcript)
        if tid is None:
            t = transcript_row(s, req.transcript)
            tid = t.id
            if tid not in texts:
                # Turns only when a target needs them: a span does not, and a long
                # transcript's 5,000 turns took a quarter of a second to read.
                texts[tid] = (t.name, t.text, cache(partial(turns_of, s, tid)))
            tids[req.transcript] = tid
        name, text, turns = texts[tid]
        start, end = locate(req.target, name, text, turns)
        if req.coder not in coders:
            coders[req.coder] = self.ctx.coder_id(s, req.coder)
        return {
            "transcript_id": tid,
            "code_id": code.id,
            "start": start,
            "end": end,
            "coder_id": coders[req.coder],
            "created_at": now(),
            "origin": origin,
            "quote": text[start:end],
            "context_before": text[max(0, start - CONTEXT) : start],
            "context_after": text[end : end + CONTEXT],
            "flagged": False,
        }

    def apply_csv(self, path: Path, coder: str | None = None) -> list[int]:
        """Bulk form: a CSV with transcript, code and turn or start,end or match (and nth)."""
        from themework.ingest.decode import decode_bytes

        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", file=path) from None
        reader = csv.DictReader(io.StringIO(decode_bytes(data, path, what="a CSV file")))
        fields = {f.strip().lower() for f in reader.fieldnames or []}
        if not {"transcript", "code"} <= fields:
            raise InputError("needs columns transcript and code", file=path, line=1)
        requests = []
        for row in reader:
            r = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
            line = reader.line_num
            try:
                target = csv_target(r)
            except InputError as exc:
                raise InputError(exc.message, file=path, line=line) from None
            requests.append(
                CodingRequest(
                    r["transcript"],
                    r["code"],
                    target,
                    r.get("coder") or coder,
                    r.get("memo") or None,
                    line,
                )
            )
        return self.apply_many(requests, source=str(path))

    def remove(self, coding_ids: Sequence[int]) -> int:
        with self.ctx.store.write() as s:
            stored = [i for i in coding_ids if in_range(i)]
            found = list(s.scalars(select(Coding).where(Coding.id.in_(stored))))
            missing = set(coding_ids) - {c.id for c in found}
            if missing:
                raise NotFound(f"no coding with id {', '.join(map(str, sorted(missing)))}")
            changes = ChangeSet()
            for memo in s.scalars(select(Memo).where(Memo.coding_id.in_(coding_ids))):
                changes.deleted("memo", orm_image(memo))
            for c in found:
                changes.deleted("coding", orm_image(c))
            s.execute(delete(Memo).where(Memo.coding_id.in_(coding_ids)))
            s.execute(delete(Coding).where(Coding.id.in_(coding_ids)))
            record(
                s, self.ctx.coder_id(s), "coding.remove", f"removed {plural(len(found), 'coding')}",
                changes,
            )
            return len(found)

    def find(
        self, transcript: str, code: str, target: Target, coder: str | None = None
    ) -> list[int]:
        """Ids of codings of CODE that overlap the target span (for ``coding remove``)."""
        with self.ctx.store.read() as s:
            t = transcript_row(s, transcript)
            c = CodeIndex(s).get(code)
            start, end = locate(target, t.name, t.text, partial(turns_of, s, t.id))
            q = select(Coding.id).where(
                Coding.transcript_id == t.id,
                Coding.code_id == c.id,
                Coding.start < end,
                Coding.end > start,
            )
            if coder:
                q = q.join(Coder, Coder.id == Coding.coder_id).where(Coder.name == coder)
            return list(s.scalars(q.order_by(Coding.id)))

    def extracts(
        self,
        codes: Sequence[str] = (),
        *,
        coder: str | None = None,
        transcript: str | None = None,
        ids: Sequence[int] | None = None,
    ) -> list[Extract]:
        with self.ctx.store.read() as s:
            index = CodeIndex(s)
            q = _extracts_query(s, index, codes, coder, transcript, ids)
            out = [
                _extract(index, c, coder_name, tname, number, speaker, participant)
                for c, coder_name, tname, number, speaker, participant in s.execute(q).all()
            ]
        out.sort(key=lambda e: (e.transcript.casefold(), e.start, e.end, e.code, e.coder, e.id))
        return out


def _extracts_query(
    s: Session,
    index: CodeIndex,
    codes: Sequence[str],
    coder: str | None,
    transcript: str | None,
    ids: Sequence[int] | None,
) -> Select[Coding, str, str, int, str, str]:
    """Codings with their coder, transcript, and the turn, speaker and participant they
    start in, narrowed to the codes, coder, transcript or ids asked for."""
    # The turn a coding starts in, found by the database per coding (the last turn
    # whose label starts at or before it) rather than by loading every turn of every
    # transcript involved.
    turn_id = turn_at_offset(Coding.transcript_id, Coding.start, correlate=Coding)
    q = (
        select(
            Coding,
            Coder.name,
            Transcript.name,
            Turn.index,
            Speaker.label,
            Participant.pseudonym,
        )
        .join(Coder, Coder.id == Coding.coder_id)
        .join(Transcript, Transcript.id == Coding.transcript_id)
        .outerjoin(Turn, Turn.id == turn_id)
        .outerjoin(Speaker, Speaker.id == Turn.speaker_id)
        .outerjoin(Participant, Participant.id == Speaker.participant_id)
    )
    if codes:
        q = q.where(Coding.code_id.in_([index.get(c).id for c in codes]))
    if coder:
        q = q.where(Coder.name == coder)
    if transcript:
        q = q.where(Coding.transcript_id == transcript_id(s, transcript))
    if ids is not None:
        # A number past what the database stores names no coding (and SQLite
        # would raise OverflowError binding it).
        q = q.where(Coding.id.in_([i for i in ids if in_range(i)]))
    return q


def _extract(
    index: CodeIndex,
    c: Coding,
    coder_name: str,
    tname: str,
    number: int | None,
    speaker: str | None,
    participant: str | None,
) -> Extract:
    code = index.by_id[c.code_id]
    return Extract(
        c.id,
        tname,
        number,
        speaker,
        participant,
        c.start,
        c.end,
        code.key,
        code.name,
        coder_name,
        c.origin,
        c.created_at,
        c.flagged,
        c.quote,
    )
