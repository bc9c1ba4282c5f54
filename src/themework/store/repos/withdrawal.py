"""The rows a participant's withdrawal reads, changes and deletes: where they speak, the rows
holding their words, and every place a researcher writes (where a quote of them may sit).

Mapped rows come back where the withdrawal changes them in place (turns, codings,
suggestions, memos and the other written texts); the rest are plain values. On
PostgreSQL, the erasing transaction's id, the sessions that may still see what it erased,
and the rewrite of every table (``VACUUM FULL``, on a connection outside a transaction).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import NamedTuple

from sqlalchemy import Connection, delete, func, select, text, update
from sqlalchemy.orm import Session

from themework.store.models import (
    Base,
    Coding,
    Draft,
    Exemplar,
    LemmaCache,
    MatrixNote,
    Memo,
    Participant,
    Snapshot,
    Speaker,
    Suggestion,
    Theme,
    Transcript,
    TranscriptParticipant,
    Turn,
    TurnSearch,
)
from themework.store.repos import in_parts


class Speaking(NamedTuple):
    alone: list[str]  # transcripts no one else speaks in, sorted
    shared: list[str]  # group transcripts, sorted


def speaking_in(s: Session, participant_id: int) -> Speaking:
    """The transcripts a participant speaks in, alone or with others."""
    tids = list(s.scalars(select(TranscriptParticipant.transcript_id).where(
        TranscriptParticipant.participant_id == participant_id)))  # fmt: skip
    counted = (
        select(TranscriptParticipant.transcript_id, func.count())
        .where(TranscriptParticipant.transcript_id.in_(tids))
        .where(TranscriptParticipant.participant_id != participant_id)
        .group_by(TranscriptParticipant.transcript_id)
    )
    others: dict[str, int] = {tid: n for tid, n in s.execute(counted)}
    return Speaking(sorted(t for t in tids if not others.get(t)),
                    sorted(t for t in tids if others.get(t)))  # fmt: skip


def names_of(s: Session, transcript_ids: Collection[str]) -> tuple[str, ...]:
    """These transcripts' names, sorted."""
    return tuple(sorted(s.scalars(select(Transcript.name).where(
        Transcript.id.in_(list(transcript_ids))))))  # fmt: skip


def text_hashes(s: Session, transcript_ids: Collection[str]) -> set[str]:
    return set(s.scalars(select(Transcript.text_hash).where(
        Transcript.id.in_(list(transcript_ids)))))  # fmt: skip


def codings_in(s: Session, transcript_ids: Collection[str]) -> set[int]:
    """The ids of the codings on these transcripts."""
    return set(s.scalars(select(Coding.id).where(
        Coding.transcript_id.in_(list(transcript_ids)))))  # fmt: skip


def their_memos(
    s: Session, participant_id: int, transcript_ids: Collection[str], coding_ids: Collection[int]
) -> set[int]:
    """The ids of the memos on a participant, on these transcripts or on these codings."""
    found = set(s.scalars(select(Memo.id).where(
        (Memo.participant_id == participant_id) | Memo.transcript_id.in_(list(transcript_ids))
    )))  # fmt: skip
    for part in in_parts(coding_ids):
        found |= set(s.scalars(select(Memo.id).where(Memo.coding_id.in_(part))))
    return found


class Erasure(NamedTuple):
    participant_id: int
    memos: set[int]
    codings: set[int]
    transcripts: list[str]  # deleted whole
    drafted: list[str]  # transcripts whose unsaved drafts go (group ones too)
    hashes: set[str]  # of the texts, for their cached lemmas


def erase(s: Session, e: Erasure) -> None:
    """Delete a participant and the rows that hold their words."""
    for memos in in_parts(e.memos):
        s.execute(delete(Memo).where(Memo.id.in_(memos)))
    s.execute(delete(Draft).where(Draft.transcript_id.in_(e.drafted)))
    for codings in in_parts(e.codings):
        s.execute(delete(Coding).where(Coding.id.in_(codings)))
    s.execute(delete(Transcript).where(Transcript.id.in_(e.transcripts)))
    s.execute(delete(LemmaCache).where(LemmaCache.text_hash.in_(e.hashes)))
    s.execute(delete(Participant).where(Participant.id == e.participant_id))
    if s.get_bind().dialect.name == "sqlite":
        # FTS5 deletes only add tombstones: merge the index so their terms are gone.
        s.execute(text("INSERT INTO turn_fts(turn_fts) VALUES ('optimize')"))


