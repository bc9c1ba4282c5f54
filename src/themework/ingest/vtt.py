"""WebVTT captions as Microsoft Teams and Zoom write them.

Teams names speakers with voice tags (``<v Jane Smith>words</v>``) and uses GUID cue ids;
Zoom uses numeric ids and ``Jane Smith: words``. Both cut speech into short cues, which
``_cues.build_turns`` merges back into turns.
"""

from __future__ import annotations

import re
from pathlib import Path

from themework.domain.errors import InputError
from themework.domain.text import ParsedTranscript, clean_label

from ._cues import Cue, build_turns, clean_text, label_cues, parse_timing
from .decode import read_text
from .formats import register

_HEADER = re.compile(r"WEBVTT(?:[ \t].*)?")
_SKIPPED_BLOCK = re.compile(r"(?:NOTE|STYLE|REGION)(?:[ \t].*)?")
# <v Name>, <v.loud Name>; the closing </v> is optional and Teams often leaves it out.
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:[ \t]+([^>\n]*))?>")


def _voice_cues(raw: str, line: int, start_s: float, end_s: float) -> list[Cue]:
    pieces = _VOICE.split(raw)
    if len(pieces) == 1:
        return [Cue(line, start_s, end_s, clean_text(raw))]
    cues: list[Cue] = []
    lead = clean_text(pieces[0])
    for k in range(1, len(pieces), 2):
        speaker = clean_label(pieces[k] or "") or None
        text = clean_text(pieces[k + 1])
        if k == 1 and lead:
            text = f"{lead} {text}".strip()
        cues.append(Cue(line, start_s, end_s, text, speaker))
    return cues


def _skip_block(lines: list[str], i: int) -> int:
    while i < len(lines) and lines[i]:
        i += 1
    return i


def parse_vtt(
    text: str, path: str | Path, *, default_speaker: str | None = None
) -> ParsedTranscript:
    """Parse decoded, normalised WebVTT. ``ParsedTurn.line`` is the first cue's block line."""
    lines = text.split("\n")
    if not _HEADER.fullmatch(lines[0]):
        raise InputError(
            "missing WEBVTT header on the first line (is this a WebVTT file?)", file=path, line=1
        )
    n = len(lines)
    i = _skip_block(lines, 1)  # header metadata such as "Kind: captions"
    cues: list[Cue] = []
    while i < n:
        if not lines[i]:
            i += 1
            continue
        block_line = i + 1
        if _SKIPPED_BLOCK.fullmatch(lines[i]):
            i = _skip_block(lines, i)
            continue
        timing = i if "-->" in lines[i] else i + 1
        if timing >= n or "-->" not in lines[timing]:
            raise InputError(
                "expected a cue timing line ('00:00:01.000 --> 00:00:04.000') after the cue id",
                file=path,
                line=min(timing, n - 1) + 1,
            )
        start_s, end_s = parse_timing(lines[timing], path=path, lineno=timing + 1)
        end = _skip_block(lines, timing + 1)
        raw = "\n".join(lines[timing + 1 : end])
        cues.extend(_voice_cues(raw, block_line, start_s, end_s))
        i = end
    label_cues(cues)
    turns = build_turns(cues, path=path, default_speaker=default_speaker)
    return ParsedTranscript("vtt", turns)


def read_vtt(path: Path, default_speaker: str | None = None) -> ParsedTranscript:
    return parse_vtt(read_text(path), path, default_speaker=default_speaker)


register(read_vtt, (".vtt",))
