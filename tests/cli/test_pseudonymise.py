"""`themework pseudonymise`: consistent pseudonyms across files, originals untouched, and a
key that never lives in the project folder."""

from __future__ import annotations

from pathlib import Path

import yaml
from test_cli import Cli, cli, ok, one_error  # noqa: F401 - the fixture is used by name

ONE = "Interviewer: Who helped?\nP01: Sarah Jones at Oakfield Academy.\nInterviewer: Thanks.\n"
TWO = "Interviewer: And later?\nP02: Sarah Jones again, then jo.smith@example.org wrote.\n"


def test_the_same_person_gets_the_same_pseudonym_in_every_file(
    cli: Cli,  # noqa: F811 - the fixture imported from test_cli
    tmp_path: Path,
) -> None:
    src = tmp_path / "raw"
    src.mkdir()
    (src / "P01.txt").write_text(ONE, encoding="utf-8")
    (src / "P02.txt").write_text(TWO, encoding="utf-8")
    key = tmp_path / "secure" / "key.yaml"
    key.parent.mkdir()
    out = tmp_path / "clean"
    ok(
        cli(
            "pseudonymise",
            str(src / "P01.txt"),
            str(src / "P02.txt"),
            "--key",
            str(key),
            "-o",
            str(out),
        )
    )
    one, two = (out / "P01.txt").read_text(), (out / "P02.txt").read_text()
    assert "Sarah" not in one + two and "jo.smith" not in two
    assert "[Person 1]" in one and "[Person 1]" in two and "[School A]" in one
    assert (src / "P01.txt").read_text() == ONE  # originals never touched
    assert yaml.safe_load(key.read_text())["Sarah Jones"] == "[Person 1]"
    assert key.stat().st_mode & 0o777 == 0o600


def test_the_key_is_refused_inside_the_project_folder(
    cli: Cli,  # noqa: F811 - the fixture imported from test_cli
    tmp_path: Path,
) -> None:
    ok(cli("init", "study.themework"))
    raw = tmp_path / "P01.txt"
    raw.write_text(ONE, encoding="utf-8")
    message = one_error(
        cli("pseudonymise", str(raw), "--key", "key.yaml", "-o", str(tmp_path / "clean"))
    )
    assert "outside the project folder" in message
    assert not Path("key.yaml").exists()


def test_a_key_with_aliases_is_refused_with_its_line(
    cli: Cli,  # noqa: F811 - the fixture imported from test_cli
    tmp_path: Path,
) -> None:
    raw = tmp_path / "P01.txt"
    raw.write_text(ONE, encoding="utf-8")
    key = tmp_path / "secure" / "key.yaml"
    key.parent.mkdir()
    key.write_text("Sarah Jones: &p '[Person 1]'\nS. Jones: *p\n", encoding="utf-8")
    line = one_error(cli("pseudonymise", str(raw), "--key", str(key), "-o",
                         str(tmp_path / "clean")))
    assert line == f"error: {key}:2: aliases (*p) are not supported: write the value out"


def test_files_written_over_become_owner_only(
    cli: Cli,  # noqa: F811 - the fixture imported from test_cli
    tmp_path: Path,
) -> None:
    """A second run writes over the first run's files: what it writes names no one, but the
    key does, and an output file others could read before stays readable only by its owner
    after."""
    raw = tmp_path / "P01.txt"
    raw.write_text(ONE, encoding="utf-8")
    out = tmp_path / "clean"
    out.mkdir()
    key = tmp_path / "secure" / "key.yaml"
    key.parent.mkdir()
    for old, text in ((out / "P01.txt", ""), (key, "{}\n")):
        old.write_text(text, encoding="utf-8")
        old.chmod(0o644)
    ok(cli("pseudonymise", str(raw), "--key", str(key), "-o", str(out)))
    assert "[Person 1]" in (out / "P01.txt").read_text(encoding="utf-8")
    assert (out / "P01.txt").stat().st_mode & 0o777 == 0o600
    assert key.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in out.iterdir()) == ["P01.txt"]
