"""Utterances for counting words and finding them: many transcripts' texts and who speaks
each turn, read a batch of transcripts at a time (one query each, not one per transcript);
the lemma counts cached per text; every turn with its speaker, for keyword in context."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from themework.store.models import LemmaCache, Participant, Speaker, Transcript, Turn
from themework.store.repos.turns import utterance_spans

# transcript id, start, end, speaker role, the speaker's participant pseudonym (if any)
Utterance = tuple[str, int, int, str, str | None]


def texts_of(s: Session, transcript_ids: list[str]) -> dict[str, str]:
    """The stored text of each transcript named."""
    q = select(Transcript.id, Transcript.text).where(Transcript.id.in_(transcript_ids))
    return {tid: text for tid, text in s.connection().execute(q)}


def utterances_of(s: Session, transcript_ids: list[str]) -> Sequence[Utterance]:
    """Every turn's utterance span in the transcripts named, with its speaker's role and
    participant."""
    q = (
        select(Turn.transcript_id, Turn.start, Turn.end, Speaker.role, Participant.pseudonym)
        .join(Speaker, Speaker.id == Turn.speaker_id)
        .outerjoin(Participant, Participant.id == Speaker.participant_id)
        .where(Turn.transcript_id.in_(transcript_ids))
    )
    # Core rows straight from the connection: a large project has a million turns, and the
    # session's ORM result handling would double the time spent reading them.
    return s.connection().execute(q).all()


def cached_counts(s: Session, pipeline: str) -> dict[str, dict[str, Any]]:
    """The lemma counts cached by ``pipeline``, by text hash."""
    q = select(LemmaCache.text_hash, LemmaCache.data).where(LemmaCache.pipeline == pipeline)
    return {h: d for h, d in s.execute(q)}


def remember_counts(s: Session, pipeline: str, counts: dict[str, dict[str, Any]]) -> None:
    """Cache these lemma counts (by text hash), but those another process cached first."""
    have = set(
        s.scalars(
            select(LemmaCache.text_hash).where(
                LemmaCache.pipeline == pipeline, LemmaCache.text_hash.in_(list(counts))
            )
        )
    )
    rows = [
        {"text_hash": h, "pipeline": pipeline, "data": d}
        for h, d in counts.items()
        if h not in have
    ]
    if rows:
        s.execute(insert(LemmaCache), rows)


def participant_spans(s: Session) -> dict[str, list[tuple[int, int]]]:
    """Per transcript, the utterance spans of speakers in the participant role."""
    out: dict[str, list[tuple[int, int]]] = {}
    for tid, start, end in utterance_spans(s, speaking="participant role"):
        out.setdefault(tid, []).append((start, end))
    return out


class LabelledTurn(NamedTuple):
    transcript_id: str
    number: int  # the turn's, from 1
    start: int
    end: int
    label: str  # the speaker's
    role: str


def labelled_turns(s: Session) -> list[LabelledTurn]:
    """Every turn with its speaker's label and role."""
    q = select(
        Turn.transcript_id, Turn.index, Turn.start, Turn.end, Speaker.label, Speaker.role
    ).join(Speaker, Speaker.id == Turn.speaker_id)
    return [LabelledTurn(*row) for row in s.execute(q)]
