"""Participants: attributes, quote consent, and the right to withdraw."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from themework.domain.errors import NotFound
from themework.services.audit import record, redact
from themework.services.changes import ChangeSet, orm_image
from themework.services.dto import ParticipantInfo, WithdrawResult
from themework.store.models import (
    AuditEvent,
    Coding,
    LemmaCache,
    Memo,
    Participant,
    Speaker,
    Transcript,
    TranscriptParticipant,
    Turn,
)

if TYPE_CHECKING:
    from themework.services.workbench import Workbench

log = logging.getLogger(__name__)
WITHDRAWN = "[withdrawn]"


class ParticipantService:
    def __init__(self, wb: Workbench) -> None:
        self.wb = wb

    @staticmethod
    def _get(s: Session, pseudonym: str) -> Participant:
        p = s.scalar(select(Participant).where(Participant.pseudonym == pseudonym))
        if p is None:
            raise NotFound(f"no participant {pseudonym!r} (see 'themework participant list')")
        return p

    def list(self) -> list[ParticipantInfo]:
        with self.wb.store.read() as s:
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
        unset: list[str] | None = None,
    ) -> ParticipantInfo:
        with self.wb.store.write() as s:
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
            record(s, self.wb.coder_id(s), "participant.set", f"updated {pseudonym}", changes)
        return next(x for x in self.list() if x.pseudonym == pseudonym)

    # -- withdrawal ------------------------------------------------------------------------
    def withdraw(self, pseudonym: str) -> WithdrawResult:
        """Erase a participant: their transcripts, their turns in group transcripts, the
        codings and memos on them, search rows, cached counts, and text in audit payloads;
        then compact the file and remove backups that still hold them."""
        with self.wb.store.write() as s:
            p = self._get(s, pseudonym)
            coder_id = self.wb.coder_id(s)
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
            memos = s.scalar(select(func.count()).where(Memo.participant_id == p.id)) or 0
            names_deleted = tuple(sorted(s.scalars(select(Transcript.name).where(Transcript.id.in_(alone)))))
            names_redacted = tuple(sorted(s.scalars(select(Transcript.name).where(Transcript.id.in_(shared)))))
            hashes = set(s.scalars(select(Transcript.text_hash).where(Transcript.id.in_(tids))))
            codings = s.scalar(select(func.count()).where(Coding.transcript_id.in_(alone))) or 0
            memos += s.scalar(
                select(func.count()).where(
                    Memo.transcript_id.in_(alone) | Memo.coding_id.in_(
                        select(Coding.id).where(Coding.transcript_id.in_(alone))
                    )
                )
            ) or 0
            s.execute(delete(Transcript).where(Transcript.id.in_(alone)))
            for tid in shared:
                c, m = _blank_turns(s, tid, p.id)
                codings += c
                memos += m
            s.execute(delete(LemmaCache).where(LemmaCache.text_hash.in_(hashes)))
            s.execute(delete(Participant).where(Participant.id == p.id))
            redacted = _redact_events(s, set(tids), p.id)
            record(
                s, coder_id, "participant.withdraw",
                f"participant {pseudonym} withdrew: {len(alone)} transcripts deleted, "
                f"{len(shared)} redacted, {codings} codings and {memos} memos deleted",
                undoable=False,
            )
        removed = self._purge_copies()
        return WithdrawResult(
            pseudonym, names_deleted, names_redacted, codings, memos, redacted, removed
        )

    def _purge_copies(self) -> tuple[str, ...]:
        from themework.store.backup import list_backups, vacuum

        path = self.wb.store.location.path
        if path is None:
            return ()
        vacuum(self.wb.store.engine)
        removed = []
        for old in list_backups(path):
            old.unlink(missing_ok=True)
            removed.append(str(old))
        return tuple(removed)


def _blank_turns(s: Session, tid: str, participant_id: int) -> tuple[int, int]:
    """Replace a participant's utterances in a group transcript by a marker, in place.

    Their turns keep their numbers (so references to other turns stay right); codings that
    touch their words are deleted, the rest move with the shortened text.
    """
    from themework.services.transcripts import set_quote

    t = s.get_one(Transcript, tid)
    speakers = set(
        s.scalars(
            select(Speaker.id).where(
                Speaker.transcript_id == tid, Speaker.participant_id == participant_id
            )
        )
    )
    turns = list(s.scalars(select(Turn).where(Turn.transcript_id == tid).order_by(Turn.index)))
    mine = [(u.start, u.end) for u in turns if u.speaker_id in speakers]
    codings = list(s.scalars(select(Coding).where(Coding.transcript_id == tid)))
    doomed = [c.id for c in codings if any(c.start < e and c.end > b for b, e in mine)]
    memos = s.scalar(select(func.count()).where(Memo.coding_id.in_(doomed))) or 0
    s.execute(delete(Coding).where(Coding.id.in_(doomed)))

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
    from themework.domain.text import text_hash, word_count

    t.text = new_text
    t.text_hash = text_hash(new_text)
    t.words = sum(word_count(new_text[u.start : u.end]) for u in turns)
    t.version += 1
    s.flush()
    from themework.store.models import TurnSearch

    for u in turns:
        if u.speaker_id in speakers:
            s.execute(update(TurnSearch).where(TurnSearch.turn_id == u.id).values(body=WITHDRAWN))
    s.execute(
        update(Speaker).where(Speaker.id.in_(speakers)).values(participant_id=None)
    )
    s.execute(
        delete(TranscriptParticipant).where(
            TranscriptParticipant.transcript_id == tid,
            TranscriptParticipant.participant_id == participant_id,
        )
    )
    return len(doomed), memos


def _redact_events(s: Session, tids: set[str], participant_id: int) -> int:
    """Strip text from every audit payload that touched their transcripts or them."""
    marks = {f"transcript:{t}" for t in tids} | {f"@transcript:{t}" for t in tids}
    marks |= {f"participant:{participant_id}", f"@participant:{participant_id}"}
    count = 0
    for event in s.scalars(select(AuditEvent).where(AuditEvent.redacted.is_(False))):
        if marks & set(event.targets):
            event.before = redact(event.before)
            event.after = redact(event.after)
            event.redacted = True
            event.undoable = False
            count += 1
    return count
