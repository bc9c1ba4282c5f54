"""Turn a transcript file's bytes into normalised text.

Transcripts arrive from Word, Teams, Zoom and transcription services on Windows and macOS,
so we meet UTF-8 (with and without BOM), UTF-16 with BOM (Notepad's "Unicode") and
Windows-1252 (older Word "Save as text"). Anything else is refused rather than guessed:
a wrong guess silently corrupts names and quotes, and offsets are anchored to this text.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path

from themework.domain.errors import InputError
from themework.domain.text import normalise

from .limits import check_file_size, check_lines

# Control characters that never occur in prose; tab, line ends, vertical tab and form feed do
# (Word writes the last two for manual line and page breaks).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_BINARY_SAMPLE = 65536
_BINARY_SHARE = 0.05


def _line_of(data: bytes, pos: int, newline: bytes = b"\n") -> int:
    return data.count(newline, 0, pos) + 1


def _looks_binary(text: str) -> bool:
    sample = text[:_BINARY_SAMPLE]
    if not sample:
        return False
    controls = _CONTROL.subn("", sample)[1]
    return controls / len(sample) > _BINARY_SHARE


def _decode_utf16(data: bytes, path: str | Path) -> str:
    big_endian = data.startswith(codecs.BOM_UTF16_BE)
    codec = "utf-16-be" if big_endian else "utf-16-le"
    body = data[2:]
    try:
        return body.decode(codec)
    except UnicodeDecodeError as err:
        # Count lines in what did decode; the raw bytes hold no plain b"\n".
        line = body[: err.start].decode(codec, errors="replace").count("\n") + 1
        raise InputError(
            f"cannot decode as {codec.upper()} (the file starts with a UTF-16 byte order mark)",
            file=path,
            line=line,
        ) from None


def decode_bytes(data: bytes, path: str | Path, *, what: str = "a transcript") -> str:
    """Decode a transcript file's bytes and return normalised text (NFC, LF line ends).

    ``what`` names the kind of file in messages ("looks like a binary file, not a codebook").

    Raises ``InputError`` for an empty file, a binary file or bytes that are neither UTF-8,
    UTF-16 (with BOM) nor Windows-1252. Messages name the file and line, never its text.
    """
    if not data.strip():
        raise InputError("the file is empty", file=path)

    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode_utf16(data, path)
    else:
        nul = data.find(b"\x00")
        if nul >= 0:
            raise InputError(
                f"looks like a binary file, not {what}",
                file=path,
                line=_line_of(data, nul),
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError as err:
                raise InputError(
                    f"cannot decode: not UTF-8, UTF-16 or Windows-1252 "
                    f"(byte 0x{data[err.start]:02X} has no meaning in any of them)",
                    file=path,
                    line=_line_of(data, err.start),
                ) from None

    if _looks_binary(text):
        raise InputError(f"looks like a binary file, not {what}", file=path)
    text = normalise(text)
    if not text.strip():
        raise InputError("the file is empty", file=path)
    return text


def read_file_bytes(path: Path) -> bytes:
    """The file's bytes; OS errors become ``InputError`` without the OS's own wording.

    A file over the size limit is refused before it is read.
    """
    try:
        check_file_size(path.stat().st_size, path)
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", file=path) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", file=path) from None
    except PermissionError:
        raise InputError("permission denied", file=path) from None
    except OSError as err:
        raise InputError(f"cannot read file ({err.strerror or 'I/O error'})", file=path) from None


def read_text(path: Path) -> str:
    """A text transcript's normalised text, refused whole if a line is over the limit."""
    text = decode_bytes(read_file_bytes(path), path)
    check_lines(text.split("\n"), path)
    return text


def text_lines(text: str) -> Iterator[str]:
    """The lines of ``text``, each with its ``\\n``, one at a time: for ``csv.reader`` over a
    large decoded file (``io.StringIO`` of a 22 MB CSV held 90 MB more; ``splitlines``
    would also split at the Unicode line breaks a quoted field may hold)."""
    start = 0
    while end := text.find("\n", start) + 1:
        yield text[start:end]
        start = end
    if start < len(text):
        yield text[start:]
