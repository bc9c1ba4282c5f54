"""Typed SQLAlchemy models for the whole data model (see ARCHITECTURE.md).

Offsets are 0-based code points into ``Transcript.text``, end exclusive. The models declare
no ORM relationships: queries join explicitly (the shared ones live in ``store.repos``), so no
lazy load can hide a query in a loop.
"""

# long file: one schema of 22 tables tied by foreign keys, read whole like the migrations

# No ``from __future__ import annotations``: SQLAlchemy would evaluate each of the ~150
# ``Mapped[...]`` strings again when mapping, which made importing this module (on every
# command's start-up) a sixth slower. Nothing here needs a forward reference.

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}

    if TYPE_CHECKING:
        # Every model here is mapped to a plain Table (no __table__ overrides, no
        # mapping to joins or selects); SQLAlchemy types the attribute as FromClause.
        __table__: ClassVar[Table]


TS = DateTime(timezone=True)


class Project(Base):
    __tablename__ = "project"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    question: Mapped[str] = mapped_column(Text, default="")
    approach: Mapped[str] = mapped_column(String(32), default="reflexive")
    phase: Mapped[int] = mapped_column(Integer, default=1)
    phase_log: Mapped[list[Any]] = mapped_column(default=list)
    retention_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    default_coder: Mapped[str | None] = mapped_column(String(100), nullable=True)
    codebook_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    change_counter: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(TS)
    __table_args__ = (
        CheckConstraint(
            "approach in ('reflexive', 'codebook', 'coding-reliability')", name="approach"
        ),
    )


class Coder(Base):
    __tablename__ = "coder"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(TS)


class Participant(Base):
    __tablename__ = "participant"
    id: Mapped[int] = mapped_column(primary_key=True)
    pseudonym: Mapped[str] = mapped_column(String(100), unique=True)
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    quote_consent: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(TS)


class Transcript(Base):
    __tablename__ = "transcript"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # a UUID
    name: Mapped[str] = mapped_column(String(200), unique=True)
    source_format: Mapped[str] = mapped_column(String(16))
    imported_at: Mapped[datetime] = mapped_column(TS)
    text_hash: Mapped[str] = mapped_column(String(64), index=True)
    text: Mapped[str] = mapped_column(Text)
    words: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)


class TranscriptParticipant(Base):
    __tablename__ = "transcript_participant"
    transcript_id: Mapped[str] = mapped_column(
        ForeignKey("transcript.id", ondelete="CASCADE"), primary_key=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Speaker(Base):
    __tablename__ = "speaker"
    id: Mapped[int] = mapped_column(primary_key=True)
    transcript_id: Mapped[str] = mapped_column(
        ForeignKey("transcript.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(32), default="participant")
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL"), nullable=True, index=True
    )
    __table_args__ = (UniqueConstraint("transcript_id", "label", name="label"),)


class Turn(Base):
    __tablename__ = "turn"
    id: Mapped[int] = mapped_column(primary_key=True)
    transcript_id: Mapped[str] = mapped_column(ForeignKey("transcript.id", ondelete="CASCADE"))
    index: Mapped[int] = mapped_column(Integer)  # from 1
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speaker.id", ondelete="CASCADE"))
    label_start: Mapped[int] = mapped_column(Integer)
    label_end: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    start_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    end_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    __table_args__ = (
        UniqueConstraint("transcript_id", "index", name="index"),
        Index("ix_turn_speaker", "speaker_id"),
        Index("ix_turn_place", "transcript_id", "label_start", "speaker_id"),
    )


class TurnSearch(Base):
    """One row per turn for full-text search (SQLite adds an FTS5 index over it)."""

    __tablename__ = "turn_search"
    turn_id: Mapped[int] = mapped_column(
        ForeignKey("turn.id", ondelete="CASCADE"), primary_key=True
    )
    transcript_id: Mapped[str] = mapped_column(
        ForeignKey("transcript.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(Text)


class Code(Base):
    __tablename__ = "code"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)  # the stable id users see
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list[Any]] = mapped_column(default=list)
    definition: Mapped[str] = mapped_column(Text, default="")
    include: Mapped[str] = mapped_column(Text, default="")
    exclude: Mapped[str] = mapped_column(Text, default="")
    examples: Mapped[list[Any]] = mapped_column(default=list)
    keywords: Mapped[list[Any]] = mapped_column(default=list)
    patterns: Mapped[list[Any]] = mapped_column(default=list)
    colour: Mapped[str] = mapped_column(String(7), default="")
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("code.id", ondelete="SET NULL"), nullable=True, index=True
    )
    status: Mapped[str] = mapped_column(String(16), default="active")
    # Its children are mutually exclusive categories (one variable), for agreement.
    exclusive: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("code.id", ondelete="SET NULL"), nullable=True
    )
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(TS)
    __table_args__ = (
        CheckConstraint("status in ('active', 'retired', 'merged')", name="status"),
        Index("ix_code_name_key", "name_key"),
    )


