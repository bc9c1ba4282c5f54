"""Transcripts: import, list, read, correct (re-anchoring codings) and search."""

from __future__ import annotations

import builtins
import logging
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from themework.domain.anchor import OffsetMap
from themework.domain.errors import Conflict, InputError, NotFound, ThemeworkError
from themework.gcpause import gc_paused
from themework.ingest.csvfiles import ParticipantRow, read_attributes, read_speaker_map
from themework.services import transcript_rows as rows
from themework.services.audit import Entry, new_batch, record, record_many
from themework.services.changes import ChangeSet, orm_image
from themework.services.dto import (
    ImportedFile,
    ImportReport,
    ReplaceResult,
    SearchHit,
    TranscriptInfo,
    TranscriptText,
    TurnInfo,
)
from themework.services.importing import (
    Prepared,
    Settings,
    display_names,
    prepared_in_order,
)
from themework.store.models import (
    Coding,
    Participant,
    Speaker,
    Transcript,
    TranscriptParticipant,
    Turn,
)

if TYPE_CHECKING:
    from themework.services.workbench import Workbench

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]
BATCH = 100  # files per transaction on bulk imports
CONTEXT = 40  # characters of context kept on each side of a coded extract


class TranscriptService:
    def __init__(self, wb: Workbench) -> None:
        self.wb = wb

    # -- import ----------------------------------------------------------------------------
    @gc_paused()
    def import_files(
        self,
        paths: Sequence[Path],
        *,
        attributes: Path | None = None,
        speaker_map: Path | None = None,
        speaker: str | None = None,
        name: str | None = None,
        replace: bool = False,
        progress: Progress | None = None,
        allow_identifiers: bool = False,
        ner: bool = False,
    ) -> ImportReport:
        attr_rows = read_attributes(attributes) if attributes else []
        smap = read_speaker_map(speaker_map) if speaker_map else {}
        paths = [Path(p) for p in paths]
        names = display_names(paths, name)
        with self.wb.store.read() as s:
            known = set(s.scalars(select(Participant.pseudonym)))
        known |= {r.pseudonym for r in attr_rows}
        known |= {t.pseudonym for t in smap.values() if t.pseudonym}

        settings = Settings(smap, frozenset(known), speaker)
        jobs = list(zip(paths, names, strict=True))
        pipeline = self._ner_pipeline() if ner else None
        results: dict[int, ImportedFile] = {}
        prepared: list[Prepared] = []
        batch_id = new_batch()
        backup: str | None = None
        # One write transaction for the whole import, a savepoint per chunk of files: files
        # are stored while workers prepare the next ones, and a problem only the whole set
        # shows (an attributes row naming nobody) still leaves nothing stored.
        with (
            prepared_in_order(jobs, settings, pipeline) as outcomes,
            self.wb.store.write() as s,
        ):
            for start in range(0, len(jobs), BATCH):
                chunk: list[tuple[int, Prepared]] = []
                for i in range(start, min(start + BATCH, len(jobs))):
                    outcome = next(outcomes)
                    path, display = jobs[i]
                    if isinstance(outcome, str):
                        results[i] = ImportedFile(str(path), display, "failed", message=outcome)
                        continue
                    try:
                        if not allow_identifiers:
                            _refuse_identifiers(outcome)
                    except ThemeworkError as exc:
                        results[i] = ImportedFile(str(path), display, "failed", message=str(exc))
                        continue
                    chunk.append((i, outcome))
                preps = [prep for _, prep in chunk]
                prepared += preps
                if preps and replace and backup is None and self._would_replace(s, preps):
                    made = self.wb.backup("replace")  # the project as it was before the import
                    backup = str(made) if made else None
                try:
                    with s.begin_nested():
                        out = self._store_chunk(s, preps, attr_rows, replace, batch_id)
                except ThemeworkError as exc:
                    for i, prep in chunk:
                        results[i] = ImportedFile(
                            str(prep.path), prep.name, "failed", message=str(exc)
                        )
                else:
                    results.update(zip((i for i, _ in chunk), out, strict=True))
                if progress:
                    progress(min(start + BATCH, len(jobs)), len(jobs))
            self._check_attributes(s, attributes, attr_rows, prepared)
            # Once, after every chunk: new participants already have theirs.
            self._apply_attributes(s, attr_rows, batch_id)
        return ImportReport(tuple(results[i] for i in sorted(results)), backup)

    def _ner_pipeline(self) -> object:
        from themework.nlp.pipeline import trained_pipeline

        nlp = trained_pipeline(self.wb.projects.nlp_setting())
        if nlp is None:
            raise InputError(
                "no trained language pipeline is installed or configured for named entities "
                "(see 'themework doctor'); import without --ner for the rule-based check"
            )
        return nlp

    @staticmethod
    def _check_attributes(
        s: Session, path: Path | None, attr_rows: list[ParticipantRow], prepared: list[Prepared]
    ) -> None:
        if not attr_rows or path is None:
            return
        in_files = {p for prep in prepared for p in prep.pseudonyms}
        stored = set(s.scalars(select(Participant.pseudonym)))
        for row in attr_rows:
            if row.pseudonym not in in_files | stored:
                raise InputError(
                    f"participant {row.pseudonym} is in no transcript of this import or project "
                    "(or their transcript failed to import: see above)",
                    file=path,
                    line=row.line,
                )

    @staticmethod
    def _would_replace(s: Session, chunk: list[Prepared]) -> bool:
        existing = dict(
            s.execute(
                select(Transcript.name, Transcript.text_hash).where(
                    Transcript.name.in_([p.name for p in chunk])
                )
            ).all()
        )
        return any(p.name in existing and existing[p.name] != p.hash for p in chunk)

    def _store_chunk(
        self,
        s: Session,
        chunk: list[Prepared],
        attr_rows: list[ParticipantRow],
        replace: bool,
        batch_id: str,
    ) -> list[ImportedFile]:
        coder_id = self.wb.coder_id(s)
        by_name = {
            t.name: t
            for t in s.scalars(
                select(Transcript).where(Transcript.name.in_([p.name for p in chunk]))
            )
        }
        by_hash = dict(
            s.execute(
                select(Transcript.text_hash, Transcript.name).where(
                    Transcript.text_hash.in_([p.hash for p in chunk])
                )
            ).all()
        )
        attrs = {r.pseudonym: (r.attributes, r.quote_consent) for r in attr_rows}
        out: list[ImportedFile] = []
        fresh: list[rows.Body] = []  # new transcripts, written together after the loop
        for prep in chunk:
            existing = by_name.get(prep.name)
            if prep.hash in by_hash:
                same = by_hash[prep.hash]
                msg = "already imported" if same == prep.name else f"identical to {same}"
                out.append(self._result(prep, "unchanged", None, msg))
                continue
            if existing is not None and not replace:
                raise Conflict(
                    f"{prep.path}: a different transcript named {prep.name} is already in the "
                    "project; use --replace to correct it (codings are re-anchored) or --name"
                )
            by_hash[prep.hash] = prep.name
            if existing is not None:
                changes = ChangeSet()
                pids = rows.ensure_participants(s, set(prep.pseudonyms), changes, attrs)
                result = self._replace(s, existing, prep, pids, changes)
                record(
                    s,
                    coder_id,
                    "transcript.replace",
                    f"replaced transcript {prep.name} ({len(result.flagged)} codings flagged)",
                    changes,
                    batch_id=batch_id,
                )
                out.append(self._result(prep, "replaced", existing.id, "", result.flagged))
                continue
            body = rows.Body(str(uuid.uuid4()), prep, ChangeSet())
            fresh.append(body)
            out.append(self._result(prep, "imported", body.transcript_id))
        self._write_new(s, fresh, attrs, coder_id, batch_id)
        return out

    @staticmethod
    def _write_new(
        s: Session,
        fresh: list[rows.Body],
        attrs: dict[str, tuple[dict[str, str], bool]],
        coder_id: int,
        batch_id: str,
    ) -> None:
        """New transcripts of a chunk: one statement per table, one audit event per file."""
        first_of: dict[str, ChangeSet] = {}  # a new participant belongs to their first file
        for body in fresh:
            for pseudonym in body.prep.pseudonyms:
                first_of.setdefault(pseudonym, body.changes)
        pids = rows.ensure_participants(s, set(first_of), first_of, attrs)
        rows.insert_transcripts(
            s, [(rows.transcript_values(b.transcript_id, b.prep), b.changes) for b in fresh]
        )
        rows.write_bodies(s, fresh, pids)
        entries = []
        for body in fresh:
            allowed = sum(f.confidence == "high" for f in body.prep.findings)
            note = f"; {allowed} possible identifiers allowed by the researcher" if allowed else ""
            entries.append(
                Entry(
                    "transcript.import",
                    f"imported transcript {body.prep.name} ({len(body.prep.layouts)} turns){note}",
                    body.changes,
                    {"allowed_identifiers": allowed},
                )
            )
        record_many(s, coder_id, entries, batch_id)

    @staticmethod
    def _result(
        prep: Prepared, status: str, tid: str | None, msg: str = "", flagged: tuple[int, ...] = ()
    ) -> ImportedFile:
        return ImportedFile(
            str(prep.path),
            prep.name,
            status,
            tid,
            prep.format,
            len(prep.layouts),
            prep.words,
            prep.pseudonyms,
            msg,
            flagged,
            tuple(str(f) for f in prep.findings),
        )

    def _apply_attributes(self, s: Session, attr_rows: list[ParticipantRow], batch: str) -> None:
        if not attr_rows:
            return
        changes = ChangeSet()
        people = {
            p.pseudonym: p
            for p in s.scalars(
                select(Participant).where(
                    Participant.pseudonym.in_([r.pseudonym for r in attr_rows])
                )
            )
        }
        for row in attr_rows:
            p = people.get(row.pseudonym)
            merged = {**p.attributes, **row.attributes} if p is not None else {}
            if p is None or (merged == p.attributes and p.quote_consent == row.quote_consent):
                continue  # unknown, or already as the file says: nothing to record
            before = orm_image(p)
            p.attributes = merged
            p.quote_consent = row.quote_consent
            s.flush()
            changes.updated("participant", before, orm_image(p))
        if changes.changes:
            record(
                s,
                self.wb.coder_id(s),
                "participant.attributes",
                f"set attributes of {len(changes.changes)} participants",
                changes,
                batch_id=batch,
            )

    # -- correcting text -------------------------------------------------------------------
    def _replace(
        self,
        s: Session,
        existing: Transcript,
        prep: Prepared,
        pids: dict[str, int],
        changes: ChangeSet,
    ) -> ReplaceResult:
        mapping = OffsetMap(existing.text, prep.text)
        codings = list(s.scalars(select(Coding).where(Coding.transcript_id == existing.id)))
        flagged: list[int] = []
        moved = 0
        for coding in codings:
            before = orm_image(coding)
            anchor = mapping.anchor(coding.start, coding.end)
            if anchor is None:
                # Keep the extract: clamp it into the new text and flag it for review.
                coding.flagged = True
                end = min(coding.end, len(prep.text))
                coding.start = min(coding.start, max(end - 1, 0))
                coding.end = max(end, coding.start + 1)
                flagged.append(coding.id)
            else:
                moved += (anchor.start, anchor.end) != (coding.start, coding.end)
                coding.start, coding.end = anchor.start, anchor.end
                coding.flagged = False
            set_quote(coding, prep.text)
            s.flush()
            changes.updated("coding", before, orm_image(coding))
        rows.delete_body(s, existing.id, changes)
        before = orm_image(existing)
        existing.text = prep.text
        existing.text_hash = prep.hash
        existing.words = prep.words
        existing.source_format = prep.format
        existing.version += 1
        s.flush()
        changes.updated("transcript", before, orm_image(existing))
        rows.write_body(s, existing.id, prep, pids, changes)
        return ReplaceResult(prep.name, len(codings), moved, tuple(flagged), None)

    def replace_text(self, name: str, new_text: str) -> ReplaceResult:
        """Correct a transcript's text (``transcript edit``): the text is re-parsed as turns."""
        from themework.ingest.plain import parse_plain
        from themework.services.importing import plan_speakers

        with self.wb.store.read() as s:
            t = self._get(s, name)
            known = set(s.scalars(select(Participant.pseudonym)))
            old_hash = t.text_hash
        parsed = parse_plain(new_text, Path(f"{name}.txt"))
        mapped, speakers = plan_speakers(parsed, Path(name), {}, known, name)
        from themework.domain.text import render, text_hash, word_count

        text, layouts = render(mapped)
        if text_hash(text) == old_hash:
            return ReplaceResult(name, 0, 0, (), None)
        prep = Prepared(
            Path(name),
            name,
            t.source_format,
            text,
            text_hash(text),
            sum(word_count(text[x.start : x.end]) for x in layouts),
            tuple(layouts),
            speakers,
        )
        made = self.wb.backup("edit")
        with self.wb.store.write() as s:
            existing = self._get(s, name)
            changes = ChangeSet()
            pids = rows.ensure_participants(s, set(prep.pseudonyms), changes)
            result = self._replace(s, existing, prep, pids, changes)
            record(
                s,
                self.wb.coder_id(s),
                "transcript.edit",
                f"corrected transcript {name} ({len(result.flagged)} codings flagged)",
                changes,
            )
        return ReplaceResult(
            result.name, result.codings, result.moved, result.flagged, str(made) if made else None
        )

    def findings(self, name: str) -> list[tuple[int, int, str, str, str]]:
        """Possible identifiers in a stored transcript, for ``transcript redact --finding``."""
        from themework.services.identifiers import stored_findings

        return stored_findings(self.text(name).text)

    def redact(
        self,
        name: str,
        *,
        match: str | None = None,
        nth: int | None = None,
        finding: int | None = None,
        replacement: str = "[redacted]",
    ) -> tuple[ReplaceResult, list[str]]:
        """Replace an identifier noticed after import; codings are re-anchored, the old text
        is stripped from audit payloads, and backups made before are named for deletion."""
        from themework.domain.spans import find_all
        from themework.services.audit import redact as strip
        from themework.store.backup import list_backups
        from themework.store.models import AuditEvent

        current = self.text(name)
        if finding is not None:
            found = self.findings(name)
            if not 1 <= finding <= len(found):
                raise InputError(f"transcript {name} has findings 1 to {len(found)}")
            start, end = found[finding - 1][:2]
        elif match:
            hits = find_all(current.text, match)
            if not hits:
                raise InputError(f"the text given to --match does not occur in transcript {name}")
            if len(hits) > 1 and nth is None:
                raise InputError(
                    f"the text occurs {len(hits)} times in {name}: choose one with --nth"
                )
            k = (nth or 1) - 1
            if not 0 <= k < len(hits):
                raise InputError(f"--nth must be between 1 and {len(hits)}")
            start, end = hits[k], hits[k] + len(match)
        else:
            raise InputError("say what to redact: --match TEXT or --finding N")
        new_text = current.text[:start] + replacement + current.text[end:]
        result = self.replace_text(name, new_text)
        with self.wb.store.write() as s:
            marks = {f"transcript:{current.id}", f"@transcript:{current.id}"}
            for event in s.scalars(select(AuditEvent)):
                if marks & set(event.targets) and not event.redacted:
                    event.before = strip(event.before)
                    event.after = strip(event.after)
                    event.redacted = True
                    event.undoable = False
        path = self.wb.store.location.path
        if path is not None:  # deleted text must not linger in free pages or the WAL
            from themework.store.backup import vacuum

            vacuum(self.wb.store.engine)
        older = [str(b) for b in list_backups(path)] if path is not None else []
        if result.backup in older:
            older.remove(result.backup)
            older.append(result.backup)
        return result, older

    # -- reading ---------------------------------------------------------------------------
    @staticmethod
    def _get(s: Session, name: str) -> Transcript:
        t = s.scalar(select(Transcript).where(Transcript.name == name))
        if t is None:
            t = s.get(Transcript, name)  # a UUID works too
        if t is None:
            raise NotFound(f"no transcript named {name!r} (see 'themework transcripts')")
        return t

    def list(self) -> list[TranscriptInfo]:
        with self.wb.store.read() as s:
            turns = dict(
                s.execute(
                    select(Turn.transcript_id, func.count()).group_by(Turn.transcript_id)
                ).all()
            )
            codings = dict(
                s.execute(
                    select(Coding.transcript_id, func.count()).group_by(Coding.transcript_id)
                ).all()
            )
            people: dict[str, list[tuple[str, dict[str, str]]]] = {}
            for tid, pseudonym, attrs in s.execute(
                select(
                    TranscriptParticipant.transcript_id,
                    Participant.pseudonym,
                    Participant.attributes,
                ).join(Participant, Participant.id == TranscriptParticipant.participant_id)
            ):
                people.setdefault(tid, []).append((pseudonym, attrs))
            out = []
            for t in s.execute(
                select(
                    Transcript.id,
                    Transcript.name,
                    Transcript.source_format,
                    Transcript.imported_at,
                    Transcript.words,
                )
            ):
                plist = sorted(people.get(t.id, []))
                out.append(
                    TranscriptInfo(
                        t.id,
                        t.name,
                        t.source_format,
                        t.imported_at,
                        tuple(p for p, _ in plist),
                        {p: dict(a) for p, a in plist},
                        turns.get(t.id, 0),
                        t.words,
                        codings.get(t.id, 0),
                    )
                )
        return sorted(out, key=lambda x: x.name.casefold())

    def text(self, name: str) -> TranscriptText:
        with self.wb.store.read() as s:
            t = self._get(s, name)
            q = (
                select(Turn, Speaker.label, Speaker.role, Participant.pseudonym)
                .join(Speaker, Speaker.id == Turn.speaker_id)
                .outerjoin(Participant, Participant.id == Speaker.participant_id)
                .where(Turn.transcript_id == t.id)
                .order_by(Turn.index)
            )
            turns = tuple(
                TurnInfo(
                    turn.index,
                    label,
                    role,
                    pseudonym,
                    turn.label_start,
                    turn.label_end,
                    turn.start,
                    turn.end,
                    turn.start_s,
                    turn.end_s,
                )
                for turn, label, role, pseudonym in s.execute(q).all()
            )
            return TranscriptText(t.id, t.name, t.text, turns)

    def search(self, query: str, limit: int = 50) -> builtins.list[SearchHit]:
        from themework.store.search import search_turns

        with self.wb.store.read() as s:
            return [SearchHit(*hit) for hit in search_turns(s, query, limit)]

    def rename(self, old: str, new: str) -> None:
        with self.wb.store.write() as s:
            t = self._get(s, old)
            if s.scalar(select(Transcript.id).where(Transcript.name == new)):
                raise Conflict(f"a transcript named {new!r} already exists")
            before = orm_image(t)
            s.execute(update(Transcript).where(Transcript.id == t.id).values(name=new))
            s.refresh(t)
            changes = ChangeSet()
            changes.updated("transcript", before, orm_image(t))
            record(s, self.wb.coder_id(s), "transcript.rename", f"renamed {old} to {new}", changes)


def _refuse_identifiers(prep: Prepared) -> None:
    from themework.services.identifiers import blocking, summary

    found = blocking(list(prep.findings))
    if found:
        raise InputError(
            f"{len(found)} possible identifier(s) found, so it was not imported: "
            f"{summary(found)}. Pseudonymise it first (themework pseudonymise), or import "
            "with --allow-identifiers (recorded in the log)",
            file=prep.path,
        )


def set_quote(coding: Coding, text: str) -> None:
    coding.quote = text[coding.start : coding.end]
    coding.context_before = text[max(0, coding.start - CONTEXT) : coding.start]
    coding.context_after = text[coding.end : coding.end + CONTEXT]
