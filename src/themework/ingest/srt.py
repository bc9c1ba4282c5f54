"""SubRip (.srt) captions: numbered cues, ``00:00:01,000 --> 00:00:04,000``, text lines.

SRT has no speaker markup; transcription services write ``Name: text`` or nothing, in which
case the caller names the speaker (``--speaker``). Hand-edited files often lose the blank
line between cues, so a timing line inside a cue's text starts a new cue.
"""

from __future__ import annotations

from pathlib import Path

from themework.domain.errors import InputError
from themework.domain.text import ParsedTranscript

from ._cues import STRICT_TIMING, Cue, build_turns, clean_text, label_cues, parse_timing
from .decode import read_text
from .formats import register


def parse_srt(
    text: str, path: str | Path, *, default_speaker: str | None = None
) -> ParsedTranscript:
    """Parse decoded, normalised SRT. ``ParsedTurn.line`` is the cue number's line."""
    lines = text.split("\n")
    n = len(lines)
    cues: list[Cue] = []
    body: list[str] | None = None  # text lines of the open cue; None between cues
    block_line = 0
    start_s = end_s = 0.0

    def close() -> None:
        if body is not None:
            cues.append(Cue(block_line, start_s, end_s, clean_text("\n".join(body))))

    i = 0
    while i < n:
        line = lines[i]
        if not line:
            close()
            body = None
        elif body is None:
            block_line = i + 1
            if line.strip().isdigit():
                i += 1
                if i >= n or "-->" not in lines[i]:
                    raise InputError(
                        "expected a cue timing line ('00:00:01,000 --> 00:00:04,000') "
                        "after the cue number",
                        file=path,
                        line=min(i, n - 1) + 1,
                    )
            elif "-->" not in line:
                raise InputError(
                    "expected a cue number or timing line (is this an SRT file?)",
                    file=path,
                    line=i + 1,
                )
            start_s, end_s = parse_timing(lines[i], path=path, lineno=i + 1)
            body = []
        elif STRICT_TIMING.fullmatch(line.strip()):
            has_number = bool(body) and body[-1].strip().isdigit()
            if has_number:
                body.pop()
            close()
            block_line = i if has_number else i + 1
            start_s, end_s = parse_timing(line, path=path, lineno=i + 1)
            body = []
        else:
            body.append(line)
        i += 1
    close()
    label_cues(cues)
    turns = build_turns(cues, path=path, default_speaker=default_speaker)
    return ParsedTranscript("srt", turns)


def read_srt(path: Path, default_speaker: str | None = None) -> ParsedTranscript:
    return parse_srt(read_text(path), path, default_speaker=default_speaker)


register(read_srt, (".srt",))
