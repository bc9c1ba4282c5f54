"""What analysis reads: every coding's place, and every turn's start and speaker, as columns
of numbers (``themework.analysis.columns`` places the codings in their turns).

Each column comes folded per transcript, one comma-separated text per transcript, and is
parsed by numpy: at 500,000 codings, fetching them one row at a time and placing them in
their turns with a join in the database was most of the time of a prevalence table (and a
tuple, or a row object, per coding most of its memory). The codings come from
``ix_coding_place`` alone, never the coding table (its quotes and context are most of a
large project's file).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
from sqlalchemy import Select, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from themework.store.models import Code, Coder, Coding, Participant, Speaker, Turn
from themework.store.repos.turns import folded

Ints = npt.NDArray[np.int64]


class Folded(NamedTuple):
    """Rows of one table as columns: ``counts`` rows of each of ``transcripts`` in turn,
    then each column asked for, over every row, in no particular order within a transcript."""

    transcripts: list[str]
    counts: Ints
    columns: list[Ints]


def coding_columns(s: Session, coder: str | None = None) -> Folded:
    """Every coding (or one coder's): id, code id, coder id, start, end."""
    return _read(s, coding_columns_query(s.connection().dialect.name, coder), 5)


def coding_columns_query(dialect: str, coder: str | None = None) -> Select[*tuple[Any, ...]]:
    """``coding_columns``'s query, for the database named ``dialect``."""
    q = _folded_query(dialect, Coding.transcript_id, Coding.id, Coding.code_id,
                      Coding.coder_id, Coding.start, Coding.end)
    if coder:
        q = q.where(
            Coding.coder_id == select(Coder.id).where(Coder.name == coder).scalar_subquery()
        )
    return q


def turn_columns(s: Session) -> Folded:
    """Every turn: its label start and speaker id."""
    q = _folded_query(s.connection().dialect.name, Turn.transcript_id, Turn.label_start,
                      Turn.speaker_id)
    return _read(s, q, 2)


def _folded_query(
    dialect: str, transcript: InstrumentedAttribute[str], *columns: InstrumentedAttribute[int]
) -> Select[*tuple[Any, ...]]:
    lists = [folded(dialect, c) for c in columns]
    return select(transcript, func.count(), *lists).group_by(transcript)


def _read(s: Session, q: Select[*tuple[Any, ...]], width: int) -> Folded:
    transcripts: list[str] = []
    counts: list[int] = []
    texts: list[list[str]] = [[] for _ in range(width)]
    for tid, count, *lists in s.connection().execute(q):
        transcripts.append(tid)
        counts.append(count)
        for column, text in zip(texts, lists, strict=True):
            column.append(text)
    return Folded(transcripts, np.array(counts, np.int64), [_ints(t) for t in texts])


def _ints(texts: Sequence[str]) -> Ints:
    if not texts:
        return np.zeros(0, np.int64)
    return np.fromstring(",".join(texts), dtype=np.int64, sep=",")


def speaking(s: Session) -> dict[int, int]:
    """Speaker id -> the id of the participant speaking, for speakers linked to one."""
    q = select(Speaker.id, Speaker.participant_id).where(Speaker.participant_id.is_not(None))
    return {i: p for i, p in s.connection().execute(q) if p is not None}


def participant_names(s: Session) -> dict[int, str]:
    """Participant id -> pseudonym."""
    return {i: p for i, p in s.connection().execute(select(Participant.id, Participant.pseudonym))}


def code_keys(s: Session) -> dict[int, str]:
    """Code id -> key, of every code."""
    return {i: k for i, k in s.connection().execute(select(Code.id, Code.key))}
