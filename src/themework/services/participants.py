"""Participants: attributes, quote consent, and the right to withdraw."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, delete, func, select, text, update
from sqlalchemy.orm import Session

from themework.domain.errors import NotFound, ProjectError
from themework.domain.plural import plural
from themework.services.audit import record, redact
from themework.services.changes import ChangeSet, orm_image
from themework.services.dto import ParticipantInfo, WithdrawResult
from themework.services.withdraw_quotes import sweep, their_words
from themework.store.models import (
    AuditEvent,
    Coding,
    Draft,
    LemmaCache,
    Memo,
    Participant,
    Project,
    Speaker,
    Suggestion,
    Transcript,
    TranscriptParticipant,
    Turn,
    TurnSearch,
)

if TYPE_CHECKING:
    from themework.services.context import ServiceContext

log = logging.getLogger(__name__)
WITHDRAWN = "[withdrawn]"


class ParticipantService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    @staticmethod
    def _get(s: Session, pseudonym: str) -> Participant:
        p = s.scalar(select(Participant).where(Participant.pseudonym == pseudonym))
        if p is None:
            raise NotFound(f"no participant {pseudonym!r} (see 'themework participant list')")
        return p

    def list(self) -> list[ParticipantInfo]:
        with self.ctx.store.read() as s:
            links: dict[int, list[str]] = {}
            for pid, name in s.execute(
                select(TranscriptParticipant.participant_id, Transcript.name).join(
                    Transcript, Transcript.id == TranscriptParticipant.transcript_id
                )
            ):
                links.setdefault(pid, []).append(name)
            return sorted(
                (
                    ParticipantInfo(
                        p.pseudonym, dict(p.attributes), p.quote_consent,
                        tuple(sorted(links.get(p.id, []))),
                    )
                    for p in s.scalars(select(Participant))
                ),
                key=lambda x: x.pseudonym.casefold(),
            )

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
            tids = list(
                s.scalars(
                    select(TranscriptParticipant.transcript_id).where(
                        TranscriptParticipant.participant_id == p.id
                    )
                )
            )
            others = dict(
                s.execute(
                    select(TranscriptParticipant.transcript_id, func.count())
                    .where(TranscriptParticipant.transcript_id.in_(tids))
                    .where(TranscriptParticipant.participant_id != p.id)
                    .group_by(TranscriptParticipant.transcript_id)
                ).all()
            )
            alone = sorted(t for t in tids if not others.get(t))
            shared = sorted(t for t in tids if others.get(t))
            names_deleted = tuple(
                sorted(s.scalars(select(Transcript.name).where(Transcript.id.in_(alone))))
            )
            names_redacted = tuple(
                sorted(s.scalars(select(Transcript.name).where(Transcript.id.in_(shared))))
            )
            hashes = set(s.scalars(select(Transcript.text_hash).where(Transcript.id.in_(tids))))
            gone_codings = set(s.scalars(select(Coding.id).where(Coding.transcript_id.in_(alone))))
            said = their_words(s, p.id, tids)
            for tid in shared:
                gone_codings |= _blank_turns(s, tid, p.id)
            # Memos on them, on their transcripts and on codings of their words: all go, and
            # so does every audit event that carried their text.
            gone_memos = set(
                s.scalars(
                    select(Memo.id).where(
                        (Memo.participant_id == p.id)
                        | Memo.transcript_id.in_(alone)
                        | Memo.coding_id.in_(gone_codings)
                    )
                )
            )
            s.execute(delete(Memo).where(Memo.id.in_(gone_memos)))
            # Unsaved drafts on their transcripts (group ones too) may quote them: they go.
            s.execute(delete(Draft).where(Draft.transcript_id.in_(tids)))
            s.execute(delete(Coding).where(Coding.id.in_(gone_codings)))
            s.execute(delete(Transcript).where(Transcript.id.in_(alone)))
            s.execute(delete(LemmaCache).where(LemmaCache.text_hash.in_(hashes)))
            s.execute(delete(Participant).where(Participant.id == p.id))
            if s.get_bind().dialect.name == "sqlite":
                # FTS5 deletes only add tombstones: merge the index so their terms are gone.
                s.execute(text("INSERT INTO turn_fts(turn_fts) VALUES ('optimize')"))
            quotes = sweep(s, said)  # their words quoted in what researchers wrote
            marks = {f"transcript:{t}" for t in tids} | {f"participant:{p.id}"}
            marks |= {f"coding:{c}" for c in gone_codings} | {f"memo:{m}" for m in gone_memos}
            marks |= quotes.marks
            # Framework-matrix notes on them are keyed (participant, theme): match the prefix.
            redacted = _redact_events(s, marks, prefixes=(f"matrix_note:{p.id}/",))
            erased_by = _transaction_id(s)
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
            pseudonym, names_deleted, names_redacted, codings, memos, redacted, removed, clean,
            tuple(quotes.changed),
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
            value = (s.scalar(select(Project.settings)) or {}).get(PENDING)
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

    from themework.store.models import Base

    names = ", ".join(f'"{name}"' for name in sorted(Base.metadata.tables))
    deadline = time.monotonic() + wait_s
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        while (old := _older_snapshots(conn, erased_by)) and time.monotonic() < deadline:
            time.sleep(0.1)
        conn.execute(text(f"VACUUM (FULL, ANALYZE) {names}"))
    return not old


PENDING = "withdrawal_rewrite_pending"


def _set_pending(s: Session, erased_by: int | None) -> None:
    settings = dict(s.scalar(select(Project.settings)) or {})
    if erased_by is None:
        settings.pop(PENDING, None)
    else:
        settings[PENDING] = erased_by
    s.execute(update(Project).values(settings=settings))


def _transaction_id(s: Session) -> int | None:
    """This transaction's id on PostgreSQL (32-bit, as sessions show it), else None."""
    if s.get_bind().dialect.name != "postgresql":
        return None
    return int(s.execute(text("SELECT pg_current_xact_id()::text")).scalar_one()) % 2**32


