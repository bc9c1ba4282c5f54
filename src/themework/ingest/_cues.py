"""What WebVTT and SRT share: cue timings, caption markup, speakers and merging.

Caption tools cut speech into cues of a few seconds; a researcher codes what a person said,
so consecutive cues by one speaker become one turn spanning the first start and last end.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from themework.domain.errors import InputError
from themework.domain.plural import plural
from themework.domain.text import ParsedTurn, clean_label

from ._labels import (
    LABEL_CHARS,
    is_known_label,
    label_key,
    label_shape_ok,
    parse_clock,
)

TIMING = re.compile(r"(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t].*)?")
# Only a line this timestamp-like is taken as a cue that lost its blank line; speech such
# as "A --> B" is not.
STRICT_TIMING = re.compile(r"\d[\d:.,]*[ \t]+-->[ \t]+\d[\d:.,]*(?:[ \t].*)?")
_TAG = re.compile(r"<[^>\n]*>")
_ASS_TAG = re.compile(r"\{\\[^}\n]*\}")  # {\an8} and friends, written by Aegisub into SRT
_CUE_LABEL = re.compile(r"(?P<label>" + LABEL_CHARS + r")\s*:(?=\s|$)\s*")

NO_CUES = "no cues found"


@dataclass(slots=True)
class Cue:
    line: int  # the line the cue block starts on (its id, or its timing line)
    start_s: float
    end_s: float
    text: str
    speaker: str | None = None


def parse_timing(line: str, *, path: str | Path, lineno: int) -> tuple[float, float]:
    match = TIMING.fullmatch(line.strip())
    if match is None:
        raise InputError(
            "malformed cue timing line (expected 'start --> end')", file=path, line=lineno
        )
    start = parse_clock(match[1], file=path, line=lineno)
    end = parse_clock(match[2], file=path, line=lineno)
    if end < start:
        raise InputError("cue ends before it starts", file=path, line=lineno)
    return start, end


def clean_text(raw: str) -> str:
    """Drop markup (<c>, <i>, <b>, <font>, {\\an8}), decode entities, fold line wraps."""
    text = _ASS_TAG.sub("", _TAG.sub("", raw))
    return " ".join(html.unescape(text).split())


def label_cues(cues: list[Cue]) -> None:
    """Take ``Name: text`` labels (Zoom, most SRT) from cues that have no voice tag.

    If most unattributed cues carry a label, the file labels every cue, so any name-shaped
    label is a speaker (someone may speak once). Otherwise colons are more likely speech,
    and a label must recur or be a role word or pseudonym, as in plain text.
    """
    found: list[tuple[Cue, re.Match[str]]] = []
    unattributed = 0
    counts: dict[str, int] = {}
    for cue in cues:
        if cue.speaker is not None:
            continue
        unattributed += 1
        match = _CUE_LABEL.match(cue.text)
        if match is not None and label_shape_ok(match["label"]):
            found.append((cue, match))
            key = label_key(match["label"])
            counts[key] = counts.get(key, 0) + 1
    convention = 2 * len(found) >= unattributed
    for cue, match in found:
        label = match["label"]
        if convention or counts[label_key(label)] >= 2 or is_known_label(label):
            cue.speaker = clean_label(label)
            cue.text = cue.text[match.end() :]


def build_turns(
    cues: list[Cue], *, path: str | Path, default_speaker: str | None
) -> tuple[ParsedTurn, ...]:
    """Attribute unlabelled cues to ``default_speaker`` and merge runs by one speaker."""
    cues = [cue for cue in cues if cue.text]
    if not cues:
        raise InputError(NO_CUES, file=path)
    default = clean_label(default_speaker) if default_speaker else ""
    missing = [cue for cue in cues if cue.speaker is None]
    if missing and not default:
        raise InputError(
            f"{len(missing)} of {plural(len(cues), 'cue')} have no speaker (first at line "
            f"{missing[0].line}); pass --speaker NAME to attribute them to one speaker",
            file=path,
            line=missing[0].line,
        )

    turns: list[ParsedTurn] = []
    run: list[Cue] = []

    def flush() -> None:
        if run:
            first, last = run[0], run[-1]
            text = " ".join(cue.text for cue in run)
            label = first.speaker or default
            turns.append(ParsedTurn(label, text, first.start_s, last.end_s, first.line))

    run_key = ""
    for cue in cues:
        key = label_key(cue.speaker or default)
        if run and key != run_key:
            flush()
            run = []
        run.append(cue)
        run_key = key
    flush()
    return tuple(turns)
