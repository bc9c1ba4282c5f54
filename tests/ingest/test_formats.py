"""The format registry: one reader per suffix, and what a folder import picks up."""

from __future__ import annotations

from pathlib import Path

import pytest

from themework.domain.errors import InputError
from themework.domain.text import ParsedTranscript, ParsedTurn
from themework.ingest import formats, read_transcript


def test_a_folder_picks_up_exactly_the_registered_folder_suffixes(tmp_path: Path) -> None:
    folder = tmp_path / "interviews"
    folder.mkdir()
    for suffix in formats.supported_suffixes():
        (folder / f"a{suffix}").write_bytes(b"")
        (folder / f"B{suffix.upper()}").write_bytes(b"")
        (folder / f".hidden{suffix}").write_bytes(b"")
    (folder / "~$locked.docx").write_bytes(b"")  # Word's lock file beside an open document
    (folder / "participants.csv").write_bytes(b"")
    (folder / "sub.txt").mkdir()
    named = tmp_path / "notes.md"
    named.write_bytes(b"")

    picked = formats.transcript_files([folder, named])

    assert picked[-1] == named  # a file named is taken whatever its suffix
    in_folder = picked[:-1]
    assert in_folder == sorted(in_folder)
    assert {p.suffix.lower() for p in in_folder} == set(formats.folder_suffixes())
    assert len(in_folder) == 2 * len(formats.folder_suffixes())
    # Today's formats; .md and .text are read when named but left in a folder.
    assert set(formats.folder_suffixes()) == {".txt", ".docx", ".vtt", ".srt"}
    assert formats.supported_suffixes() - set(formats.folder_suffixes()) == {".md", ".text"}


def test_a_new_format_is_one_registration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(formats, "_BY_SUFFIX", dict(formats._BY_SUFFIX))
    monkeypatch.setattr(formats, "_FORMATS", list(formats._FORMATS))

    def read_xyz(path: Path, default_speaker: str | None) -> ParsedTranscript:
        return ParsedTranscript("xyz", (ParsedTurn(default_speaker or "P01", "hello"),))

    formats.register(read_xyz, (".xyz",))
    path = tmp_path / "a.XYZ"
    path.write_bytes(b"")

    assert read_transcript(path, default_speaker="P02").turns[0].label == "P02"
    assert formats.transcript_files([tmp_path]) == [path]
    (tmp_path / "a.pdf").write_bytes(b"")
    with pytest.raises(InputError, match=r"\(expected \.txt, \.docx, \.vtt, \.srt or \.xyz\)"):
        read_transcript(tmp_path / "a.pdf")
