"""A REFI-QDA project as plain data: what ``project.qde`` says, without the XML.

The writer turns this into ``project.qde`` and the reader produces it from any producer's
file. GUIDs are normalised (lower case, no braces); offsets in ``Selection`` are as the
file gives them, in the producer's own units (``offsets`` converts them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from themework.refi.qdc import RefiCode, RefiSet


@dataclass(frozen=True)
class User:
    guid: str
    name: str


@dataclass(frozen=True)
class Selection:
    """One coded span: a PlainTextSelection and one of its Codings."""

    guid: str
    start: int
    end: int
    code: str  # the code's GUID
    coder: str  # the user's GUID, "" when the file names none
    created: datetime | None = None
    quote: str = ""  # the selection's name, where the producer stores the selected text
    notes: tuple[str, ...] = ()  # Note GUIDs
    line: int = 0


@dataclass(frozen=True)
class Source:
    guid: str
    name: str
    text: str  # as shipped (a BOM, CRLF line ends and all), decoded
    selections: tuple[Selection, ...] = ()
    notes: tuple[str, ...] = ()
    created: datetime | None = None
    line: int = 0


@dataclass(frozen=True)
class Note:
    guid: str
    name: str
    text: str
    coder: str = ""
    created: datetime | None = None


@dataclass(frozen=True)
class Variable:
    guid: str
    name: str
    type: str = "Text"  # Text, Boolean, Integer, Float, Date, DateTime


@dataclass(frozen=True)
class Case:
    guid: str
    name: str
    values: tuple[tuple[str, str], ...] = ()  # (variable GUID, value as written)
    sources: tuple[str, ...] = ()  # source GUIDs
    notes: tuple[str, ...] = ()  # notes linked to the case (Links from a note to it)


@dataclass(frozen=True)
class Project:
    name: str
    origin: str = ""
    users: tuple[User, ...] = ()
    codes: tuple[RefiCode, ...] = ()
    variables: tuple[Variable, ...] = ()
    cases: tuple[Case, ...] = ()
    sources: tuple[Source, ...] = ()
    notes: tuple[Note, ...] = ()
    sets: tuple[RefiSet, ...] = ()
    project_notes: tuple[str, ...] = ()  # Note GUIDs on the project itself
    description: str = ""
    skipped: tuple[str, ...] = field(default=())  # what the reader could not use, and why
