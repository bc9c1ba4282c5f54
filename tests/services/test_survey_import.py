"""Importing survey answers (CSV and XLSX) through the service: respondents become
participants, open-text columns sources, and bad input stores nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from themework.domain.errors import InputError
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench

SURVEY = (
    "resp_id,site,age band,Q1 What helped?,Q2 What hindered?\n"
    'R001,North,25-34,"The mentoring scheme, mostly.",Too many meetings\n'
    'R002,South,35-44,,"Parking, honestly"\n'
    "R003,North,45-54,Peer support,\n"
    "R004,South,25-34,,\n"
)
COLUMNS = {"id_column": "resp_id", "text_columns": ["Q1 What helped?", "Q2 What hindered?"],
           "attribute_columns": ["site", "age band"]}


def _csv(tmp_path: Path, text: str = SURVEY, name: str = "staff.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _xlsx(tmp_path: Path, rows: list[list[object]], name: str = "staff.xlsx") -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text as a survey tool writes it, never a formula
    path = tmp_path / name
    book.save(path)
    return path


def _nothing_stored(wb: Workbench) -> None:
    assert wb.transcripts.list() == []
    assert wb.participants.list() == []


def test_each_open_column_is_a_source_of_answers_by_respondent(
    wb: Workbench, tmp_path: Path
) -> None:
    r = wb.transcripts.import_survey(_csv(tmp_path), **COLUMNS)
    assert [(f.name, f.status, f.turns) for f in r.imported.files] == [
        ("staff - Q1 What helped?", "imported", 2),
        ("staff - Q2 What hindered?", "imported", 2),
    ]
    assert (r.respondents, r.answers, r.empty, r.silent) == (4, 4, 4, ("R004",))
    q1 = wb.transcripts.text("staff - Q1 What helped?")
    assert [(t.index, t.participant) for t in q1.turns] == [(1, "R001"), (2, "R003")]
    assert q1.text[q1.turns[0].start : q1.turns[0].end] == "The mentoring scheme, mostly."
    people = {p.pseudonym: p.attributes for p in wb.participants.list()}
    assert people == {
        "R001": {"site": "North", "age band": "25-34"},
        "R002": {"site": "South", "age band": "35-44"},
        "R003": {"site": "North", "age band": "45-54"},
    }


def test_coded_answers_count_in_prevalence_by_attribute(wb: Workbench, tmp_path: Path) -> None:
    wb.transcripts.import_survey(_csv(tmp_path), **COLUMNS)
    support = wb.codes.add("Support")
    for turn in (1, 2):
        wb.coding.apply(CodingRequest("staff - Q1 What helped?", support.id, Target(turn=turn)))
    rows = {r.group: r for r in wb.analysis.prevalence("code", by="site").rows}
    assert rows["North"].participants == 2 and rows["North"].extracts == 2
    assert rows["South"].participants == 0


def test_xlsx_reads_as_the_csv_does_with_numbers_as_ids(wb: Workbench, tmp_path: Path) -> None:
    path = _xlsx(tmp_path, [
        ["id", "site", "Comments", None],
        [17, "North", "More quiet rooms please", None],
        [18, "South", None, None],
        [None, None, None, None],
        [19, "South", "=SUM(1,2) is what I typed", None],
    ])
    r = wb.transcripts.import_survey(
        path, id_column="ID", text_columns=["comments"], attribute_columns=["site"]
    )
    assert (r.answers, r.empty, r.silent) == (2, 1, ("18",))
    t = wb.transcripts.text("staff - Comments")
    assert [turn.participant for turn in t.turns] == ["17", "19"]
    assert "=SUM(1,2) is what I typed" in t.text
    assert {p.pseudonym: p.attributes["site"] for p in wb.participants.list()} == {
        "17": "North", "19": "South"
    }


def test_a_source_with_an_identifier_is_refused_and_the_other_goes_in(
    wb: Workbench, tmp_path: Path
) -> None:
    text = SURVEY.replace("Peer support", "Ask jane.doe@example.org about peer support")
    r = wb.transcripts.import_survey(_csv(tmp_path, text), **COLUMNS)
    status = {f.name: f.status for f in r.imported.files}
    assert status == {"staff - Q1 What helped?": "failed", "staff - Q2 What hindered?": "imported"}
    failed = r.imported.failed[0].message
    assert "staff.csv" in failed and "line 4" in failed
    assert [t.name for t in wb.transcripts.list()] == ["staff - Q2 What hindered?"]
    again = wb.transcripts.import_survey(
        _csv(tmp_path, text), allow_identifiers=True, **COLUMNS
    )
    assert not again.imported.failed
    assert len(wb.transcripts.list()) == 2


def test_reimporting_the_same_file_changes_nothing(wb: Workbench, tmp_path: Path) -> None:
    wb.transcripts.import_survey(_csv(tmp_path), **COLUMNS)
    again = wb.transcripts.import_survey(_csv(tmp_path), **COLUMNS)
    assert {f.status for f in again.imported.files} == {"unchanged"}


@pytest.mark.parametrize(
    ("content", "columns", "expected"),
    [
        (SURVEY, {"id_column": "resp"},
         "staff.csv:1: no column named resp (for the respondent id;"),
        (SURVEY, {"text_columns": ["Q1 What helped?", "Q9"]},
         "no column named Q9 (for the open-text columns;"),
        (SURVEY.replace("R003", "R001"), {}, "staff.csv:4: respondent R001 is listed twice "
         "(first on line 2)"),
        (SURVEY.replace("R002", ""), {}, "staff.csv:3: row has no respondent id"),
        (SURVEY, {"id_column": "Q1 What helped?", "text_columns": ["Q2 What hindered?"]},
         "staff.csv:3: row has no respondent id"),
        (SURVEY.replace("R003", "R" * 101), {},
         "staff.csv:4: respondent id is longer than 100 characters"),
        ("", {}, "staff.csv: the file is empty"),
        (SURVEY.replace("Too many meetings", "Too many, meetings"), {},
         "staff.csv:2: row has 6 cells but the header names 5 columns"),
        ("resp_id,site,age band,Q1 What helped?,Q2 What hindered?\n", {},
         "staff.csv:1: has a header row but no respondents"),
        (SURVEY, {"attribute_columns": ["site", "Q1 What helped?"]},
         "staff.csv:1: a column is given twice"),
        ("resp_id,site,site,age band,Q1 What helped?,Q2 What hindered?\n" + SURVEY, {},
         "the header names site more than once (columns 2, 3)"),
    ],
)
def test_bad_tables_are_refused_with_file_and_line(
    wb: Workbench, tmp_path: Path, content: str, columns: dict[str, object], expected: str
) -> None:
    with pytest.raises(InputError) as err:
        wb.transcripts.import_survey(_csv(tmp_path, content), **{**COLUMNS, **columns})
    assert expected in str(err.value)
    _nothing_stored(wb)


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("bin.csv", b"id,q\nA1,\xff\x00\x01x\n", "bin.csv:2: looks like a binary file"),
        ("enc.csv", b"id,q\nA1,caf\xe9\nA2,\x81\x8d\n", "enc.csv:3: cannot decode"),
        ("junk.xlsx", b"id,q\nA1,hello\n", "junk.xlsx: not an XLSX workbook"),
        ("cut.xlsx", b"PK\x03\x04truncated", "cut.xlsx: cannot read as an XLSX workbook"),
        ("s.ods", b"id,q\n", "s.ods: unsupported format .ods"),
    ],
)
def test_unreadable_files_are_refused_with_file_and_line(
    wb: Workbench, tmp_path: Path, name: str, data: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        wb.transcripts.import_survey(path, id_column="id", text_columns=["q"])
    assert str(err.value).startswith(str(tmp_path)) and expected in str(err.value)
    assert "caf" not in str(err.value)  # never the answers themselves
    _nothing_stored(wb)


def test_windows_1252_csv_is_decoded(wb: Workbench, tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    path.write_bytes("id,q\r\nA1,Caf\u00e9 talks helped\r\n".encode("cp1252"))
    wb.transcripts.import_survey(path, id_column="id", text_columns=["q"])
    assert "Café talks helped" in wb.transcripts.text("w - q").text


def test_a_respondent_id_that_is_a_name_blocks_every_source_it_answers(
    wb: Workbench, tmp_path: Path
) -> None:
    # Labels are checked once per import and the findings reused for each source.
    r = wb.transcripts.import_survey(_csv(tmp_path, SURVEY.replace("R001", "Jane Smith")),
                                     **COLUMNS)
    assert [f.status for f in r.imported.files] == ["failed", "failed"]
    assert all("staff.csv" in f.message and "line 2" in f.message for f in r.imported.failed)
    _nothing_stored(wb)


def test_one_undo_takes_the_whole_survey_back_out(wb: Workbench, tmp_path: Path) -> None:
    wb.transcripts.import_survey(_csv(tmp_path), **COLUMNS)
    undone = wb.history.undo()
    assert {e.action for e in undone} == {"transcript.import"} and len(undone) == 2
    _nothing_stored(wb)


def test_replace_corrects_an_answer_and_reanchors_codings(wb: Workbench, tmp_path: Path) -> None:
    wb.transcripts.import_survey(_csv(tmp_path), **COLUMNS)
    support = wb.codes.add("Support")
    wb.coding.apply(CodingRequest("staff - Q1 What helped?", support.id, Target(turn=2)))
    fixed = SURVEY.replace("The mentoring scheme, mostly.", "The mentoring scheme.")
    refused = wb.transcripts.import_survey(_csv(tmp_path, fixed), **COLUMNS)
    assert refused.imported.failed[0].options == ("replace", "name")
    r = wb.transcripts.import_survey(_csv(tmp_path, fixed), replace=True, **COLUMNS)
    assert [f.status for f in r.imported.files] == ["replaced", "unchanged"]
    [coding] = wb.coding.extracts()
    assert (coding.participant, coding.text, coding.flagged) == ("R003", "Peer support", False)
