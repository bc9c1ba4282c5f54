"""What the project's record holds, counted: the figures the report's methods paragraph and
reporting checklist state (transcripts, participants, codings and coders, the audit log,
snapshots), each a query here so the report reads the record, not what anyone says of it;
the storage checks ``doctor`` runs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import ColumnElement, func, select, text
from sqlalchemy.orm import Session

from themework.store.models import (
    AuditEvent,
    Code,
    Coder,
    Coding,
    Memo,
    Participant,
    Snapshot,
    Transcript,
)


def _not_by(coder: str) -> ColumnElement[bool]:
    return Coding.coder_id.not_in(select(Coder.id).where(Coder.name == coder))


class CodingRecord(NamedTuple):
    transcripts: int
    participants: int
    codings: int  # not counting ``excluded``'s
    coders: int  # who made those
    excluded_codings: int  # the excluded coder's (the consensus)
    excluded_transcripts: int  # transcripts holding them


def coding_record(s: Session, excluded: str) -> CodingRecord:
    """How many transcripts, participants, codings and coders; the codings of ``excluded``
    (the consensus coder) counted apart, with the transcripts they are in."""
    own = _not_by(excluded)
    apart = s.execute(
        select(func.count(), func.count(func.distinct(Coding.transcript_id)))
        .join(Coder, Coder.id == Coding.coder_id)
        .where(Coder.name == excluded)
    ).one()
    return CodingRecord(
        s.scalar(select(func.count()).select_from(Transcript)) or 0,
        s.scalar(select(func.count()).select_from(Participant)) or 0,
        s.scalar(select(func.count()).select_from(Coding).where(own)) or 0,
        s.scalar(select(func.count(func.distinct(Coding.coder_id))).where(own)) or 0,
        apart[0],
        apart[1],
    )


def coding_times(s: Session, excluded: str) -> list[datetime]:
    """When each coding was made, but those of ``excluded`` (the consensus coder)."""
    return list(s.scalars(select(Coding.created_at).where(_not_by(excluded))))


class AuditRecord(NamedTuple):
    first: datetime | None
    last: datetime | None
    actions: Counter[str]  # events not undone, by action
    snapshots: list[str]  # names, oldest first


def audit_record(s: Session) -> AuditRecord:
    """The audit log's first and last event, its events not undone by action, and the
    snapshots taken."""
    first, last = s.execute(select(func.min(AuditEvent.at), func.max(AuditEvent.at))).one()
    actions = Counter(s.scalars(select(AuditEvent.action).where(AuditEvent.undone.is_(False))))
    snapshots = list(s.scalars(select(Snapshot.name).order_by(Snapshot.created_at)))
    return AuditRecord(first, last, actions, snapshots)


class ChecklistRecord(NamedTuple):
    transcripts: int
    coded: int  # transcripts with at least one coding
    corrections: int  # transcript edits and replacements recorded
    journal: int  # reflexive journal entries
    codings: int


def checklist_record(s: Session) -> ChecklistRecord:
    """The counts the reporting checklist gives as evidence."""
    corrected = AuditEvent.action.in_(("transcript.edit", "transcript.replace"))
    return ChecklistRecord(
        s.scalar(select(func.count()).select_from(Transcript)) or 0,
        s.scalar(select(func.count(func.distinct(Coding.transcript_id)))) or 0,
        s.scalar(select(func.count()).where(corrected)) or 0,
        s.scalar(select(func.count()).where(Memo.kind == "journal")) or 0,
        s.scalar(select(func.count()).select_from(Coding)) or 0,
    )


def quotes_of(s: Session, coding_ids: Iterable[int]) -> list[str]:
    """The quoted text of these codings (each once)."""
    return list(s.scalars(select(Coding.quote).where(Coding.id.in_(list(coding_ids)))))


class BrokenCodings(NamedTuple):
    on_merged_codes: int
    past_the_text: int  # ending past their transcript's text


def broken_codings(s: Session) -> BrokenCodings:
    """Codings breaking the rules kept above the schema (``doctor`` reports them)."""
    merged = (
        select(func.count()).select_from(Coding).join(Code, Code.id == Coding.code_id)
        .where(Code.status == "merged")
    )  # fmt: skip
    outside = (
        select(func.count()).select_from(Coding)
        .join(Transcript, Transcript.id == Coding.transcript_id)
        .where(Coding.end > func.length(Transcript.text))
    )  # fmt: skip
    return BrokenCodings(s.scalar(merged) or 0, s.scalar(outside) or 0)


def codings_per_coder(s: Session, excluded: str) -> list[tuple[str, int]]:
    """Each coder's number of codings, by name, but ``excluded`` (the consensus coder);
    coders with none are left out."""
    q = (
        select(Coder.name, func.count(Coding.id))
        .join(Coding, Coding.coder_id == Coder.id)
        .where(Coder.name != excluded)
        .group_by(Coder.name)
    )
    return sorted((name, n) for name, n in s.execute(q))


def sqlite_checks(s: Session) -> tuple[list[str], int]:
    """SQLite's own check of its pages (``["ok"]`` when sound) and how many rows point at
    rows that do not exist."""
    pages = [r[0] for r in s.execute(text("PRAGMA integrity_check"))]
    return pages, len(s.execute(text("PRAGMA foreign_key_check")).all())
