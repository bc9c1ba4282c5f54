"""Readers that turn transcript files into ``ParsedTranscript``.

``read_transcript`` is the one entry point: it asks the format registry (``formats``) for
the reader of the file's suffix. Text readers decode (UTF-8, UTF-16 with BOM, Windows-1252)
and normalise (NFC, LF) first, so every parser sees the same text that offsets will later
refer to. Every failure is an ``InputError`` naming the file and, where there is one, the
line; no message quotes transcript text.
"""

from __future__ import annotations

from pathlib import Path

from themework.domain.errors import InputError
from themework.domain.text import ParsedTranscript

# Importing a reader module registers its format; the order here is the order refusals
# name the formats in (".txt, .docx, .vtt or .srt").
# isort: off
from . import plain, docx, vtt, srt  # noqa: F401
# isort: on
from ._labels import is_participant_code
from .decode import decode_bytes
from .formats import expected_formats, reader_for, supported_suffixes
from .plain import parse_plain
from .srt import parse_srt
from .vtt import parse_vtt

SUPPORTED_SUFFIXES: frozenset[str] = supported_suffixes()

__all__ = [
    "SUPPORTED_SUFFIXES",
    "decode_bytes",
    "is_participant_code",
    "parse_plain",
    "parse_srt",
    "parse_vtt",
    "read_transcript",
]


def read_transcript(path: Path, *, default_speaker: str | None = None) -> ParsedTranscript:
    """Read a transcript; ``default_speaker`` names the speaker of unlabelled VTT/SRT cues.

    ``default_speaker`` is ignored for .txt and .docx, where every turn needs a label.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    read = reader_for(suffix)
    if read is None:
        shown = suffix or "(no suffix)"
        raise InputError(f"unsupported format {shown} (expected {expected_formats()})", file=path)
    return read(path, default_speaker)
