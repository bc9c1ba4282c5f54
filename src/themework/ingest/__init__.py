"""Readers that turn transcript files into ``ParsedTranscript``.

``read_transcript`` is the one entry point: it picks a reader by suffix, decodes text files
(UTF-8, UTF-16 with BOM, Windows-1252) and normalises them (NFC, LF), so every reader sees
the same text that offsets will later refer to. Every failure is an ``InputError`` naming
the file and, where there is one, the line; no message quotes transcript text.
"""

from __future__ import annotations

from pathlib import Path

from themework.domain.errors import InputError
from themework.domain.text import ParsedTranscript

from ._labels import is_participant_code
from .decode import decode_bytes, read_file_bytes
from .limits import check_lines
from .plain import parse_plain
from .srt import parse_srt
from .vtt import parse_vtt

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".text", ".md", ".docx", ".vtt", ".srt"})

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
    if suffix == ".docx":
        # Imported here: python-docx pulls in lxml, which text-only imports do not need.
        from .docx import read_docx

        return read_docx(path)
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "(no suffix)"
        raise InputError(
            f"unsupported format {shown} (expected .txt, .docx, .vtt or .srt)", file=path
        )
    text = decode_bytes(read_file_bytes(path), path)
    check_lines(text.split("\n"), path)
    if suffix == ".vtt":
        return parse_vtt(text, path, default_speaker=default_speaker)
    if suffix == ".srt":
        return parse_srt(text, path, default_speaker=default_speaker)
    return parse_plain(text, path)
