"""What counts as a speaker label, shared by every reader.

A colon after a few words at the start of a line is not enough: interviewees say
"Note: ..." or "Example: ..." mid-answer, and transcript headers carry "Date: ..." and
"Time: 10:30". A label must look like a name and, unless it is a role word or a pseudonym,
be used as a label more than once in the file.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from themework.domain.errors import InputError
from themework.domain.text import clean_label, name_key

MAX_LABEL_CHARS = 40
MAX_LABEL_WORDS = 4

ROLE_WORDS = frozenset(
    {
        "interviewer",
        "interviewee",
        "facilitator",
        "moderator",
        "researcher",
        "respondent",
        "participant",
        "i",
        "r",
        "int",
        "q",
        "a",
    }
)

# Words that introduce metadata or an aside, never a speaker, even when they recur.
NOT_SPEAKERS = frozenset(
    {
        "note",
        "notes",
        "nb",
        "n.b",
        "example",
        "examples",
        "e.g",
        "eg",
        "i.e",
        "ie",
        "ps",
        "p.s",
        "date",
        "time",
        "duration",
        "length",
        "location",
        "venue",
        "place",
        "site",
        "interview",
        "transcript",
        "transcribed by",
        "transcriber",
        "recording",
        "file",
        "filename",
        "project",
        "study",
        "title",
        "subject",
        "re",
        "present",
        "attendees",
        "participants",
        "comment",
        "comments",
        "speaker",
        "speakers",
        "text",
        "timestamp",
        "source",
        "ref",
        "reference",
        "url",
        "email",
        "tel",
        "phone",
        "warning",
        "trigger warning",
        "content warning",
    }
)

# "Section 2" or "Question 4" fit the letters-then-digits shape of a pseudonym but are
# headings or interview-guide items.
_NOT_PSEUDONYM_WORDS = frozenset(
    {
        "section",
        "part",
        "page",
        "question",
        "chapter",
        "day",
        "week",
        "session",
        "wave",
        "tape",
        "track",
        "table",
        "figure",
        "appendix",
        "item",
        "step",
        "version",
        "theme",
        "topic",
    }
)

LABEL_CHARS = r"[^\W\d_][\w .'’-]{0,39}?"
_SHAPE = re.compile(r"[^\W\d_][\w .'’-]*")
_PSEUDONYM = re.compile(r"([^\W\d_]{1,20})[ _-]?\d{1,8}[^\W\d_]?")
# A participant code: short letter prefixes with digits (P01, P00001, R10234, PT0412, INT-03,
# P01a), possibly compound (FG2_P4, S1-P03), or a participant word with a number
# ("Participant 12", "Respondent 0042"). Studies with tens of thousands of interviews write
# five or more digits. The prefix is upper case, or at most two letters, so a display name
# with a number ("Anna 2") still needs a pseudonym.
_CODE_PART = r"(?:[A-Z]{1,4}|[A-Za-z]{1,2}|Int|Part|Resp)[-_ ]?\d{1,8}[A-Za-z]?"
_PARTICIPANT_CODE = re.compile(
    rf"(?:{_CODE_PART}(?:[-_ ./]{_CODE_PART})*"
    r"|(?i:participant|respondent|interviewee|speaker|person|subject|case)"
    r"(?:\s*[-_#]?\s*\d{1,8})?)"
)
_CLOCK = re.compile(r"(?:(\d{1,3}):)?(\d{1,3}):(\d{2})(?:[.,](\d{1,3}))?")


# Cached: a transcript repeats a handful of labels thousands of times.
@lru_cache(maxsize=4096)
def label_shape_ok(label: str) -> bool:
    """Short, starts with a letter, only name-like characters, not an aside word."""
    label = clean_label(label)
    if not label or len(label) > MAX_LABEL_CHARS or len(label.split()) > MAX_LABEL_WORDS:
        return False
    if not _SHAPE.fullmatch(label):
        return False
    return name_key(label).rstrip(".") not in NOT_SPEAKERS


@lru_cache(maxsize=4096)
def label_key(label: str) -> str:
    """The identity of a label: case, spacing and Unicode form do not matter."""
    return name_key(label)


@lru_cache(maxsize=4096)
def is_known_label(label: str) -> bool:
    """A role word or a pseudonym (P03, Participant 3, YP1, SW2): a speaker even if used once."""
    key = name_key(label).rstrip(".")
    if key in ROLE_WORDS:
        return True
    match = _PSEUDONYM.fullmatch(key)
    return match is not None and match.group(1) not in _NOT_PSEUDONYM_WORDS


@lru_cache(maxsize=4096)
def is_participant_code(label: str) -> bool:
    """True for a label that is a pseudonym by its shape (P09998, FG2_P4, Participant 12)."""
    return _PARTICIPANT_CODE.fullmatch(clean_label(label)) is not None


def parse_clock(raw: str, *, file: str | Path, line: int) -> float:
    """Seconds from ``hh:mm:ss``, ``mm:ss``, with an optional ``.mmm`` or ``,mmm`` fraction."""
    match = _CLOCK.fullmatch(raw.strip())
    if match is not None:
        hours_s, minutes_s, seconds_s, frac = match.groups()
        minutes, seconds = int(minutes_s), int(seconds_s)
        # Without hours, minutes may run past 59 ("75:30" in a long interview).
        if seconds < 60 and (hours_s is None or minutes < 60):
            total = int(hours_s or 0) * 3600 + minutes * 60 + seconds
            return total + (float(f"0.{frac}") if frac else 0.0)
    raise InputError(
        "malformed timestamp (expected hh:mm:ss, mm:ss or hh:mm:ss.mmm)", file=file, line=line
    )
