"""Input limits, checked before the work they bound, each with a clear message.

The files are built small: a zip whose directory declares a huge part, a 2 MiB part of
zeros, a sparse file; nothing here needs much memory or time.
"""

from __future__ import annotations

import struct
import time
import zipfile
from pathlib import Path

import pytest

from themework.domain.errors import InputError
from themework.ingest import read_transcript
from themework.ingest.limits import MAX_LINE_CHARS, MAX_PARAGRAPHS

BODY = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'


def _docx(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _declare_size(path: Path, member: str, size: int) -> None:
    """Rewrite the zip directory so ``member`` claims ``size`` bytes uncompressed."""
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        name = bytes(data[at + 46 : at + 46 + name_len]).decode()
        if name == member:
            struct.pack_into("<I", data, at + 24, size)
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))


def test_a_docx_declaring_a_gigabyte_is_refused_from_its_directory(tmp_path: Path) -> None:
    path = _docx(tmp_path / "bomb.docx", {"word/document.xml": BODY + b"<w:body/>"})
    _declare_size(path, "word/document.xml", 2**30)
    began = time.perf_counter()
    with pytest.raises(InputError) as info:
        read_transcript(path)
    assert time.perf_counter() - began < 2
    assert str(info.value) == (
        f"{path}: the document's parts expand to 1024 MB; more than 256 MB is refused"
    )


def test_a_part_that_expands_too_many_times_is_refused_as_a_zip_bomb(tmp_path: Path) -> None:
    path = _docx(tmp_path / "zeros.docx", {"word/media/blank.bin": bytes(2 * 2**20)})
    with pytest.raises(InputError, match=r"word/media/blank.bin\) expands [\d,]+ times; more "
                       r"than 200 times is refused as a zip bomb"):
        read_transcript(path)


def test_too_many_paragraphs_are_counted_and_refused_before_parsing(tmp_path: Path) -> None:
    paragraphs = b"".join(
        b"<w:p><w:r><w:t>P01: turn %d</w:t></w:r></w:p>" % i for i in range(MAX_PARAGRAPHS + 1)
    )
    path = _docx(tmp_path / "long.docx", {"word/document.xml": BODY + b"<w:body>" + paragraphs
                                          + b"</w:body></w:document>"})
    began = time.perf_counter()
    with pytest.raises(InputError) as info:
        read_transcript(path)
    assert time.perf_counter() - began < 5  # python-docx never parsed it
    assert "more than 50,000 paragraphs" in str(info.value)
    assert "split it into one file per interview" in str(info.value)


def test_a_line_past_the_limit_is_refused_with_its_number(tmp_path: Path) -> None:
    path = tmp_path / "P01.txt"
    path.write_text("Interviewer: Hello.\nP01: " + "a" * MAX_LINE_CHARS + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_transcript(path)
    assert info.value.line == 2
    assert "more than 100,000 is refused" in str(info.value)


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"huge{suffix}"
    with path.open("wb") as fh:
        fh.truncate(65 * 2**20)  # sparse: no disk, no memory
    with pytest.raises(InputError) as info:
        read_transcript(path)
    assert "the file is 65 MB; transcripts larger than 64 MB are refused" in str(info.value)


def test_paragraph_styles_are_looked_up_once_not_per_paragraph(tmp_path: Path) -> None:
    """python-docx scans every style for each paragraph's and run's default style: 5,000
    paragraphs took 50 s. Read once, they take about a second."""
    import docx

    document = docx.Document()
    for i in range(3000):
        document.add_paragraph(f"P{i % 2:02d}: turn number {i}")
    document.add_heading("Notes", level=1)
    path = tmp_path / "long.docx"
    document.save(str(path))
    began = time.perf_counter()
    parsed = read_transcript(path)
    assert time.perf_counter() - began < 8
    assert len(parsed.turns) == 3000
