"""Participants: attributes, quote consent, and the right to withdraw."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from themework.domain.errors import NotFound, ProjectError
from themework.domain.plural import plural
from themework.services import withdraw_erase as erase
from themework.services.audit import record
from themework.services.changes import ChangeSet, orm_image
from themework.services.dto import ParticipantInfo, WithdrawResult
from themework.services.withdraw_quotes import sweep, their_words
from themework.store.models import (
    Participant,
)
from themework.store.repos.participants import (
    attribute_names,
    participant_named,
    participants_with_transcripts,
)
from themework.store.repos.project import settings as settings_of
from themework.store.repos.project import store_settings
from themework.store.repos.withdrawal import older_snapshots, transaction_id, vacuum_full

if TYPE_CHECKING:
    from themework.services.context import ServiceContext

log = logging.getLogger(__name__)


class ParticipantService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    @staticmethod
    def _get(s: Session, pseudonym: str) -> Participant:
        p = participant_named(s, pseudonym)
        if p is None:
            raise NotFound(f"no participant {pseudonym!r} (see 'themework participant list')")
        return p

    def list(self) -> list[ParticipantInfo]:
        with self.ctx.store.read() as s:
            return sorted(
                (
                    ParticipantInfo(
                        p.pseudonym, dict(p.attributes), p.quote_consent, tuple(sorted(names)),
                    )
                    for p, names in participants_with_transcripts(s)
                ),
                key=lambda x: x.pseudonym.casefold(),
            )

    def attribute_names(self) -> tuple[str, ...]:
        """The attributes any participant has, sorted: what prevalence can be grouped by.
        Cheaper than ``list`` (no transcripts are gathered), for screens that only offer
        the choice."""
        with self.ctx.store.read() as s:
            return tuple(sorted(attribute_names(s)))

    def set(
        self,
        pseudonym: str,
        attributes: dict[str, str] | None = None,
        quote_consent: bool | None = None,
        unset: Sequence[str] | None = None,
    ) -> ParticipantInfo:
        with self.ctx.store.write() as s:
            p = self._get(s, pseudonym)
            before = orm_image(p)
            attrs = {**p.attributes, **(attributes or {})}
            for key in unset or []:
                attrs.pop(key, None)
            p.attributes = attrs
            if quote_consent is not None:
                p.quote_consent = quote_consent
            s.flush()
            changes = ChangeSet()
            changes.updated("participant", before, orm_image(p))
            record(s, self.ctx.coder_id(s), "participant.set", f"updated {pseudonym}", changes)
        return next(x for x in self.list() if x.pseudonym == pseudonym)

    # -- withdrawal ------------------------------------------------------------------------
    def withdraw(self, pseudonym: str) -> WithdrawResult:
        """Erase a participant: their transcripts, their turns in group transcripts, the
        codings, memos and drafts on them, search rows, cached counts, and text in audit payloads;
        then compact the file and remove backups that still hold them.

        On SQLite the file must be the withdrawal's alone: a program in the middle of reading
        it would keep their words in the write-ahead log, so that is refused up front.
        """
        from themework.store.backup import backups_locked

        self._refuse_while_read()
        # The backup lock from before the backups go until after the commit: no copy of
        # the project as it was can be made meanwhile (store/backup.py).
        with backups_locked(self.ctx.store.location.path), self.ctx.store.write() as s:
            p = self._get(s, pseudonym)
            coder_id = self.ctx.coder_id(s)
            where = erase.reach(s, p.id)
            tids, alone, shared = where.tids, where.alone, where.shared
            gone_codings = set(where.codings_alone)
            said = their_words(s, p.id, tids)
            for tid in shared:
                gone_codings |= erase.blank_turns(s, tid, p.id)
            gone_memos = erase.delete_rows(s, p.id, where, gone_codings)
            quotes = sweep(s, said)  # their words quoted in what researchers wrote
            marks = {f"transcript:{t}" for t in tids} | {f"participant:{p.id}"}
            marks |= {f"coding:{c}" for c in gone_codings} | {f"memo:{m}" for m in gone_memos}
            marks |= quotes.marks
            # Framework-matrix notes on them are keyed (participant, theme): match the prefix.
            redacted = erase.redact_events(s, marks, prefixes=(f"matrix_note:{p.id}/",))
            erased_by = transaction_id(s)
            if erased_by is not None:
                # Cleared once the tables are rewritten: a process killed before that
                # leaves the words in the server's files, and doctor finishes the job.
                _set_pending(s, erased_by)
            codings, memos = len(gone_codings), len(gone_memos)
            record(
                s, coder_id, "participant.withdraw",
                f"participant {pseudonym} withdrew: {plural(len(alone), 'transcript')} deleted, "
                f"{len(shared)} redacted, {plural(codings, 'coding')} and "
                f"{plural(memos, 'memo')} deleted",
                undoable=False,
            )
            # Before the commit: a process killed between the commit and this would leave
            # copies of a withdrawn participant; killed before the commit, the project
            # merely lost its backups and still holds them.
            removed = self._drop_backups()
        clean = self._purge_copies(erased_by)
        return WithdrawResult(
            pseudonym, where.names_deleted, where.names_redacted, codings, memos, redacted,
            removed, clean, tuple(quotes.changed),
        )

    def _refuse_while_read(self) -> None:
        from themework.store.backup import others_reading

        store = self.ctx.store
        if store.location.path is not None and others_reading(store.engine):
            raise ProjectError(
                f"another program is reading {store.location.display()} (the workbench in "
                "another terminal, or a database browser): a withdrawal needs the file to "
                "itself, so that nothing of theirs stays in its write-ahead log. Close it "
                "and run the withdrawal again; nothing was changed"
            )

    def _drop_backups(self) -> tuple[str, ...]:
        from themework.store.backup import list_backups

        path = self.ctx.store.location.path
        removed = []
        for old in list_backups(path) if path is not None else []:
            old.unlink(missing_ok=True)
            removed.append(str(old))
        return tuple(removed)

    def pending_rewrite(self) -> int | None:
        """The erasing transaction of a withdrawal whose table rewrite never finished."""
        with self.ctx.store.read() as s:
            value = settings_of(s).get(PENDING)
        return int(value) if value is not None else None

    def finish_erasure(self) -> bool:
        """Rewrite the tables for a withdrawal cut short after its commit (PostgreSQL);
        True when there was one and it is now done."""
        erased_by = self.pending_rewrite()
        if erased_by is None or self.ctx.store.location.path is not None:
            return False
        return self._purge_copies(erased_by)

    def _purge_copies(self, erased_by: int | None) -> bool:
        """Rewrite what still holds the erased rows; say whether the file itself is clean."""
        from themework.store.backup import vacuum

        if self.ctx.store.location.path is None:
            assert erased_by is not None
            clean = _rewrite_postgres_tables(self.ctx.store.engine, erased_by)
            if clean:
                with self.ctx.store.write() as s:
                    _set_pending(s, None)
            return clean
        clean = vacuum(self.ctx.store.engine)
        if not clean:
            log.warning(
                "another program opened %s during the withdrawal: its write-ahead log keeps "
                "old pages until every program using the project has closed it",
                self.ctx.store.location.display(),
            )
        return clean


def _rewrite_postgres_tables(engine: Engine, erased_by: int, wait_s: float = 30.0) -> bool:
    """Rewrite every table themework owns, so deleted rows leave the server's data files.

    A plain VACUUM only marks dead rows' space reusable: their bytes stay in the relation
    files (and in the indexes, the tsvector index included) until overwritten. VACUUM FULL
    writes each table and its indexes and TOAST anew and drops the old files, but it copies
    rows that a snapshot older than the erasing transaction ``erased_by`` might still see,
    anywhere on the server (CREATE and DROP DATABASE hold back every database's horizon),
    so it first waits for such snapshots to end. Returns False when one outlasted
    ``wait_s``. What is left after is the server's: its write-ahead log and archives, base
    backups, and the disk blocks of the dropped files.
    """
    import time

    deadline = time.monotonic() + wait_s
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        while (old := older_snapshots(conn, erased_by)) and time.monotonic() < deadline:
            time.sleep(0.1)
        vacuum_full(conn)
    return not old


PENDING = "withdrawal_rewrite_pending"


def _set_pending(s: Session, erased_by: int | None) -> None:
    settings = settings_of(s)
    if erased_by is None:
        settings.pop(PENDING, None)
    else:
        settings[PENDING] = erased_by
    store_settings(s, settings)
