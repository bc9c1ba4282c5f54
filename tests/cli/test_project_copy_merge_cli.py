"""`themework project copy` and `project merge` from the command line: the front end reaches
both through the ``Workbench`` facade."""

from __future__ import annotations

from pathlib import Path

from test_cli import SAMPLES, Cli, cli, ok, one_error  # noqa: F401 - the fixture is used by name


def test_project_copy_makes_a_new_project_and_refuses_an_existing_one(
    cli: Cli,  # noqa: F811 - the fixture imported from test_cli
) -> None:
    ok(cli("init", "study.themework", "--name", "Trust study"))
    ok(cli("-p", "study.themework", "import", str(SAMPLES / "P01.txt")))
    copied = ok(cli("project", "copy", "study.themework", "copy.themework"))
    assert copied.out.startswith("copied ") and "  transcript: 1\n" in copied.out
    assert "P01" in ok(cli("-p", "copy.themework", "transcript", "show", "P01")).out
    before = Path("copy.themework").read_bytes()
    again = cli("project", "copy", "study.themework", "copy.themework")
    assert "already exists" in one_error(again)
    assert Path("copy.themework").read_bytes() == before


def test_project_merge_brings_the_other_coders_codings_in_once(
    cli: Cli,  # noqa: F811 - the fixture imported from test_cli
) -> None:
    ok(cli("init", "mine.themework"))
    ok(cli("-p", "mine.themework", "import", str(SAMPLES / "P01.txt")))
    ok(cli("init", "bob.themework"))
    ok(cli("-p", "bob.themework", "import", str(SAMPLES / "P01.txt")))
    ok(cli("-p", "bob.themework", "code", "add", "Trust"))
    bob = ("-p", "bob.themework", "--coder", "bob")
    ok(cli(*bob, "coding", "apply", "P01", "Trust", "--turn", "2"))
    first = ok(cli("-p", "mine.themework", "project", "merge", "bob.themework")).out
    assert "transcripts: 0 added, 1 matched by text" in first
    assert "codings: 1 added, 0 already here" in first and "backup before the merge" in first
    again = ok(cli("-p", "mine.themework", "project", "merge", "bob.themework")).out
    assert "codings: 0 added, 1 already here" in again