def _older_snapshots(conn: Any, xid: int) -> int:
    """Sessions whose snapshot or transaction began before transaction ``xid`` ended.

    ``xid`` is the 32-bit form the server shows for sessions; compared as numbers, which is
    right until the counter wraps (after four billion transactions: then the wait is
    skipped or runs to its limit, and the result says whether it was clean)."""
    return int(
        conn.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND ("
                "(backend_xmin IS NOT NULL AND backend_xmin::text::bigint <= :xid) OR "
                "(backend_xid IS NOT NULL AND backend_xid::text::bigint <= :xid))"
            ),
            {"xid": xid},
        ).scalar_one()
    )


def _blank_turns(s: Session, tid: str, participant_id: int) -> set[int]:
    """Replace a participant's utterances in a group transcript by a marker, in place.

    Their turns keep their numbers (so references to other turns stay right); codings and
    suggestions that touch their words are returned (codings, for the caller to delete with
    their memos) or deleted (suggestions); the rest move with the shortened text.
    """
    from themework.domain.text import text_hash, word_count
    from themework.services.transcript_rows import set_quote

    t = s.get_one(Transcript, tid)
    speakers = set(
        s.scalars(
            select(Speaker.id).where(
                Speaker.transcript_id == tid, Speaker.participant_id == participant_id
            )
        )
    )
    turns = list(s.scalars(select(Turn).where(Turn.transcript_id == tid).order_by(Turn.index)))
    mine = sorted((u.start, u.end) for u in turns if u.speaker_id in speakers)

    def touches(start: int, end: int) -> bool:
        return any(start < e and end > b for b, e in mine)

    codings = list(s.scalars(select(Coding).where(Coding.transcript_id == tid)))
    doomed = {c.id for c in codings if touches(c.start, c.end)}
    suggestions = list(s.scalars(select(Suggestion).where(Suggestion.transcript_id == tid)))
    s.execute(
        delete(Suggestion).where(
            Suggestion.id.in_([g.id for g in suggestions if touches(g.start, g.end)])
        )
    )

    def shift(offset: int) -> int:
        delta = 0
        for b, e in mine:
            if e <= offset:
                delta += (e - b) - len(WITHDRAWN)
        return offset - delta

    pieces, pos = [], 0
    for b, e in mine:
        pieces += [t.text[pos:b], WITHDRAWN]
        pos = e
    pieces.append(t.text[pos:])
    new_text = "".join(pieces)
    for u in turns:
        u.label_start, u.label_end = shift(u.label_start), shift(u.label_end)
        if u.speaker_id in speakers:
            u.start = shift(u.start)
            u.end = u.start + len(WITHDRAWN)
        else:
            u.start, u.end = shift(u.start), shift(u.end)
    for c in codings:
        if c.id not in doomed:
            c.start, c.end = shift(c.start), shift(c.end)
            set_quote(c, new_text)
    for g in suggestions:
        if not touches(g.start, g.end):
            g.start, g.end = shift(g.start), shift(g.end)
    t.text = new_text
    t.text_hash = text_hash(new_text)
    t.words = sum(word_count(new_text[u.start : u.end]) for u in turns)
    t.version += 1
    s.flush()
    mine_ids = [u.id for u in turns if u.speaker_id in speakers]
    s.execute(update(TurnSearch).where(TurnSearch.turn_id.in_(mine_ids)).values(body=WITHDRAWN))
    s.execute(update(Speaker).where(Speaker.id.in_(speakers)).values(participant_id=None))
    s.execute(
        delete(TranscriptParticipant).where(
            TranscriptParticipant.transcript_id == tid,
            TranscriptParticipant.participant_id == participant_id,
        )
    )
    return doomed


def _redact_events(s: Session, marks: set[str], prefixes: tuple[str, ...] = ()) -> int:
    """Strip text from every audit payload that touched (or referred to) these rows.

    One hop further: a coding seen in such an event that no longer exists (removed before
    the withdrawal, or just now) may have carried a memo quoting them, so events that refer
    to it are redacted as well.
    """
    marks = marks | {f"@{m}" for m in marks}
    pending = list(s.scalars(select(AuditEvent).where(AuditEvent.redacted.is_(False))))

    def hit(event: AuditEvent) -> bool:
        targets = set(event.targets)
        return bool(marks & targets) or any(t.startswith(prefixes) for t in targets if prefixes)

    first = [e for e in pending if hit(e)]
    seen = {
        int(t.split(":", 1)[1])
        for e in first for t in e.targets
        if t.startswith("coding:") and t.split(":", 1)[1].isdigit()
    }
    live = set(s.scalars(select(Coding.id).where(Coding.id.in_(seen)))) if seen else set()
    marks |= {f"{at}coding:{i}" for i in seen - live for at in ("", "@")}
    count = 0
    for event in pending:
        if hit(event):
            event.before = redact(event.before)
            event.after = redact(event.after)
            event.redacted = True
            event.undoable = False
            count += 1
    return count
