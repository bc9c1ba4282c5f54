"""Writing a prepared transcript's rows (speakers, turns, search rows, participants).

Bulk paths use Core inserts with RETURNING: ORM ``add_all`` is ten times slower here.
Every row written is reported to a ``ChangeSet`` so the import can be undone and redone;
search rows are derived data and rebuilt from turns instead of being recorded.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from themework.services.audit import now
from themework.services.changes import ChangeSet, image
from themework.services.importing import Prepared
from themework.store.bulk import insert_ids
from themework.store.models import (
    Participant,
    Speaker,
    Transcript,
    TranscriptParticipant,
    Turn,
    TurnSearch,
)


def ensure_participants(
    session: Session,
    pseudonyms: set[str],
    changes: ChangeSet,
    attributes: dict[str, tuple[dict[str, str], bool]] | None = None,
) -> dict[str, int]:
    """Ids of these participants, creating the missing ones."""
    attributes = attributes or {}
    found = dict(
        session.execute(
            select(Participant.pseudonym, Participant.id).where(
                Participant.pseudonym.in_(pseudonyms)
            )
        ).all()
    )
    for pseudonym in sorted(pseudonyms - found.keys()):
        attrs, consent = attributes.get(pseudonym, ({}, True))
        values: dict[str, Any] = {
            "pseudonym": pseudonym,
            "attributes": attrs,
            "quote_consent": consent,
            "created_at": now(),
        }
        new_id = session.execute(insert(Participant).returning(Participant.id), values).scalar_one()
        values["id"] = new_id
        changes.inserted("participant", image(Participant.__table__, values))
        found[pseudonym] = new_id
    return found


def write_body(
    session: Session,
    transcript_id: str,
    prep: Prepared,
    participant_ids: dict[str, int],
    changes: ChangeSet,
) -> None:
    """Speakers, turns, search rows and participant links of one transcript."""
    speaker_rows: list[dict[str, Any]] = [
        {
            "transcript_id": transcript_id,
            "label": s.label,
            "role": s.role,
            "participant_id": participant_ids[s.pseudonym] if s.pseudonym else None,
        }
        for s in prep.speakers
    ]
    ids = insert_ids(session, Speaker.__table__, speaker_rows)
    speaker_id: dict[str, int] = {}
    for row, new_id in zip(speaker_rows, ids, strict=True):
        row["id"] = new_id
        speaker_id[row["label"]] = new_id
        changes.inserted("speaker", image(Speaker.__table__, row))
    turn_rows: list[dict[str, Any]] = [
        {
            "transcript_id": transcript_id,
            "index": t.index,
            "speaker_id": speaker_id[t.label],
            "label_start": t.label_start,
            "label_end": t.label_end,
            "start": t.start,
            "end": t.end,
            "start_s": t.start_s,
            "end_s": t.end_s,
        }
        for t in prep.layouts
    ]
    turn_ids = insert_ids(session, Turn.__table__, turn_rows)
    search_rows = []
    for row, new_id in zip(turn_rows, turn_ids, strict=True):
        row["id"] = new_id
        changes.inserted("turn", image(Turn.__table__, row))
        search_rows.append(
            {
                "turn_id": new_id,
                "transcript_id": transcript_id,
                "body": prep.text[row["start"] : row["end"]],
            }
        )
    if search_rows:
        session.execute(insert(TurnSearch.__table__), search_rows)
    for pid in sorted({participant_ids[p] for p in prep.pseudonyms}):
        link = {"transcript_id": transcript_id, "participant_id": pid}
        session.execute(insert(TranscriptParticipant.__table__), link)
        changes.inserted("transcript_participant", link)


def delete_body(session: Session, transcript_id: str, changes: ChangeSet) -> None:
    """Remove speakers, turns (and so search rows) and links, recording their images."""
    for model, name in (
        (TranscriptParticipant, "transcript_participant"),
        (Turn, "turn"),
        (Speaker, "speaker"),
    ):
        t = model.__table__
        rows = session.execute(select(t).where(t.c.transcript_id == transcript_id)).mappings()
        for row in rows:
            changes.deleted(name, image(t, dict(row)))
        session.execute(delete(t).where(t.c.transcript_id == transcript_id))


def transcript_values(transcript_id: str, prep: Prepared) -> dict[str, Any]:
    return {
        "id": transcript_id,
        "name": prep.name,
        "source_format": prep.format,
        "imported_at": now(),
        "text_hash": prep.hash,
        "text": prep.text,
        "words": prep.words,
        "version": 1,
    }


def insert_transcript(session: Session, values: dict[str, Any], changes: ChangeSet) -> None:
    session.execute(insert(Transcript.__table__), values)
    changes.inserted("transcript", image(Transcript.__table__, values))


def rebuild_search(session: Session, turn_ids: list[int]) -> None:
    """Recreate search rows for restored turns (undo and redo skip derived rows)."""
    if not turn_ids:
        return
    rows = session.execute(
        select(Turn.id, Turn.transcript_id, Turn.start, Turn.end, Transcript.text)
        .join(Transcript, Transcript.id == Turn.transcript_id)
        .where(Turn.id.in_(turn_ids))
    ).all()
    existing = set(
        session.scalars(select(TurnSearch.turn_id).where(TurnSearch.turn_id.in_(turn_ids)))
    )
    fresh = [
        {"turn_id": tid, "transcript_id": tr, "body": text[s:e]}
        for tid, tr, s, e, text in rows
        if tid not in existing
    ]
    if fresh:
        session.execute(insert(TurnSearch.__table__), fresh)
