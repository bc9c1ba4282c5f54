"""Input limits for transcript files, checked before the work that they bound.

A transcript is a few hundred kilobytes; these limits sit far above any real interview (a
two-hour transcript is about 2,000 paragraphs and 150 KB) and far below what exhausts the
machine: a .docx whose parts expand to 1 GB reached 2.1 GB of memory before it was refused,
and 100,000 paragraphs took minutes. A .docx is checked from its zip directory (declared
sizes, which Python's zip reader never reads past) before python-docx loads any part.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path

from themework.domain.errors import InputError

MAX_FILE_BYTES = 64 * 2**20
MAX_UNCOMPRESSED_BYTES = 256 * 2**20  # all parts of a .docx together
MAX_EXPANSION = 200  # uncompressed / compressed size of one part...
_RATIO_FROM_BYTES = 2**20  # ...once it is over 1 MiB (XML compresses 5 to 30 times)
MAX_PARAGRAPHS = 50_000
MAX_LINE_CHARS = 100_000

_DOCUMENT_PART = "word/document.xml"
_PARAGRAPH = re.compile(rb"<w:p[\s>/]")
_CHUNK = 2**20


def _mib(n: int) -> str:
    return f"{n // 2**20} MB"


def check_file_size(size: int, path: str | Path) -> None:
    if size > MAX_FILE_BYTES:
        raise InputError(
            f"the file is {_mib(size)}; transcripts larger than {_mib(MAX_FILE_BYTES)} "
            "are refused (split it, or save it without embedded media)",
            file=path,
        )


def check_docx(data: bytes, path: str | Path) -> None:
    """Refuse a .docx that expands too far or holds too many paragraphs, from its directory
    and a streamed count of paragraph tags; a file that is no zip is left to the reader."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, ValueError):
        return
    with archive:
        members = archive.infolist()
        total = sum(m.file_size for m in members)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise InputError(
                f"the document's parts expand to {_mib(total)}; more than "
                f"{_mib(MAX_UNCOMPRESSED_BYTES)} is refused",
                file=path,
            )
        for m in members:
            if m.file_size > _RATIO_FROM_BYTES and m.file_size > MAX_EXPANSION * max(
                m.compress_size, 1
            ):
                ratio = m.file_size // max(m.compress_size, 1)
                raise InputError(
                    f"a part of the document ({m.filename}) expands {ratio:,} times; more "
                    f"than {MAX_EXPANSION} times is refused as a zip bomb",
                    file=path,
                )
        if _DOCUMENT_PART in archive.namelist():
            count = _count_paragraphs(archive, _DOCUMENT_PART)
            if count > MAX_PARAGRAPHS:
                raise InputError(too_many_paragraphs(count), file=path)


def _count_paragraphs(archive: zipfile.ZipFile, name: str) -> int:
    count, tail = 0, b""
    try:
        with archive.open(name) as part:
            while chunk := part.read(_CHUNK):
                # The last 4 bytes go on with the next chunk, so a tag split across two
                # chunks counts once (a whole tag, 5 bytes, never fits in them twice).
                block = tail + chunk
                count += len(_PARAGRAPH.findall(block))
                tail = block[-4:]
                if count > MAX_PARAGRAPHS:
                    break
    # zlib.error: a damaged deflate stream, which zipfile passes through as it is.
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError):
        return 0  # a broken part: the reader refuses the file with its own message
    return count


def too_many_paragraphs(count: int) -> str:
    return (
        f"the document has more than {MAX_PARAGRAPHS:,} paragraphs ({count:,} or more); "
        "split it into one file per interview"
    )


def check_lines(lines: Iterable[str], path: str | Path) -> None:
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE_CHARS:
            raise InputError(
                f"the line is {len(line):,} characters long; more than "
                f"{MAX_LINE_CHARS:,} is refused",
                file=path,
                line=number,
            )