class GroupRows(NamedTuple):
    """A group transcript's rows that move when a participant's words are cut out."""

    speakers: set[int]  # the participant's speakers in it
    turns: list[Turn]  # in order
    codings: list[Coding]
    suggestions: list[Suggestion]


def group_rows(s: Session, transcript_id: str, participant_id: int) -> GroupRows:
    speakers = set(s.scalars(select(Speaker.id).where(
        Speaker.transcript_id == transcript_id, Speaker.participant_id == participant_id)))
    turns = s.scalars(select(Turn).where(Turn.transcript_id == transcript_id)
                      .order_by(Turn.index))  # fmt: skip
    codings = s.scalars(select(Coding).where(Coding.transcript_id == transcript_id))
    suggestions = s.scalars(select(Suggestion).where(Suggestion.transcript_id == transcript_id))
    return GroupRows(speakers, list(turns), list(codings), list(suggestions))


def delete_suggestions(s: Session, ids: Collection[int]) -> None:
    s.execute(delete(Suggestion).where(Suggestion.id.in_(list(ids))))


def unlink(s: Session, transcript_id: str, participant_id: int, speakers: set[int],
           turn_ids: list[int], marker: str) -> None:  # fmt: skip
    """After their words are cut: their turns' search text becomes ``marker``, their speakers
    nobody's, and the transcript no longer theirs."""
    s.execute(update(TurnSearch).where(TurnSearch.turn_id.in_(turn_ids)).values(body=marker))
    s.execute(update(Speaker).where(Speaker.id.in_(speakers)).values(participant_id=None))
    s.execute(
        delete(TranscriptParticipant).where(
            TranscriptParticipant.transcript_id == transcript_id,
            TranscriptParticipant.participant_id == participant_id,
        )
    )


def existing_codings(s: Session, ids: Collection[int]) -> set[int]:
    """Which of these coding ids still name a coding."""
    # A few hundred at a time: the codings seen in a bulk apply's events ran past SQLite's
    # limit of bound values ("too many SQL variables" at 500,000 codings).
    found: set[int] = set()
    for part in in_parts(ids):
        found |= set(s.scalars(select(Coding.id).where(Coding.id.in_(part))))
    return found


def spoken_texts(s: Session, participant_id: int, transcript_ids: list[str]) -> list[str]:
    """Everything a participant said in these transcripts, turn by turn."""
    texts: dict[str, str] = {tid: t for tid, t in s.execute(
        select(Transcript.id, Transcript.text).where(Transcript.id.in_(transcript_ids)))}
    turns = s.execute(
        select(Turn.transcript_id, Turn.start, Turn.end)
        .join(Speaker, Speaker.id == Turn.speaker_id)
        .where(Speaker.participant_id == participant_id, Turn.transcript_id.in_(transcript_ids))
    )
    return [texts[tid][start:end] for tid, start, end in turns]


class Written(NamedTuple):
    """Every place researchers write, where a quote of a participant may sit."""

    memos: list[Memo]
    themes: list[Theme]
    trimmed: list[Exemplar]  # exemplars with a trimmed quote
    matrix_notes: list[MatrixNote]
    drafts: list[Draft]
    snapshots: list[Snapshot]


def written(s: Session) -> Written:
    return Written(
        list(s.scalars(select(Memo))),
        list(s.scalars(select(Theme))),
        list(s.scalars(select(Exemplar).where(Exemplar.trimmed.is_not(None)))),
        list(s.scalars(select(MatrixNote))),
        list(s.scalars(select(Draft))),
        list(s.scalars(select(Snapshot))),
    )


def transaction_id(s: Session) -> int | None:
    """This transaction's id on PostgreSQL (32-bit, as sessions show it), else None."""
    if s.get_bind().dialect.name != "postgresql":
        return None
    return int(s.execute(text("SELECT pg_current_xact_id()::text")).scalar_one()) % 2**32


def older_snapshots(conn: Connection, xid: int) -> int:
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


def vacuum_full(conn: Connection) -> None:
    """Rewrite every table themework owns and its indexes (PostgreSQL, outside a
    transaction): deleted rows leave the data files."""
    names = ", ".join(f'"{name}"' for name in sorted(Base.metadata.tables))
    conn.execute(text(f"VACUUM (FULL, ANALYZE) {names}"))
