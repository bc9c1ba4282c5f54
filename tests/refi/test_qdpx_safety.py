"""Hostile .qdpx files are refused with one line, before anything is stored."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from themework.domain.errors import InputError
from themework.refi import archive
from themework.services.workbench import Workbench
from themework.store.models import AuditEvent

QDE = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="x">
<Sources><TextSource guid="50000000-0000-4000-8000-000000000001" name="s"
 plainTextPath="internal://50000000-0000-4000-8000-000000000001.txt"/></Sources></Project>"""
SOURCE = "sources/50000000-0000-4000-8000-000000000001.txt"


def _zip(path: Path, members: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in members:
            zf.writestr(info, data)
    return path


def _symlink() -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(SOURCE)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


CASES = {
    "zip-slip": ([("project.qde", QDE.encode()), ("../../evil.txt", b"x")], "outside"),
    "absolute": ([("project.qde", QDE.encode()), ("/etc/evil.txt", b"x")], "outside"),
    "drive": ([("project.qde", QDE.encode()), ("C:/evil.txt", b"x")], "outside"),
    "symlink": ([("project.qde", QDE.encode()), (_symlink(), b"/etc/passwd")], "symbolic link"),
    "bomb": ([("project.qde", QDE.encode()), (SOURCE, b"P01: a\n" * 3_000_000)], "zip bomb"),
    "entity": (
        [("project.qde",
          b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
          b'<Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>')],
        "refused",
    ),
    "no qde": ([("readme.txt", b"hello")], "no .qde file"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_archives_are_refused_in_one_line(
    sqlite_wb: Workbench, tmp_path: Path, case: str
) -> None:
    members, expected = CASES[case]
    path = _zip(tmp_path / "evil.qdpx", members)
    with sqlite_wb.store.read() as s:
        events = s.scalar(select(func.count()).select_from(AuditEvent))
    with pytest.raises(InputError) as err:
        sqlite_wb.refi.import_qdpx(path)
    message = str(err.value)
    assert "\n" not in message and expected in message and str(path) in message
    assert "root:" not in message  # nothing of /etc/passwd
    with sqlite_wb.store.read() as s:
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == events
    assert not (tmp_path.parent / "evil.txt").exists()


def test_the_total_unpacked_size_is_limited(
    sqlite_wb: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive, "MAX_TOTAL", 1000)
    path = _zip(tmp_path / "big.qdpx", [("project.qde", QDE.encode()), (SOURCE, b"x" * 2000)])
    with pytest.raises(InputError, match="unpacks to more than"):
        sqlite_wb.refi.import_qdpx(path)


def test_a_source_whose_file_is_missing_is_skipped_naming_the_file(
    wb: Workbench, tmp_path: Path
) -> None:
    qde = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="QualCoder 3.6">
<Sources><TextSource guid="50000000-0000-4000-8000-000000000001" name="Interview one"
 plainTextPath="internal://one.txt"/></Sources></Project>"""
    path = tmp_path / "missing.qdpx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", qde)
    r = wb.refi.import_qdpx(path)
    assert r.sources == 0
    assert r.skipped == ("source Interview one: no text in the archive (one.txt not found)",)
