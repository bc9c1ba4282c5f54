"""Plain-text transcripts with speaker labels (``Interviewer: ...``, ``P03: ...``).

Also the turn assembler the DOCX reader shares: it sees one logical line per entry, a
label candidate (or none) for each, and decides which candidates are speakers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from themework.domain.errors import InputError
from themework.domain.text import ParsedTranscript, ParsedTurn, clean_label

from ._labels import (
    LABEL_CHARS,
    is_known_label,
    label_key,
    label_shape_ok,
    parse_clock,
)
from .decode import read_text
from .formats import register

# Anything bracketed with digits and a colon is taken as a timestamp here and validated
# later, so "[00:75:00]" is reported as malformed instead of silently becoming text.
_TS = r"[\[(](?P<{}>[\d.,]*\d:[\d:.,]*)[\])]"
_MD = r"(?:\*\*|__)?"  # Markdown bold around a label: **Interviewer:** or **P01**:
_LINE = re.compile(
    r"(?:" + _TS.format("t1") + r"\s*)?"
    r"(?P<md>\*\*|__)?"
    r"(?P<label>" + LABEL_CHARS + r")"
    r"(?:\s*" + _TS.format("t2") + r")?"
    r"\s*(?(md)" + _MD + r")\s*:(?(md)" + _MD + r")"
    r"(?=\s|$)"
    r"(?:\s*" + _TS.format("t3") + r")?"
    r"\s*"
)
# A label and its timestamps fit well inside this; lines without a colon this early are
# skipped without running the regex, which keeps big files fast.
_COLON_WINDOW = 100

NO_TURNS = "no speaker turns found (expected lines such as 'Interviewer: ...' or 'P01: ...')"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A line that could open a turn; ``assemble`` decides whether it does."""

    label: str
    rest: str  # the utterance text after the label on the same line
    raw_time: str | None = None
    strong: bool = False  # formatting (a bold run in DOCX) marks it as a label


def match_label(line: str) -> Candidate | None:
    if line.find(":", 0, _COLON_WINDOW) < 0:
        return None
    match = _LINE.match(line)
    if match is None or not label_shape_ok(match["label"]):
        return None
    raw_time = match["t1"] or match["t2"] or match["t3"]
    return Candidate(match["label"], line[match.end() :], raw_time)


def assemble(
    lines: Sequence[str],
    candidates: Sequence[Candidate | None],
    *,
    path: str | Path,
    fmt: str,
) -> ParsedTranscript:
    """Group lines into turns. Entry ``i`` is reported as line ``i + 1``."""
    counts: dict[str, int] = {}
    for cand in candidates:
        if cand is not None:
            key = label_key(cand.label)
            counts[key] = counts.get(key, 0) + 1

    turns: list[ParsedTurn] = []
    preamble: list[str] = []
    label: str | None = None
    start_s: float | None = None
    first_line = 0
    parts: list[str] = []

    def flush() -> None:
        if label is not None:
            text = "\n".join(parts).strip()
            turns.append(ParsedTurn(label, text, start_s, None, first_line))

    for i, line in enumerate(lines):
        cand = candidates[i]
        if cand is not None and (
            cand.strong or counts[label_key(cand.label)] >= 2 or is_known_label(cand.label)
        ):
            flush()
            label = clean_label(cand.label)
            parts = [cand.rest]
            first_line = i + 1
            start_s = (
                parse_clock(cand.raw_time, file=path, line=first_line)
                if cand.raw_time is not None
                else None
            )
        elif label is None:
            preamble.append(line)
        else:
            parts.append(line)
    flush()

    if not turns:
        raise InputError(NO_TURNS, file=path)
    return ParsedTranscript(fmt, tuple(turns), "\n".join(preamble).strip())


def parse_plain(text: str, path: str | Path) -> ParsedTranscript:
    """Parse decoded, normalised text. ``ParsedTurn.line`` is the 1-based source line."""
    lines = text.split("\n")
    return assemble(lines, [match_label(line) for line in lines], path=path, fmt="txt")


def read_plain(path: Path, default_speaker: str | None = None) -> ParsedTranscript:
    """A text file; ``default_speaker`` is ignored, as every turn here needs a label."""
    return parse_plain(read_text(path), path)


# .md and .text are read when a file is named, but a folder import leaves them: a folder of
# transcripts keeps its README.md and notes beside them, and those are not interviews.
register(read_plain, (".txt", ".text", ".md"), in_folders=(".txt",))
