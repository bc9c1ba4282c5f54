"""Writing a prepared transcript's rows (speakers, turns, search rows, participants).

Bulk paths use Core inserts with RETURNING: ORM ``add_all`` is ten times slower here.
Every row written is reported to a ``ChangeSet`` so the import can be undone and redone;
search rows are derived data and rebuilt from turns instead of being recorded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from themework.domain.spans import CONTEXT as CONTEXT
from themework.domain.spans import quote_fields
from themework.services.audit import now
from themework.services.changes import ChangeSet, image
from themework.services.importing import Prepared
from themework.store.bulk import insert_ids, insert_rows
from themework.store.models import (
    Coding,
    Participant,
    Speaker,
    Transcript,
    TranscriptParticipant,
    Turn,
)
from themework.store.repos.participants import participant_ids
from themework.store.repos.tables import add_rows, delete_transcript_rows
from themework.store.repos.tables import transcript_rows as table_transcript_rows
from themework.store.search import add_search_rows


def ensure_participants(
    session: Session,
    pseudonyms: set[str],
    changes: ChangeSet | Mapping[str, ChangeSet],
    attributes: dict[str, tuple[dict[str, str], bool]] | None = None,
) -> dict[str, int]:
    """Ids of these participants, creating the missing ones in one statement.

    ``changes`` records the new rows: one ChangeSet, or per pseudonym the ChangeSet of the
    import event that brought the participant in (so undoing that file removes them).
    """
    attributes = attributes or {}
    found = participant_ids(session, pseudonyms)
    missing = sorted(pseudonyms - found.keys())
    created = now()
    new_rows: list[dict[str, Any]] = []
    for pseudonym in missing:
        attrs, consent = attributes.get(pseudonym, ({}, True))
        new_rows.append(
            {
                "pseudonym": pseudonym,
                "attributes": attrs,
                "quote_consent": consent,
                "created_at": created,
            }
        )
    for values, new_id in zip(
        new_rows, insert_ids(session, Participant.__table__, new_rows), strict=True
    ):
        values["id"] = new_id
        owner = changes if isinstance(changes, ChangeSet) else changes[values["pseudonym"]]
        owner.inserted("participant", image(Participant.__table__, values))
        found[values["pseudonym"]] = new_id
    return found


@dataclass(frozen=True)
class Body:
    """One transcript whose speakers, turns and links are to be written."""

    transcript_id: str
    prep: Prepared
    changes: ChangeSet


def write_body(
    session: Session,
    transcript_id: str,
    prep: Prepared,
    participant_ids: dict[str, int],
    changes: ChangeSet,
) -> None:
    write_bodies(session, [Body(transcript_id, prep, changes)], participant_ids)


def write_bodies(
    session: Session, bodies: Sequence[Body], participant_ids: dict[str, int]
) -> None:
    """Speakers, turns, search rows and participant links of several transcripts.

    One statement per table for all of them: an import writes a hundred files at a time.
    """
    speaker_id = _write_speakers(session, bodies, participant_ids)
    _write_turns(session, bodies, speaker_id)
    links = []
    for body in bodies:
        for pid in sorted({participant_ids[p] for p in body.prep.pseudonyms}):
            link = {"transcript_id": body.transcript_id, "participant_id": pid}
            links.append(link)
            body.changes.inserted("transcript_participant", link)
    insert_rows(session, TranscriptParticipant.__table__, links)


def _write_speakers(
    session: Session, bodies: Sequence[Body], participant_ids: dict[str, int]
) -> dict[tuple[str, str], int]:
    """Insert every body's speakers; returns their ids by (transcript id, label)."""
    speaker_rows: list[dict[str, Any]] = []
    for body in bodies:
        for sp in body.prep.speakers:
            speaker_rows.append(
                {
                    "transcript_id": body.transcript_id,
                    "label": sp.label,
                    "role": sp.role,
                    "participant_id": participant_ids[sp.pseudonym] if sp.pseudonym else None,
                }
            )
    speaker_ids = insert_ids(session, Speaker.__table__, speaker_rows)
    speaker_id: dict[tuple[str, str], int] = {}
    rows_of = iter(zip(speaker_rows, speaker_ids, strict=True))
    for body in bodies:
        for _ in body.prep.speakers:
            row, new_id = next(rows_of)
            row["id"] = new_id
            speaker_id[(body.transcript_id, row["label"])] = new_id
            body.changes.inserted("speaker", image(Speaker.__table__, row))
    return speaker_id


def _write_turns(
    session: Session, bodies: Sequence[Body], speaker_id: dict[tuple[str, str], int]
) -> None:
    """Insert every body's turns and, for each, its search row (the turn's text)."""
    turn_rows: list[dict[str, Any]] = [
        {
            "transcript_id": body.transcript_id,
            "index": t.index,
            "speaker_id": speaker_id[(body.transcript_id, t.label)],
            "label_start": t.label_start,
            "label_end": t.label_end,
            "start": t.start,
            "end": t.end,
            "start_s": t.start_s,
            "end_s": t.end_s,
        }
        for body in bodies
        for t in body.prep.layouts
    ]
    turn_ids = iter(insert_ids(session, Turn.__table__, turn_rows))
    turns_of = iter(turn_rows)
    search_rows = []
    for body in bodies:
        text = body.prep.text
        for _ in body.prep.layouts:
            row = next(turns_of)
            row["id"] = next(turn_ids)
            body.changes.inserted("turn", row)  # every column, none dated: its own image
            search_rows.append(
                {
                    "turn_id": row["id"],
                    "transcript_id": body.transcript_id,
                    "body": text[row["start"] : row["end"]],
                }
            )
    add_search_rows(session, search_rows)


def delete_body(session: Session, transcript_id: str, changes: ChangeSet) -> None:
    """Remove speakers, turns (and so search rows) and links, recording their images."""
    for model, name in (
        (TranscriptParticipant, "transcript_participant"),
        (Turn, "turn"),
        (Speaker, "speaker"),
    ):
        t = model.__table__
        for row in table_transcript_rows(session, t, transcript_id):
            changes.deleted(name, image(t, row))
        delete_transcript_rows(session, t, transcript_id)


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


def insert_transcripts(session: Session, rows: Sequence[tuple[dict[str, Any], ChangeSet]]) -> None:
    if not rows:
        return
    add_rows(session, Transcript.__table__, [values for values, _ in rows])
    for values, changes in rows:
        changes.inserted("transcript", image(Transcript.__table__, values))


def set_quote(coding: Coding, text: str) -> None:
    for key, value in quote_fields(text, coding.start, coding.end).items():
        setattr(coding, key, value)
