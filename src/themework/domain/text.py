"""Text normalisation and the canonical transcript layout.

The stored transcript text is the single reference for offsets: 0-based code points,
end exclusive (the REFI-QDA convention). Every importer produces turns; ``render`` lays
them out the same way whatever the source format, so offsets never depend on it.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


def normalise(text: str) -> str:
    """NFC, LF line ends, no BOM, no trailing white space at line ends."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def name_key(name: str) -> str:
    """The key names are unique by: case-folded NFC with runs of spaces folded.

    Also a speaker label's identity: "interviewer" and "Interviewer " are one speaker."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


# Cached: a transcript repeats a handful of labels thousands of times.
@lru_cache(maxsize=4096)
def clean_label(label: str) -> str:
    """A speaker label as shown and stored: runs of white space folded, ends stripped.

    Every reader, the speaker map and the layout fold labels here (``name_key`` compares them).
    """
    return " ".join(label.split())


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def word_count(text: str) -> int:
    return len(text.split())


@dataclass(frozen=True)
class ParsedTurn:
    """One speaker's utterance as read from a file, before it is stored."""

    label: str
    text: str
    start_s: float | None = None
    end_s: float | None = None
    line: int = 0  # the source line the turn begins on, for error messages


@dataclass(frozen=True)
class ParsedTranscript:
    format: str  # txt, docx, vtt, srt
    turns: tuple[ParsedTurn, ...]
    preamble: str = ""  # headings or notes before the first speaker label


@dataclass(frozen=True)
class TurnLayout:
    index: int  # numbered from 1, as users see it
    label: str
    label_start: int
    label_end: int
    start: int  # utterance span
    end: int
    start_s: float | None
    end_s: float | None


def render(parsed: ParsedTranscript) -> tuple[str, list[TurnLayout]]:
    """Lay turns out as ``Label: utterance`` paragraphs separated by blank lines."""
    parts: list[str] = []
    layouts: list[TurnLayout] = []
    pos = 0
    preamble = normalise(parsed.preamble).strip()
    if preamble:
        parts.append(preamble + "\n\n")
        pos += len(preamble) + 2
    for i, turn in enumerate(parsed.turns, start=1):
        label = clean_label(turn.label)
        utterance = normalise(turn.text).strip()
        label_start = pos
        label_end = label_start + len(label)
        start = label_end + 2  # ": "
        end = start + len(utterance)
        parts.append(f"{label}: {utterance}\n\n")
        pos = end + 2
        layouts.append(
            TurnLayout(i, label, label_start, label_end, start, end, turn.start_s, turn.end_s)
        )
    text = "".join(parts)
    if text.endswith("\n\n"):
        text = text[:-1]
    return text, layouts
