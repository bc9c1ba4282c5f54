from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

import pytest

from themework.domain.errors import InputError
from themework.domain.text import render
from themework.ingest import SUPPORTED_SUFFIXES, read_transcript

SENTINEL = "ZEBRA-SENTINEL-7731"


def test_supported_suffixes() -> None:
    assert {".txt", ".docx", ".vtt", ".srt"} <= SUPPORTED_SUFFIXES
    assert all(s.startswith(".") and s == s.lower() for s in SUPPORTED_SUFFIXES)


@pytest.mark.parametrize("name", ["a.txt", "a.TXT", "a.text", "a.md"])
def test_text_suffixes_use_plain_reader(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("Interviewer: hi\nP01: hello\n", encoding="utf-8")
    parsed = read_transcript(path)
    assert parsed.format == "txt"
    assert [t.label for t in parsed.turns] == ["Interviewer", "P01"]


@pytest.mark.parametrize("name", ["a.pdf", "a.doc", "README"])
def test_unsupported_suffix(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("Interviewer: hi\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_transcript(path)
    assert "unsupported format" in info.value.message
    assert "(expected .txt, .docx, .vtt or .srt)" in info.value.message
    assert info.value.file == str(path)


def test_missing_file(tmp_path: Path) -> None:
    for name in ("gone.txt", "gone.docx"):
        with pytest.raises(InputError, match="file not found"):
            read_transcript(tmp_path / name)


def test_directory_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(InputError):
        read_transcript(folder)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.txt", "Interviewer: hello\nP01: fine\n"),
        ("a.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann Lee>hello</v>\n"),
        ("a.srt", "1\n00:00:01,000 --> 00:00:02,000\nP01: hello\n"),
    ],
)
def test_render_spans_for_every_text_format(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    parsed = read_transcript(path)
    rendered, layout = render(parsed)
    assert [rendered[lay.start : lay.end] for lay in layout] == [t.text for t in parsed.turns]


def _bad_files(tmp_path: Path) -> list[tuple[Path, str | None]]:
    """Files that each fail, with the sentinel planted in their transcript text."""
    s = SENTINEL
    files: dict[str, bytes] = {
        "binary.txt": f"P01: {s}\n".encode() + b"\x00\x01\x02",
        "controls.txt": f"{s}".encode() + bytes(range(1, 9)) * 40,
        "undecodable.txt": f"P01: {s} “q”\n".encode("cp1252") + b"\x81\n",
        "noturns.txt": f"Just notes {s}\nNote: {s}\n".encode(),
        "badtime.txt": f"Interviewer: {s}\n[00:75:00] P01: {s}\n".encode(),
        "noheader.vtt": f"1\n00:00:01.000 --> 00:00:02.000\n{s}\n".encode(),
        "nospeaker.vtt": f"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n{s}\n".encode(),
        "badtime.vtt": f"WEBVTT\n\n00:00:01.000 --> {s}\n<v A>{s}</v>\n".encode(),
        "noid.vtt": f"WEBVTT\n\n{s}\n<v A>{s}</v>\n".encode(),
        "nospeaker.srt": f"1\n00:00:01,000 --> 00:00:02,000\n{s}\n".encode(),
        "badtime.srt": f"1\n00:00:01,000 --> 00:0{s}\nA: {s}\n".encode(),
        "garbage.srt": f"{s}\n{s}\n".encode(),
        "broken16.txt": f"P01: {s}\n".encode("utf-16") + b"\x00",
        "corrupt.docx": f"Interviewer: {s}\n".encode(),
        f"{s[:0]}unknown.pdf": f"Interviewer: {s}\n".encode(),
    }
    out: list[tuple[Path, str | None]] = []
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        out.append((path, None))
    zipped = tmp_path / "zipped.docx"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("word/document.xml", f"<w:document>{s}")
        archive.writestr("[Content_Types].xml", f"<Types>{s}")
    out.append((zipped, None))
    bom_only = tmp_path / "bom.vtt"
    bom_only.write_bytes(codecs.BOM_UTF8 + b"   \n")
    out.append((bom_only, None))
    return out


def test_no_error_message_contains_transcript_text(tmp_path: Path) -> None:
    failures = 0
    for path, speaker in _bad_files(tmp_path):
        with pytest.raises(InputError) as info:
            read_transcript(path, default_speaker=speaker)
        err = info.value
        for shown in (str(err), err.message, repr(err), *map(str, err.args)):
            assert SENTINEL not in shown, f"{path.name} leaks text: {shown}"
        assert err.file == str(path)
        assert err.__cause__ is None or SENTINEL not in str(err.__cause__)
        failures += 1
    assert failures == 17
