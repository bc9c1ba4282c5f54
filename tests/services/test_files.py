"""The one owner-only file writer both front ends use (reports, exports, pseudonymised
transcripts and their key)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from themework.domain.errors import InputError
from themework.services.files import private_writer, write_private


def test_an_existing_file_is_replaced_whole_and_made_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    target.write_text("old")
    os.chmod(target, 0o644)
    write_private(target, "new ✓\r\n")
    assert target.read_bytes() == "new ✓\r\n".encode()  # written as given, no newline mapping
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["r.md"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "r.md"
    target.write_text("old")

    def boom(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(InputError) as refused:
        write_private(target, "new")
    assert str(refused.value) == f"could not write {target}: No space left on device"
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.md"]


def test_the_text_reaches_the_disk_before_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    order: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        order.append("fsync")
        real_fsync(fd)

    def replace(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> None:
        order.append("replace")
        real_replace(a, b)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    write_private(tmp_path / "r.md", "text")
    assert order == ["fsync", "replace"]


def test_a_streamed_export_is_owner_only_and_appears_only_when_whole(tmp_path: Path) -> None:
    target = tmp_path / "codings.csv"
    target.write_text("old")
    os.chmod(target, 0o644)
    with private_writer(target) as fh:
        fh.write("a,b\r\n")
        assert target.read_text() == "old"  # the old file stays until the new one is whole
    assert target.read_bytes() == b"a,b\r\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with pytest.raises(RuntimeError), private_writer(target) as fh:
        fh.write("half")
        raise RuntimeError("the database went away")
    assert target.read_bytes() == b"a,b\r\n"
    assert [p.name for p in tmp_path.iterdir()] == ["codings.csv"]
