"""The pseudonymise service, as the CLI calls it: files written one by one, the key last."""

from __future__ import annotations

from pathlib import Path

import pytest

from themework.domain.errors import InputError
from themework.services.pseudonymise import pseudonymise_files

ONE = "Interviewer: Who helped?\nP01: Sarah Jones at Oakfield Academy.\nInterviewer: Thanks.\n"


def test_a_refused_file_keeps_the_files_before_it_and_leaves_the_key_alone(
    tmp_path: Path,
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "P01.txt").write_text(ONE, encoding="utf-8")
    (raw / "P02.docx").write_bytes((tmp_path / "raw" / "P01.txt").read_bytes())
    key = tmp_path / "secure" / "key.yaml"
    key.parent.mkdir()
    key.write_text("{}\n", encoding="utf-8")
    heard: list[Path] = []
    with pytest.raises(InputError):
        pseudonymise_files([raw / "P01.txt", raw / "P02.docx"], key, tmp_path / "clean",
                           here=tmp_path, wrote=heard.append)
    assert heard == [tmp_path / "clean" / "P01.txt"]
    assert "[Person 1]" in heard[0].read_text(encoding="utf-8")
    assert key.read_text(encoding="utf-8") == "{}\n"


def test_the_key_is_judged_against_the_folder_given(tmp_path: Path) -> None:
    (tmp_path / "study.themework").touch()
    raw = tmp_path / "P01.txt"
    raw.write_text(ONE, encoding="utf-8")
    with pytest.raises(InputError, match="outside the project folder"):
        pseudonymise_files([raw], tmp_path / "key.yaml", tmp_path / "clean", here=tmp_path)
    done = pseudonymise_files([raw], tmp_path / "key.yaml", tmp_path / "clean",
                              here=tmp_path / "clean")
    assert done.files == (tmp_path / "clean" / "P01.txt",) and done.entries == 2


def test_a_key_whose_folder_is_missing_is_refused_before_any_file_is_written(
    tmp_path: Path,
) -> None:
    raw = tmp_path / "P01.txt"
    raw.write_text(ONE, encoding="utf-8")
    with pytest.raises(InputError, match=r"could not write .*key.yaml: its folder does not exist"):
        pseudonymise_files([raw], tmp_path / "missing" / "key.yaml", tmp_path / "clean",
                           here=tmp_path)
    assert not (tmp_path / "clean").exists()
