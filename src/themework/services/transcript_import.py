"""Importing transcript files: prepare them (in worker processes for large imports), then
store them chunk by chunk in one write transaction, one audit event per file.

``TranscriptService`` takes these methods from ``TranscriptImport``; ``_replace`` is shared
with ``transcript edit``, which corrects one transcript the same way ``--replace`` does.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from themework.domain.anchor import OffsetMap
from themework.domain.errors import Conflict, InputError, ThemeworkError
from themework.domain.plural import plural
from themework.gcpause import gc_paused
from themework.ingest.csvfiles import ParticipantRow, read_attributes, read_speaker_map
from themework.services import transcript_rows as rows
from themework.services.audit import Entry, new_batch, record, record_many
from themework.services.changes import ChangeSet, orm_image
from themework.services.dto import ImportedFile, ImportReport, ReplaceResult
from themework.services.importing import (
    Prepared,
    PrepareOptions,
    Refusal,
    display_names,
    prepared_in_order,
    screened_chunk,
)
from themework.services.transcript_rows import set_quote
from themework.store.backup import backups_locked
from themework.store.models import Transcript
from themework.store.repos.codings import codings_in
from themework.store.repos.participants import participants_by_pseudonym, pseudonyms
from themework.store.repos.transcripts import entities_named, text_hashes

if TYPE_CHECKING:
    from spacy.language import Language

    from themework.services.context import ServiceContext
    from themework.services.projects import ProjectService

Progress = Callable[[int, int], None]
BATCH = 100  # files per savepoint (and per statement per table) on bulk imports


class TranscriptImport:
    """Import and replacement of transcripts (mixed into ``TranscriptService``)."""

    ctx: ServiceContext
    projects: ProjectService

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
        show_identifiers: bool = False,
    ) -> ImportReport:
        """``show_identifiers`` puts what the identifier and speaker-label checks found in
        full into refusals; by default they show kinds, lines and a masked form."""
        attr_rows = read_attributes(attributes) if attributes else []
        smap = read_speaker_map(speaker_map) if speaker_map else {}
        paths = [Path(p) for p in paths]
        names = display_names(paths, name)
        with self.ctx.store.read() as s:
            known = pseudonyms(s)
        known |= {r.pseudonym for r in attr_rows}
        known |= {t.pseudonym for t in smap.values() if t.pseudonym}

        settings = PrepareOptions(smap, frozenset(known), speaker, show_identifiers)
        jobs = list(zip(paths, names, strict=True))
        pipeline = self._ner_pipeline() if ner else None
        with prepared_in_order(jobs, settings, pipeline) as outcomes:
            return self._store_prepared(
                jobs, outcomes, attr_rows, attributes,
                replace=replace, allow_identifiers=allow_identifiers, progress=progress,
            )

    def _store_prepared(
        self,
        jobs: Sequence[tuple[Path, str]],
        outcomes: Iterator[Prepared | Refusal],
        attr_rows: list[ParticipantRow],
        attributes: Path | None,
        *,
        replace: bool,
        allow_identifiers: bool,
        progress: Progress | None,
    ) -> ImportReport:
        """Store prepared sources (or the reason each failed), one per job, in job order.

        Shared by transcript files and survey answers (``services.survey_import``), so both
        are checked, stored, audited and undone the same way."""
        results: dict[int, ImportedFile] = {}
        # Only who the stored files name outlives its chunk: a prepared file (text and
        # turn layouts, 32 KB) is dropped once stored, so memory stays flat however many.
        named: set[str] = set()
        batch_id = new_batch()
        backup: str | None = None
        # One write transaction for the whole import, a savepoint per chunk of files: files
        # are stored while workers prepare the next ones, and a problem only the whole set
        # shows (an attributes row naming nobody) still leaves nothing stored. A replacing
        # import may back up: it takes the backup lock before the write, as a withdrawal
        # does, so neither waits on the other holding what it needs.
        lock = backups_locked(self.ctx.store.location.path) if replace else nullcontext()
        with lock, self.ctx.store.write() as s:
            for start in range(0, len(jobs), BATCH):
                chunk = screened_chunk(jobs, outcomes, range(start, min(start + BATCH, len(jobs))),
                                       results, allow_identifiers)
                preps = [prep for _, prep in chunk]
                named.update(p for prep in preps for p in prep.pseudonyms)
                if preps and replace and backup is None and self._would_replace(s, preps):
                    made = self.ctx.backup("replace")  # the project as it was before the import
                    backup = str(made) if made else None
                try:
                    with s.begin_nested():
                        out = self._store_chunk(s, preps, attr_rows, replace, batch_id)
                except ThemeworkError as exc:
                    for i, prep in chunk:
                        results[i] = ImportedFile(
                            str(prep.path), prep.name, "failed", message=str(exc),
                            options=exc.options,
                        )
                else:
                    results.update(zip((i for i, _ in chunk), out, strict=True))
                if progress:
                    progress(min(start + BATCH, len(jobs)), len(jobs))
            self._check_attributes(s, attributes, attr_rows, named)
            # Once, after every chunk: new participants already have theirs.
            self._apply_attributes(s, attr_rows, batch_id)
        return ImportReport(tuple(results[i] for i in sorted(results)), backup)

    def _ner_pipeline(self) -> Language:
        from themework.nlp.pipeline import trained_pipeline

        nlp = trained_pipeline(self.projects.nlp_setting())
        if nlp is None:
            raise InputError(
                "no trained language pipeline is installed or configured for named entities "
                "(see 'themework doctor'); import without the named-entity check for the "
                "rule-based one",
                options=("ner",),
            )
        return nlp

    @staticmethod
    def _check_attributes(
        s: Session, path: Path | None, attr_rows: list[ParticipantRow], named: set[str]
    ) -> None:
        if not attr_rows or path is None:
            return
        # One set, made once: a union per row was quadratic (261 s of a 10,000-file import).
        known = set(named)
        known.update(pseudonyms(s))
        for row in attr_rows:
            if row.pseudonym not in known:
                raise InputError(
                    f"participant {row.pseudonym} is in no transcript of this import or project "
                    "(or their transcript failed to import: see above)",
                    file=path,
                    line=row.line,
                )

    @staticmethod
    def _would_replace(s: Session, chunk: list[Prepared]) -> bool:
        existing = {t.name: t.text_hash for t in text_hashes(s, names=[p.name for p in chunk])}
        return any(p.name in existing and existing[p.name] != p.hash for p in chunk)

    def _store_chunk(
        self,
        s: Session,
        chunk: list[Prepared],
        attr_rows: list[ParticipantRow],
        replace: bool,
        batch_id: str,
    ) -> list[ImportedFile]:
        coder_id = self.ctx.coder_id(s)
        by_name = entities_named(s, [p.name for p in chunk])
        by_hash = {t.text_hash: t.name for t in text_hashes(s, hashes=[p.hash for p in chunk])}
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
                    "project; replace it to correct it (codings are re-anchored) or give this "
                    "one another name",
                    options=("replace", "name"),
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
                    f"replaced transcript {prep.name} "
                    f"({plural(len(result.flagged), 'coding')} flagged)",
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
            note = (f"; {plural(allowed, 'possible identifier')} allowed by the researcher"
                    if allowed else "")
            entries.append(
                Entry(
                    "transcript.import",
                    f"imported transcript {body.prep.name} "
                    f"({plural(len(body.prep.layouts), 'turn')}){note}",
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
            tuple(f.describe(full=prep.show_identifiers) for f in prep.findings),
        )

    def _apply_attributes(self, s: Session, attr_rows: list[ParticipantRow], batch: str) -> None:
        if not attr_rows:
            return
        changes = ChangeSet()
        people = participants_by_pseudonym(s, [r.pseudonym for r in attr_rows])
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
                self.ctx.coder_id(s),
                "participant.attributes",
                f"set attributes of {plural(len(changes.changes), 'participant')}",
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
        codings = codings_in(s, [existing.id])
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
