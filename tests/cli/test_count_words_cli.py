"""Counts the command line prints read as English: "1 coding", "2 codings", never "coding(s)"."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli import Cli, cli, ok, project, sample  # noqa: F401 - fixtures by name


@pytest.mark.parametrize(
    ("ids", "said"), [(["1"], "removed 1 coding\n"), (["1", "2"], "removed 2 codings\n")]
)
def test_coding_remove_counts_in_words(
    cli: Cli, sample: str, ids: list[str], said: str  # noqa: F811
) -> None:
    ok(cli("code", "add", "Trust"))
    for turn in ("2", "3"):
        ok(cli("coding", "apply", "P01", "Trust", "--turn", turn))
    assert ok(cli("coding", "remove", *ids)).out == said


@pytest.mark.parametrize(
    ("names", "said"),
    [(["P01"], "assigned 1 new transcript to bob"),
     (["P01", "P02"], "assigned 2 new transcripts to bob")],
)
def test_assign_counts_in_words(
    cli: Cli, sample: str, names: list[str], said: str  # noqa: F811
) -> None:
    assert said in ok(cli("assign", "bob", *names)).out


@pytest.mark.parametrize(
    ("table", "said"),
    [
        ("id,Q1\nR1,Fine\nR2,\n",
         "2 respondents, 1 answer imported in 1 source; 1 empty answer skipped "
         "1 respondent answered no open question and was not added as a participant"),
        ("id,Q1,Q2\nR1,,Fine\nR2,Good,Also\nR3,,\nR4,,\n",
         "4 respondents, 3 answers imported in 2 sources; 5 empty answers skipped "
         "2 respondents answered no open question and were not added as participants"),
    ],
)
def test_survey_import_counts_in_words(
    cli: Cli, project: str, table: str, said: str  # noqa: F811
) -> None:
    Path("s.csv").write_text(table, encoding="utf-8")
    columns = table.split("\n")[0].removeprefix("id,")
    out = ok(cli("import", "survey", "s.csv", "--id", "id", "--text", columns)).out
    assert said in " ".join(out.split())
