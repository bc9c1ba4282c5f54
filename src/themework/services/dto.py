"""Plain frozen results that services hand to the front ends."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from themework.analysis import cooccurrence as co
    from themework.analysis.analysis_set import AnalysisSet
    from themework.analysis.prevalence import MatrixCell, PrevalenceRow


@dataclass(frozen=True)
class ProjectInfo:
    name: str
    question: str
    approach: str
    phase: int
    location: str
    backend: str
    created_at: datetime
    retention_date: date | None
    transcripts: int
    participants: int
    codes: int
    codings: int
    themes: int
    coders: tuple[str, ...]
    change_counter: int
    phase_log: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class ImportedFile:
    path: str
    name: str
    status: str  # imported, unchanged, replaced, failed
    transcript_id: str | None = None
    format: str = ""
    turns: int = 0
    words: int = 0
    participants: tuple[str, ...] = ()
    message: str = ""
    flagged: tuple[int, ...] = ()  # codings that could not be re-anchored
    findings: tuple[str, ...] = ()  # possible identifiers (review-level, or allowed)
    options: tuple[str, ...] = ()  # of a failure: as ThemeworkError.options


@dataclass(frozen=True)
class ImportReport:
    files: tuple[ImportedFile, ...]
    backup: str | None = None

    @property
    def failed(self) -> tuple[ImportedFile, ...]:
        return tuple(f for f in self.files if f.status == "failed")


@dataclass(frozen=True)
class TranscriptInfo:
    id: str
    name: str
    format: str
    imported_at: datetime
    participants: tuple[str, ...]
    attributes: dict[str, dict[str, str]]
    turns: int
    words: int
    codings: int


@dataclass(frozen=True)
class TurnInfo:
    index: int
    speaker: str
    role: str
    participant: str | None
    label_start: int
    label_end: int
    start: int
    end: int
    start_s: float | None
    end_s: float | None


@dataclass(frozen=True)
class TranscriptText:
    id: str
    name: str
    text: str
    turns: tuple[TurnInfo, ...]


@dataclass(frozen=True)
class ParticipantInfo:
    pseudonym: str
    attributes: dict[str, str]
    quote_consent: bool
    transcripts: tuple[str, ...]


@dataclass(frozen=True)
class ReplaceResult:
    name: str
    codings: int
    moved: int
    flagged: tuple[int, ...]
    backup: str | None


@dataclass(frozen=True)
class WithdrawResult:
    pseudonym: str
    transcripts_deleted: tuple[str, ...]
    transcripts_redacted: tuple[str, ...]
    codings_deleted: int
    memos_deleted: int
    events_redacted: int
    backups_removed: tuple[str, ...] = field(default=())
    # False when another program kept old copies of their rows: on SQLite, one that opened
    # the file mid-way (old pages stay in its write-ahead log until every program using the
    # project has closed it); on PostgreSQL, a session whose snapshot outlasted the wait.
    file_clean: bool = True
    quotes_redacted: tuple[str, ...] = ()  # where their words were quoted: "memo 12 (...)"


@dataclass(frozen=True)
class SearchHit:
    transcript: str
    turn: int
    speaker: str
    snippet: str


@dataclass(frozen=True)
class SurveyReport:
    """A survey import: one source per open-text column, one participant per respondent."""

    imported: ImportReport  # the sources, as a transcript import reports its files
    respondents: int  # rows of the file
    answers: int  # non-empty answers stored as turns
    empty: int  # empty answers skipped
    silent: tuple[str, ...] = ()  # respondents who answered no open question (not stored)


# The analyses behind review (services/analysis.py).


@dataclass(frozen=True)
class Prevalence:
    level: str  # code or theme
    by: str | None
    coders: str  # union or per-coder
    names: dict[str, str]  # item id -> name
    transcripts_total: int
    rows: tuple[PrevalenceRow, ...]
    analysis_set: AnalysisSet


@dataclass(frozen=True)
class Cooccurrence:
    unit: str
    names: dict[str, str]
    pairs: tuple[co.Pair, ...]
    analysis_set: AnalysisSet


@dataclass(frozen=True)
class Matrix:
    by: str | None
    themes: tuple[tuple[str, str], ...]  # (id, name) in theme order
    rows: tuple[str, ...]
    cells: tuple[MatrixCell, ...]
    analysis_set: AnalysisSet


@dataclass(frozen=True)
class CaseMatrix:
    """Participants by codes: codings of each code touching each participant."""

    codes: tuple[tuple[str, str], ...]  # (id, name) in codebook order
    participants: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]  # one row per participant, one count per code
