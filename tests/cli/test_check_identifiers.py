"""``check-identifiers`` goes on past a file it cannot read and takes folders, as import does."""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import pytest

from support import SAMPLES, write


def _run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
         ) -> tuple[int, str, str]:
    from themework.cli import main

    monkeypatch.setattr(sys, "argv", ["themework", "check-identifiers", *args])
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    capsys.readouterr()
    with pytest.raises(SystemExit) as done:
        main.run()
    out, err = capsys.readouterr()
    return int(done.value.code or 0), out, err


def test_an_unreadable_file_is_named_and_the_rest_are_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    bad = folder / "A00.docx"
    bad.write_bytes(b"\xff\xfe not a zip")
    write(folder / "P99.txt", "Interviewer: Where?\nP99: Call me on 07700 900123 any time.\n")
    shutil.copy(SAMPLES / "P01.txt", folder / "P01.txt")
    write(folder / "notes.csv", "not,a,transcript\n")
    code, out, err = _run(monkeypatch, capsys, str(folder))
    assert code == 1
    assert f"not checked: {bad}" in err
    assert "P99.txt:2: phone" in out  # the file after the unreadable one was checked
    assert "in 1 of 2 files; 1 could not be read" in out
    code, out, _ = _run(monkeypatch, capsys, str(bad), str(SAMPLES / "P01.txt"), "--json")
    data = json.loads(out)
    assert [f["file"] for f in data["files"]] == [str(bad), str(SAMPLES / "P01.txt")]
    assert data["files"][0]["error"].startswith(str(bad))
    assert data["files"][1]["error"] is None
