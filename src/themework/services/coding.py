"""Applying and removing codes on spans of text, and reading coded extracts."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, insert, literal, update
from sqlalchemy.orm import Session

from themework.domain.errors import InputError, NotFound, ThemeworkError
from themework.domain.ids import in_range
from themework.domain.plural import plural
from themework.gcpause import gc_paused
from themework.services.audit import Entry, new_batch, now, record, record_many
from themework.services.changes import ChangeSet, image, orm_image
from themework.services.codes import hold_codes
from themework.services.coding_targets import Target as Target
from themework.services.coding_targets import TranscriptTurns, csv_target, locate
from themework.services.transcript_rows import CONTEXT
from themework.store.bulk import insert_ids
from themework.store.models import (
    AuditEvent,
    Coder,
    Coding,
    Memo,
)
from themework.store.repos.codes import CodeIndex
from themework.store.repos.codings import (
    coding_memos,
    codings_by_id,
    delete_codings,
    overlapping,
)
from themework.store.repos.extract_rows import extract_query, placed_rows
from themework.store.repos.transcripts import (
    texts_named,
    transcript_id,
    transcript_names,
    transcript_row,
)
from themework.store.repos.turns import turns_named

if TYPE_CHECKING:
    from themework.services.context import ServiceContext

BULK_CHUNK = 10_000  # requests stored and recorded at a time by apply_many
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
        """One coding, read back as an extract in the same transaction: one code lookup and
        one transaction per call (issue 15: a team applies thousands, one at a time)."""
        with self.ctx.store.write() as s:
            ids, index = self._store(s, [request], origin)
            return extract_of(index, s.execute(extract_query().where(Coding.id == ids[0])).one())

    @gc_paused()
    def apply_many(
        self, requests: Iterable[CodingRequest], origin: str = "manual", source: str = ""
    ) -> list[int]:
        """Apply many codings in one transaction (one audit batch); all or nothing.

        Stored and recorded ``BULK_CHUNK`` requests at a time, one audit event each (all of
        one batch, undone together), so memory stays bounded however many there are: the
        row images of 500,000 codings in one event took over 2 GB.
        """
        with self.ctx.store.write() as s:
            return self._store(s, requests, origin, source)[0]

    def _store(
        self, s: Session, requests: Iterable[CodingRequest], origin: str, source: str = ""
    ) -> tuple[list[int], CodeIndex]:
        """``apply_many`` inside its transaction; also the code index, current at the end."""
        if origin not in ORIGINS:
            raise InputError(f"unknown origin {origin!r}")
        index = CodeIndex(s)
        texts: dict[str, tuple[str, str, TranscriptTurns]] = {}
        tids: dict[str, str] = {}  # transcript reference -> id
        coders: dict[str | None, int] = {}
        batch, ids = new_batch(), list[int]()
        pending = iter(requests)
        while chunk := list(islice(pending, BULK_CHUNK)):
            rows: list[dict[str, Any]] = []
            memos: list[tuple[int, str, int]] = []
            self._read_transcripts(s, chunk, texts, tids)
            for req in chunk:
                try:
                    rows.append(self._row(s, req, index, texts, tids, coders, origin))
                except ThemeworkError as exc:
                    if source and req.line:
                        raise InputError(exc.message, file=source, line=req.line) from None
                    raise
                if req.memo:
                    memos.append((len(rows) - 1, req.memo, rows[-1]["coder_id"]))
            del chunk
            index = hold_codes(s, index, rows)
            new_ids = insert_ids(s, Coding.__table__, rows)
            changes = self._changes(s, rows, new_ids, memos)
            first = rows[0]
            summary = (
                f"coded {texts[first['transcript_id']][0]} "
                f"{turns_named(s, first['transcript_id'], first['start'], first['end'])} "
                f"as {index.by_id[first['code_id']].name}"
                if len(rows) == 1 and not ids
                else f"codings {len(ids) + 1:,} to {len(ids) + len(rows):,}"
            )
            ids += new_ids
            # The event belongs to whoever ran the command, even when the codings are
            # credited to other coders: it is theirs to undo.
            actor = coders[None] if None in coders else self.ctx.coder_id(s)
            record_many(s, actor, [Entry("coding.apply", summary, changes)], batch)
        if len(ids) > 1:
            whole = f"applied {plural(len(ids), 'coding')}"
            events = update(AuditEvent).where(AuditEvent.batch_id == batch)
            if len(ids) <= BULK_CHUNK:
                s.execute(events.values(summary=whole))
            else:
                s.execute(events.values(summary=literal(f"{whole} (") + AuditEvent.summary
                                        + literal(")")))
        return ids, index

    @staticmethod
    def _read_transcripts(
        s: Session,
        chunk: list[CodingRequest],
        texts: dict[str, tuple[str, str, TranscriptTurns]],
        tids: dict[str, str],
    ) -> None:
        """Read the transcripts a chunk names (by name; ``_row`` looks up the rest, ids) in
        one query: one lookup per transcript was a third of 500,000 codings over 10,000."""
        names = {r.transcript for r in chunk} - tids.keys()
        if not names:
            return
        for tid, name, text in texts_named(s, names):
            tids[name] = tid
            if tid not in texts:
                texts[tid] = (name, text, TranscriptTurns(s, tid))

    @staticmethod
    def _changes(
        s: Session, rows: list[dict[str, Any]], ids: list[int], memos: list[tuple[int, str, int]]
    ) -> ChangeSet:
        """Row images of new codings (given their ids) and of their memos, written here."""
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
        return changes

    def _row(
        self,
        s: Session,
        req: CodingRequest,
        index: CodeIndex,
        texts: dict[str, tuple[str, str, TranscriptTurns]],
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
                texts[tid] = (t.name, t.text, TranscriptTurns(s, tid))
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
        def requests() -> Iterator[CodingRequest]:
            # Read as they are applied: 500,000 request objects held at once cost 200 MB.
            for row in reader:
                r = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
                line = reader.line_num
                try:
                    target = csv_target(r)
                except InputError as exc:
                    raise InputError(exc.message, file=path, line=line) from None
                yield CodingRequest(r["transcript"], r["code"], target,
                                    r.get("coder") or coder, r.get("memo") or None, line)

        return self.apply_many(requests(), source=str(path))

    def remove(self, coding_ids: Sequence[int]) -> int:
        with self.ctx.store.write() as s:
            found = codings_by_id(s, coding_ids)
            missing = set(coding_ids) - {c.id for c in found}
            if missing:
                raise NotFound(f"no coding with id {', '.join(map(str, sorted(missing)))}")
            changes = ChangeSet()
            for memo in coding_memos(s, coding_ids):
                changes.deleted("memo", orm_image(memo))
            for c in found:
                changes.deleted("coding", orm_image(c))
            delete_codings(s, coding_ids)
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
            start, end = locate(target, t.name, t.text, TranscriptTurns(s, t.id))
            return overlapping(s, t.id, c.id, start, end, coder)

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
            where: list[ColumnElement[bool]] = []
            if codes:
                where.append(Coding.code_id.in_([index.get(c).id for c in codes]))
            if coder:
                where.append(Coder.name == coder)
            if ids is not None:
                # A number past what the database stores names no coding (and SQLite
                # would raise OverflowError binding it).
                where.append(Coding.id.in_([i for i in ids if in_range(i)]))
            # One transcript (the Code screen's, after each coding): its turns in one
            # query; the per-coding subquery walks a long transcript's turns for each.
            rows = (placed_rows(s, [transcript_id(s, transcript)], where) if transcript
                    else s.execute(extract_query().where(*where)))
            out = [extract_of(index, row) for row in rows]
        out.sort(key=extract_order)
        return out

    def iter_extracts(self, chunk: int = 200) -> Iterator[Extract]:
        """Every coding, in the order of ``extracts()``, read ``chunk`` transcripts at a time
        so that an export's memory does not grow with the project."""
        with self.ctx.store.read() as s:
            index = CodeIndex(s)
            names = sorted(transcript_names(s).items(), key=lambda r: r[1].casefold())
            i = 0
            while i < len(names):
                j = min(i + chunk, len(names))
                # Names equal but for case sort together: never split them between chunks.
                while j < len(names) and names[j][1].casefold() == names[j - 1][1].casefold():
                    j += 1
                rows = [extract_of(index, row)
                        for row in placed_rows(s, [r[0] for r in names[i:j]])]
                rows.sort(key=extract_order)
                yield from rows
                i = j


def extract_of(index: CodeIndex, row: Any) -> Extract:
    (cid, code_id, start, end, origin, created, flagged, quote,
     coder_name, tname, number, speaker, participant) = row
    code = index.by_id[code_id]
    return Extract(cid, tname, number, speaker, participant, start, end, code.key, code.name,
                   coder_name, origin, created, flagged, quote)


def extract_order(e: Extract) -> tuple[str, int, int, str, str, int]:
    return (e.transcript.casefold(), e.start, e.end, e.code, e.coder, e.id)
