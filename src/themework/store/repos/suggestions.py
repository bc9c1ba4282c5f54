"""Coding suggestions from codebook keywords: the spans already suggested, the suggestions
listed with their text, and the codings people made that suggestions are measured against."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from themework.store.models import Coding, Suggestion, Transcript

# origins of codings a person made (not a suggestion accepted, nor an automatic one)
HUMAN_ORIGINS = ("manual", "in-vivo", "consensus", "merged", "imported")


def suggested_spans(s: Session) -> set[tuple[str, int, int, int]]:
    """Every suggestion, whatever its status, as (transcript id, code id, start, end)."""
    q = select(Suggestion.transcript_id, Suggestion.code_id, Suggestion.start, Suggestion.end)
    return {(t, c, a, b) for t, c, a, b in s.execute(q)}


class SuggestionRow(NamedTuple):
    id: int
    transcript: str  # its name
    code_id: int
    start: int
    end: int
    matched: tuple[str, ...]
    status: str
    text: str  # the suggested span's


def suggestions_of(
    s: Session, status: str, transcript_id: str | None = None
) -> list[SuggestionRow]:
    """The suggestions with this status (of one transcript, or of all)."""
    q = (
        select(Suggestion, Transcript.name, Transcript.text)
        .join(Transcript, Transcript.id == Suggestion.transcript_id)
        .where(Suggestion.status == status)
    )
    if transcript_id is not None:
        q = q.where(Suggestion.transcript_id == transcript_id)
    return [
        SuggestionRow(
            sg.id,
            name,
            sg.code_id,
            sg.start,
            sg.end,
            tuple(sg.matched),
            sg.status,
            text[sg.start : sg.end],
        )
        for sg, name, text in s.execute(q).all()
    ]


def human_codings(s: Session) -> list[tuple[str, int, int, int]]:
    """(transcript id, code id, start, end) of the codings people made."""
    q = select(Coding.transcript_id, Coding.code_id, Coding.start, Coding.end).where(
        Coding.origin.in_(HUMAN_ORIGINS)
    )
    return [(t, c, a, b) for t, c, a, b in s.execute(q)]