class Coding(Base):
    __tablename__ = "coding"
    id: Mapped[int] = mapped_column(primary_key=True)
    transcript_id: Mapped[str] = mapped_column(ForeignKey("transcript.id", ondelete="CASCADE"))
    code_id: Mapped[int] = mapped_column(ForeignKey("code.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    coder_id: Mapped[int] = mapped_column(ForeignKey("coder.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(TS)
    origin: Mapped[str] = mapped_column(String(16), default="manual")
    quote: Mapped[str] = mapped_column(Text, default="")
    context_before: Mapped[str] = mapped_column(Text, default="")
    context_after: Mapped[str] = mapped_column(Text, default="")
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (
        CheckConstraint('start >= 0 and "end" > start', name="span"),
        CheckConstraint(
            "origin in ('manual', 'suggestion', 'imported', 'merged', 'consensus', 'in-vivo')",
            name="origin",
        ),
        # Every column analysis reads (migration 0006), so it never reads the table.
        Index("ix_coding_place", "transcript_id", "start", "end", "code_id", "coder_id"),
    )


class Suggestion(Base):
    __tablename__ = "suggestion"
    id: Mapped[int] = mapped_column(primary_key=True)
    transcript_id: Mapped[str] = mapped_column(ForeignKey("transcript.id", ondelete="CASCADE"))
    code_id: Mapped[int] = mapped_column(ForeignKey("code.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    matched: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("coder.id"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(TS, nullable=True)
    coding_id: Mapped[int | None] = mapped_column(
        ForeignKey("coding.id", ondelete="SET NULL"), nullable=True
    )
    __table_args__ = (
        UniqueConstraint("transcript_id", "code_id", "start", "end", name="span"),
        CheckConstraint("status in ('pending', 'accepted', 'rejected')", name="status"),
    )


class Theme(Base):
    __tablename__ = "theme"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    definition: Mapped[str] = mapped_column(Text, default="")
    central_concept: Mapped[str] = mapped_column(Text, default="")
    scope: Mapped[str] = mapped_column(Text, default="")
    narrative: Mapped[str] = mapped_column(Text, default="")
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("theme.id", ondelete="SET NULL"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(16), default="candidate")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(TS)
    __table_args__ = (
        CheckConstraint(
            "status in ('candidate', 'reviewed', 'defined', 'final', 'discarded')", name="status"
        ),
    )


class ThemeCode(Base):
    __tablename__ = "theme_code"
    theme_id: Mapped[int] = mapped_column(
        ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True
    )
    code_id: Mapped[int] = mapped_column(
        ForeignKey("code.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Exemplar(Base):
    __tablename__ = "exemplar"
    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"), index=True)
    coding_id: Mapped[int] = mapped_column(ForeignKey("coding.id", ondelete="CASCADE"), index=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    trimmed: Mapped[str | None] = mapped_column(Text, nullable=True)  # with [...] elisions


class Memo(Base):
    """A memo hangs on exactly one target; ``target`` says which column holds it."""

    __tablename__ = "memo"
    id: Mapped[int] = mapped_column(primary_key=True)
    target: Mapped[str] = mapped_column(String(16))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), nullable=True, index=True
    )
    transcript_id: Mapped[str | None] = mapped_column(
        ForeignKey("transcript.id", ondelete="CASCADE"), nullable=True, index=True
    )
    code_id: Mapped[int | None] = mapped_column(
        ForeignKey("code.id", ondelete="CASCADE"), nullable=True, index=True
    )
    theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("theme.id", ondelete="CASCADE"), nullable=True, index=True
    )
    coding_id: Mapped[int | None] = mapped_column(
        ForeignKey("coding.id", ondelete="CASCADE"), nullable=True, index=True
    )
    kind: Mapped[str] = mapped_column(String(16), default="memo")
    text: Mapped[str] = mapped_column(Text)
    coder_id: Mapped[int] = mapped_column(ForeignKey("coder.id"))
    created_at: Mapped[datetime] = mapped_column(TS)
    entry_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    # On a transcript: the turn (its number, from 1) the note was written about, if any.
    turn_index: Mapped[int | None] = mapped_column(Integer, nullable=True)
    __table_args__ = (
        CheckConstraint("kind in ('note', 'memo', 'journal')", name="kind"),
        CheckConstraint(
            "target in ('project', 'participant', 'transcript', 'code', 'theme', 'coding')",
            name="target",
        ),
    )


class MatrixNote(Base):
    __tablename__ = "matrix_note"
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True
    )
    theme_id: Mapped[int] = mapped_column(
        ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True
    )
    text: Mapped[str] = mapped_column(Text)


class Assignment(Base):
    """Which coder codes which transcript, and how far they have got."""

    __tablename__ = "assignment"
    transcript_id: Mapped[str] = mapped_column(
        ForeignKey("transcript.id", ondelete="CASCADE"), primary_key=True
    )
    coder_id: Mapped[int] = mapped_column(ForeignKey("coder.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default="not-started")
    __table_args__ = (
        CheckConstraint("status in ('not-started', 'in-progress', 'done')", name="status"),
    )


class Snapshot(Base):
    __tablename__ = "snapshot"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(TS)
    content: Mapped[dict[str, Any]] = mapped_column(default=dict)


class AuditEvent(Base):
    """One event per service call: enough to explain it and to undo it.

    ``before``/``after`` hold what the action changed; keys named in ``TEXT_KEYS`` of the
    audit module may hold transcript text and are redacted when a participant withdraws.
    """

    __tablename__ = "audit_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[str] = mapped_column(String(36), index=True)
    coder_id: Mapped[int] = mapped_column(ForeignKey("coder.id"), index=True)
    at: Mapped[datetime] = mapped_column(TS)
    action: Mapped[str] = mapped_column(String(48))
    summary: Mapped[str] = mapped_column(Text, default="")
    before: Mapped[dict[str, Any]] = mapped_column(default=dict)
    after: Mapped[dict[str, Any]] = mapped_column(default=dict)
    targets: Mapped[list[Any]] = mapped_column(default=list)
    undoable: Mapped[bool] = mapped_column(Boolean, default=True)
    reverts_id: Mapped[int | None] = mapped_column(
        ForeignKey("audit_event.id"), nullable=True
    )  # set on an undo or redo event: the event it compensates
    undone: Mapped[bool] = mapped_column(Boolean, default=False)
    redacted: Mapped[bool] = mapped_column(Boolean, default=False)


class Draft(Base):
    """Text typed in the workbench and not saved yet, kept so that a crash loses nothing: one
    per coder and editor, cleared when the text is saved or discarded. It is not audited (it
    changes nothing of the analysis) and goes with the theme or transcript it is attached to."""

    __tablename__ = "draft"
    id: Mapped[int] = mapped_column(primary_key=True)
    coder_id: Mapped[int] = mapped_column(ForeignKey("coder.id"))
    key: Mapped[str] = mapped_column(String(200))  # the editor and its target's row
    theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("theme.id", ondelete="CASCADE"), nullable=True, index=True
    )
    transcript_id: Mapped[str | None] = mapped_column(
        ForeignKey("transcript.id", ondelete="CASCADE"), nullable=True, index=True
    )
    content: Mapped[dict[str, Any]] = mapped_column(default=dict)
    saved_at: Mapped[datetime] = mapped_column(TS)
    __table_args__ = (UniqueConstraint("coder_id", "key"),)


class LemmaCache(Base):
    """Lemma counts per transcript text, keyed by the text's hash (the NLP layer fills it)."""

    __tablename__ = "lemma_cache"
    text_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    pipeline: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)


# SQLite would otherwise hand a deleted row's id to the next row, and an audit event's
# ``coding:12`` could then name two different codings: ids are never reused.
for _table in Base.metadata.tables.values():
    _pk = list(_table.primary_key.columns)
    if len(_pk) == 1 and _pk[0].name == "id" and _pk[0].type.python_type is int:
        _table.dialect_kwargs["sqlite_autoincrement"] = True
