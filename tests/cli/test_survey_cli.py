"""``themework import survey`` end to end, and the tables ``export`` writes."""

from __future__ import annotations

from pathlib import Path

from test_cli import Cli, cli, ok, one_error, project  # noqa: F401 - fixtures used by name

SURVEY = (
    "resp_id,site,Q1 What helped?,Q2 What hindered?\n"
    'R001,North,"The mentoring scheme, mostly.",Too many meetings\n'
    'R002,South,,"Parking, honestly"\n'
    "R003,North,Peer support,\n"
)


def test_import_survey_makes_sources_and_counts_empty_answers(
    cli: Cli, project: str  # noqa: F811 - fixtures imported from test_cli
) -> None:
    Path("staff.csv").write_text(SURVEY, encoding="utf-8")
    r = ok(cli("import", "survey", "staff.csv", "--id", "resp_id",
               "--text", "Q1 What helped?,Q2 What hindered?", "--attributes", "site"))
    assert "3 respondents, 4 answers imported in 2 sources; 2 empty answers skipped" in r.out
    listed = ok(cli("transcripts", "--json")).json()
    assert sorted(t["name"] for t in listed) == ["staff - Q1 What helped?",  # type: ignore[union-attr]
                                                 "staff - Q2 What hindered?"]


def test_import_survey_bad_input_is_one_line_and_stores_nothing(
    cli: Cli, project: str  # noqa: F811 - fixtures imported from test_cli
) -> None:
    Path("staff.csv").write_text(SURVEY.replace("R003", "R001"), encoding="utf-8")
    line = one_error(cli("import", "survey", "staff.csv", "--id", "resp_id", "--text", "Q1"))
    assert line.startswith("error: staff.csv:1: no column named Q1")
    line = one_error(cli("import", "survey", "staff.csv", "--id", "resp_id",
                         "--text", "Q1 What helped?"))
    assert line == "error: staff.csv:4: respondent R001 is listed twice (first on line 2)"
    assert ok(cli("transcripts", "--json")).json() == []
