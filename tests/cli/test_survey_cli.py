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

    again = ok(cli("import", "survey", "staff.csv", "--id", "resp_id",
                   "--text", "Q1 What helped?,Q2 What hindered?", "--attributes", "site"))
    # Nothing new: the count says so rather than the file's answers again.
    assert "3 respondents, 0 answers imported in 0 sources; 2 empty answers skipped" in again.out


def test_import_survey_bad_input_is_one_line_and_stores_nothing(
    cli: Cli, project: str  # noqa: F811 - fixtures imported from test_cli
) -> None:
    Path("staff.csv").write_text(SURVEY.replace("R003", "R001"), encoding="utf-8")
    line = one_error(cli("import", "survey", "staff.csv", "--id", "resp_id", "--text", "Q1"))
    assert line.startswith("error: staff.csv:1: no column named Q1 (for the open-text columns;")
    assert line.endswith(") (--text)")  # the service says which columns; the CLI, its option
    line = one_error(cli("import", "survey", "staff.csv", "--id", "resp_id",
                         "--text", "Q1 What helped?"))
    assert line == "error: staff.csv:4: respondent R001 is listed twice (first on line 2)"
    assert ok(cli("transcripts", "--json")).json() == []


# -- tables out ------------------------------------------------------------------------------


def _coded_survey(run: Cli) -> None:
    text = SURVEY.replace("Peer support", '"=SUM(1,2) peer support"')
    Path("staff.csv").write_text(text, encoding="utf-8")
    ok(run("import", "survey", "staff.csv", "--id", "resp_id",
           "--text", "Q1 What helped?,Q2 What hindered?", "--attributes", "site"))
    for name in ("Support", "Time", "Unused"):
        ok(run("code", "add", name))
    q1, q2 = "staff - Q1 What helped?", "staff - Q2 What hindered?"
    ok(run("coding", "apply", q1, "Support", "--turn", "1"))
    ok(run("coding", "apply", q1, "Support", "--match", "mentoring"))
    ok(run("coding", "apply", q1, "Support", "--turn", "2"))
    ok(run("coding", "apply", q2, "Time", "--turn", "1"))


def _xlsx_rows(path: str) -> list[list[object]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    return rows


def test_export_matrix_presence_and_counts_as_csv_and_xlsx(
    cli: Cli, project: str  # noqa: F811 - fixtures imported from test_cli
) -> None:
    _coded_survey(cli)
    ok(cli("export", "matrix", "presence.csv"))
    assert Path("presence.csv").read_text(encoding="utf-8") == (
        "participant,Support,Time,Unused\nR001,1,1,0\nR002,0,0,0\nR003,1,0,0\n"
    )
    r = ok(cli("export", "matrix", "counts.xlsx", "--counts"))
    assert "3 participants by 3 codes" in r.out
    assert _xlsx_rows("counts.xlsx") == [
        ["participant", "Support", "Time", "Unused"],
        ["R001", 2, 1, 0], ["R002", 0, 0, 0], ["R003", 1, 0, 0],
    ]
    assert oct(Path("counts.xlsx").stat().st_mode & 0o777) == "0o600"
    ok(cli("export", "matrix", "bom.csv", "--excel"))
    assert Path("bom.csv").read_bytes().startswith(b"\xef\xbb\xbfparticipant,")
    line = one_error(cli("export", "matrix", "m.ods"))
    assert "m.ods" in line and ".csv or .xlsx" in line


def test_export_codings_as_xlsx_keeps_formula_text_as_text(
    cli: Cli, project: str  # noqa: F811 - fixtures imported from test_cli
) -> None:
    from openpyxl import load_workbook

    _coded_survey(cli)
    ok(cli("export", "codings", "--xlsx", "codings.xlsx", "--csv", "codings.csv", "--excel"))
    rows = _xlsx_rows("codings.xlsx")
    assert rows[0][:3] == ["id", "transcript", "turn"] and len(rows) == 5
    texts = [r[-1] for r in rows[1:]]
    assert "=SUM(1,2) peer support" in texts
    cells = [c for r in load_workbook("codings.xlsx").worksheets[0].iter_rows() for c in r]
    assert "f" not in {c.data_type for c in cells}  # no cell is a formula
    assert Path("codings.csv").read_bytes().startswith(b"\xef\xbb\xbfid,transcript,")
    ok(cli("export", "codings", "--csv", "plain.csv"))
    assert Path("plain.csv").read_bytes().startswith(b"id,transcript,")
