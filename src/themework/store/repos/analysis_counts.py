"""What analysis reads, placed by the database: every coding with the participants speaking
in the turns it covers.

A coding covers the turns from the one holding its first character (the last turn whose label
starts at or before it) to the one holding its last character, the rule of
``domain.spans.turn_at``; a coding in the preamble, before the first turn, covers none. The
database finds them per coding with two searches of ``ix_turn_place`` (transcript, label
start, speaker), and reads the codings from ``ix_coding_place`` alone, never the coding
table (its quotes and context are most of a large project's file). Python used to load every
turn of every transcript and search them itself: at 500,000 codings that was most of the
time of a prevalence table.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from sqlalchemy import Select, and_, func, null, select
from sqlalchemy.orm import Session, aliased

from themework.store.models import Code, Coder, Coding, Participant, Speaker, Turn

# (coding id, transcript id, code id, coder id, start, end, participant id or None)
CodingTurnRow = tuple[int, str, int, int, int, int, int | None]
CodingTurnQuery = Select[int, str, int, int, int, int, int | None]


def coding_turns_query(
    coder: str | None = None, placed: bool = True
) -> CodingTurnQuery:
    """Every coding (or one coder's) once per turn it covers, with the participant speaking
    that turn (None for an interviewer or facilitator); once with None where it covers no
    turn. Not ``placed``: every coding once with None, from ``ix_coding_place`` alone (the
    search of the turns is most of the query, and co-occurrence by overlap never needs
    it)."""
    if not placed:
        return _only_coder(
            select(
                Coding.id, Coding.transcript_id, Coding.code_id, Coding.coder_id, Coding.start,
                Coding.end, null(),
            ),
            coder,
        )
    covered, holding = aliased(Turn), aliased(Turn)
    # The label start of the turn holding the coding's first character (0 in the preamble,
    # so that a coding running from the preamble into the turns covers the first ones).
    first = func.coalesce(
        select(func.max(holding.label_start))
        .where(holding.transcript_id == Coding.transcript_id, holding.label_start <= Coding.start)
        .correlate(Coding)
        .scalar_subquery(),
        0,
    )
    q = (
        select(
            Coding.id, Coding.transcript_id, Coding.code_id, Coding.coder_id, Coding.start,
            Coding.end, Speaker.participant_id,
        )
        .select_from(Coding)
        .outerjoin(
            covered,
            and_(
                covered.transcript_id == Coding.transcript_id,
                covered.label_start < Coding.end,
                covered.label_start >= first,
            ),
        )
        .outerjoin(Speaker, Speaker.id == covered.speaker_id)
    )
    return _only_coder(q, coder)


def _only_coder(q: CodingTurnQuery, coder: str | None) -> CodingTurnQuery:
    if coder:
        q = q.where(
            Coding.coder_id == select(Coder.id).where(Coder.name == coder).scalar_subquery()
        )
    return q


def coding_turns(
    s: Session, coder: str | None = None, placed: bool = True
) -> Iterator[CodingTurnRow]:
    """The rows of ``coding_turns_query`` as the driver's plain tuples, one by one (a list of
    500,000 was a fifth of the peak memory of a report; SQLAlchemy's row objects cost as
    much as the query). A coding over several turns comes once per turn, in a row on both
    backends' plans (the coding drives the search of its turns), though neither promises
    it."""
    result = s.connection().execute(coding_turns_query(coder, placed))
    return cast(Iterator[CodingTurnRow], iter(cast(Any, result.cursor)))


def participant_names(s: Session) -> dict[int, str]:
    """Participant id -> pseudonym."""
    return {i: p for i, p in s.connection().execute(select(Participant.id, Participant.pseudonym))}


def code_keys(s: Session) -> dict[int, str]:
    """Code id -> key, of every code."""
    return {i: k for i, k in s.connection().execute(select(Code.id, Code.key))}
