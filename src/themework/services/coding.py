"""Applying and removing codes on spans of text, and reading coded extracts."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby, islice
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from themework.domain.errors import InputError, NotFound, ThemeworkError
from themework.domain.plural import plural
from themework.domain.spans import quote_fields
from themework.gcpause import gc_paused
from themework.services.audit import PART_ROWS, Entry, new_batch, now, record, record_many
from themework.services.changes import ChangeSet, image, orm_image, to_json
from themework.services.codes import hold_codes
from themework.services.coding_targets import Target as Target
from themework.services.coding_targets import TranscriptTurns, csv_target, locate
from themework.store.bulk import insert_ids, page_cache
from themework.store.models import Coding, Memo
from themework.store.repos.audit import summarise_batch
from themework.store.repos.codes import CodeIndex
from themework.store.repos.codings import (
    coding_memos,
    codings_by_id,
    delete_codings,
    overlapping,
    transcripts_holding,
)
from themework.store.repos.extract_rows import EXPORT_COLUMNS as EXPORT_COLUMNS
from themework.store.repos.extract_rows import (
    coded_extracts,
    export_rows,
    extract_row,
)
from themework.store.repos.memos import insert_memo
from themework.store.repos.transcripts import (
    texts_named,
    transcript_id,
    transcript_names,
    transcript_row,
)
from themework.store.repos.turns import turns_named

if TYPE_CHECKING:
    from themework.services.context import ServiceContext

BULK_CHUNK = PART_ROWS  # requests stored and recorded at a time by apply_many: one event
BULK_CACHE_MIB = 64  # SQLite's page cache while apply_many writes (the default is 2 MB)
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


# What a coding's audit image keeps (with its id and time): the rest is derived from the text.
_IMAGED = ("transcript_id", "code_id", "start", "end", "coder_id", "origin", "flagged")


class _Seen:
    """What bulk coding has looked up so far: codes by reference, transcripts by reference
    and by id (name, text, turns when needed), coders by name."""

    def __init__(self, index: CodeIndex) -> None:
        self.index = index
        self.codes: dict[str, int] = {}
        self.texts: dict[str, tuple[str, str, TranscriptTurns]] = {}
        self.tids: dict[str, str] = {}
        self.coders: dict[str | None, int] = {}

    def held(self, index: CodeIndex) -> None:
        """Take the index ``hold_codes`` found current; codes read again if it changed (one
        merged by another coder meanwhile leads elsewhere now)."""
        if index is not self.index:
            self.index, self.codes = index, {}


class CodingService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def apply(self, request: CodingRequest, origin: str = "manual") -> Extract:
        """One coding, read back as an extract in the same transaction: one code lookup and
        one transaction per call (issue 15: a team applies thousands, one at a time)."""
        with self.ctx.store.write() as s:
            ids, index = self._store(s, [request], origin)
            return extract_of(index, extract_row(s, ids[0]))

    @gc_paused()
    def apply_many(
        self, requests: Iterable[CodingRequest], origin: str = "manual", source: str = ""
    ) -> list[int]:
        """Apply many codings in one transaction (one audit batch); all or nothing.

        Stored and recorded ``BULK_CHUNK`` requests at a time, one audit event each (all of
        one batch, undone together), so memory stays bounded however many there are: the
        row images of 500,000 codings in one event took over 2 GB.
        """
        with self.ctx.store.write() as s, page_cache(s, BULK_CACHE_MIB):
            return self._store(s, requests, origin, source)[0]

    def _store(
        self, s: Session, requests: Iterable[CodingRequest], origin: str, source: str = ""
    ) -> tuple[list[int], CodeIndex]:
        """``apply_many`` inside its transaction; also the code index, current at the end."""
        if origin not in ORIGINS:
            raise InputError(f"unknown origin {origin!r}")
        seen = _Seen(CodeIndex(s))
        batch, ids = new_batch(), list[int]()
        pending = iter(requests)
        while chunk := list(islice(pending, BULK_CHUNK)):
            rows: list[dict[str, Any]] = []
            memos: list[tuple[int, str, int]] = []
            self._read_transcripts(s, chunk, seen.texts, seen.tids)
            stamp = now()  # one time for a chunk: a clock read and its ISO form per row cost 5%
            for req in chunk:
                try:
                    rows.append(self._row(s, req, seen, origin, stamp))
                except ThemeworkError as exc:
                    if source and req.line:
                        raise InputError(exc.message, file=source, line=req.line) from None
                    raise
                if req.memo:
                    memos.append((len(rows) - 1, req.memo, rows[-1]["coder_id"]))
            del chunk
            seen.held(hold_codes(s, seen.index, rows))
            new_ids = insert_ids(s, Coding.__table__, rows)
            changes = self._changes(s, rows, new_ids, memos, stamp)
            first = rows[0]
            summary = (
                f"coded {seen.texts[first['transcript_id']][0]} "
                f"{turns_named(s, first['transcript_id'], first['start'], first['end'])} "
                f"as {seen.index.by_id[first['code_id']].name}"
                if len(rows) == 1 and not ids
                else f"codings {len(ids) + 1:,} to {len(ids) + len(rows):,}"
            )
            ids += new_ids
            del rows
            # The event belongs to whoever ran the command, even when the codings are
            # credited to other coders: it is theirs to undo.
            actor = seen.coders[None] if None in seen.coders else self.ctx.coder_id(s)
            record_many(s, actor, [Entry("coding.apply", summary, changes)], batch)
        if len(ids) > 1:
            whole = f"applied {plural(len(ids), 'coding')}"
            summarise_batch(s, batch, whole, keep_own=len(ids) > BULK_CHUNK)
        return ids, seen.index

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
        s: Session, rows: list[dict[str, Any]], ids: list[int],
        memos: list[tuple[int, str, int]], stamp: datetime,
    ) -> ChangeSet:
        """Row images of new codings (given their ids) and of their memos, written here.

        A coding's image leaves out its quote and context: they are the transcript's text
        at the span, read again on redo, and were half of the audit record's bytes."""
        changes = ChangeSet()
        at = to_json(stamp)
        for row, new_id in zip(rows, ids, strict=True):
            changes.inserted("coding", {"id": new_id, **{k: row[k] for k in _IMAGED},
                                        "created_at": at})
        for i, text, coder_id in memos:
            memo = {
                "target": "coding",
                "coding_id": ids[i],
                "kind": "memo",
                "text": text,
                "coder_id": coder_id,
                "created_at": now(),
            }
            memo_id = insert_memo(s, memo)
            changes.inserted("memo", image(Memo.__table__, {**memo, "id": memo_id}))
        return changes

    def _row(
        self, s: Session, req: CodingRequest, seen: _Seen, origin: str, stamp: datetime
    ) -> dict[str, Any]:
        code_id = seen.codes.get(req.code)
        if code_id is None:
            code = seen.index.get(req.code)
            if code.status != "active":
                raise InputError(f"code {code.name!r} is {code.status}; codings go on active "
                                 "codes")
            code_id = seen.codes[req.code] = code.id
        # One lookup per transcript, not per request: bulk coding names the same few
        # transcripts thousands of times.
        tid = seen.tids.get(req.transcript)
        if tid is None:
            t = transcript_row(s, req.transcript)
            tid = t.id
            if tid not in seen.texts:
                # Turns only when a target needs them: a span does not, and a long
                # transcript's 5,000 turns took a quarter of a second to read.
                seen.texts[tid] = (t.name, t.text, TranscriptTurns(s, tid))
            seen.tids[req.transcript] = tid
        name, text, turns = seen.texts[tid]
        start, end = locate(req.target, name, text, turns)
        if req.coder not in seen.coders:
            seen.coders[req.coder] = self.ctx.coder_id(s, req.coder)
        return {
            "transcript_id": tid,
            "code_id": code_id,
            "start": start,
            "end": end,
            "coder_id": seen.coders[req.coder],
            "created_at": stamp,
            "origin": origin,
            **quote_fields(text, start, end),
            "flagged": False,
        }

    def apply_csv(self, path: Path, coder: str | None = None) -> list[int]:
        """Bulk form: a CSV with transcript, code and turn or start,end or match (and nth)."""
        from themework.ingest.decode import decode_bytes, text_lines

        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", file=path) from None
        text = decode_bytes(data, path, what="a CSV file")
        del data
        reader = csv.reader(text_lines(text))
        keys = [k.strip().lower() for k in next(reader, [])]
        if not {"transcript", "code"} <= set(keys):
            raise InputError("needs columns transcript and code", file=path, line=1)

        def requests() -> Iterator[CodingRequest]:
            # Read as they are applied: 500,000 request objects held at once cost 200 MB.
            for row in reader:
                if not row:
                    continue
                r = {k: v.strip() for k, v in zip(keys, row, strict=False) if k}
                line = reader.line_num
                try:
                    target = csv_target(r)
                except InputError as exc:
                    raise InputError(exc.message, file=path, line=line) from None
                yield CodingRequest(r.get("transcript", ""), r.get("code", ""), target,
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
            rows = coded_extracts(
                s, code_ids=[index.get(c).id for c in codes] if codes else None,
                coder=coder or None, ids=ids,
                # One transcript (the Code screen's, after each coding): read placed.
                transcript_id=transcript_id(s, transcript) if transcript else None,
            )
            out = [extract_of(index, row) for row in rows]
        out.sort(key=extract_order)
        return out

    def transcripts_with(self, code: str, coder: str | None = None) -> set[str]:
        """The names of the transcripts holding a coding of ``code`` (``coder``'s only)."""
        with self.ctx.store.read() as s:
            return transcripts_holding(s, CodeIndex(s).get(code).id, coder or None)

    def iter_export_rows(self, chunk: int = 200) -> Iterator[tuple[Any, ...]]:
        """Every coding as a tuple of ``EXPORT_COLUMNS``, in the order of ``extracts()``,
        read ``chunk`` transcripts at a time so that an export's memory does not grow with
        the project. Plain tuples: 500,000 ``Extract`` objects took a fifth of an export."""
        # No cyclic collection while 500,000 rows come and go (none of them in a cycle):
        # the collector ran every few hundred, about a tenth of an export's CPU time.
        with self.ctx.store.read() as s, gc_paused():
            names = sorted(transcript_names(s).items(), key=lambda r: r[1].casefold())
            # Transcripts named alike but for case, whose codings interleave: never apart.
            alike = [[tid for tid, _ in group]
                     for _, group in groupby(names, key=lambda r: r[1].casefold())]
            for i in range(0, len(alike), chunk):
                part = alike[i:i + chunk]
                by_transcript = export_rows(s, [tid for tids in part for tid in tids])
                for tids in part:
                    rows = [r for tid in tids for r in by_transcript.get(tid, ())]
                    rows.sort(key=_EXPORT_ORDER)
                    yield from rows


# ``extract_order`` over rows of ``EXPORT_COLUMNS`` named alike (start, end, code, coder,
# id): a key made in C, not a Python call per row.
_EXPORT_ORDER = itemgetter(5, 6, 7, 9, 0)


def extract_of(index: CodeIndex, row: Any) -> Extract:
    (cid, code_id, start, end, origin, created, flagged, quote,
     coder_name, tname, number, speaker, participant) = row
    code = index.by_id[code_id]
    return Extract(cid, tname, number, speaker, participant, start, end, code.key, code.name,
                   coder_name, origin, created, flagged, quote)


def extract_order(e: Extract) -> tuple[str, int, int, str, str, int]:
    return (e.transcript.casefold(), e.start, e.end, e.code, e.coder, e.id)
