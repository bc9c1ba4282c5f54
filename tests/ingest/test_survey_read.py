"""Reading survey tables: XLSX cells as the text a researcher sees in the sheet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from themework.ingest.survey import read_survey


def test_xlsx_cells_read_as_text(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["id", "joined", "score", "consent", "at", None, None])
    sheet.append([17, dt.datetime(2026, 3, 1), 2.5, True, dt.datetime(2026, 3, 1, 9, 30)])
    sheet.append([None, None, None, None, None])  # a blank row, as spreadsheets leave them
    sheet.append([18.0, None, 3, False, None])
    path = tmp_path / "s.xlsx"
    book.save(path)
    table = read_survey(path)
    assert table.header == ("id", "joined", "score", "consent", "at")
    assert table.rows == (
        (2, ("17", "2026-03-01", "2.5", "yes", "2026-03-01T09:30:00")),
        (4, ("18", "", "3", "no", "")),
    )


def test_csv_rows_keep_the_line_they_start_on(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text('id,q\nA1,"two\nlines"\n\nA2,short\n', encoding="utf-8")
    table = read_survey(path)
    assert table.rows == ((2, ("A1", "two\nlines")), (5, ("A2", "short")))


def test_csv_with_semicolons_or_tabs_reads_its_columns(tmp_path: Path) -> None:
    """Excel writes ';' where the decimal mark is a comma; some tools write tabs."""
    for name, sep in (("semi.csv", ";"), ("tabs.csv", "\t")):
        path = tmp_path / name
        path.write_text(
            f'id{sep}age{sep}q\nA1{sep}3,5{sep}"yes, mostly\nand more"\n', encoding="utf-8-sig"
        )
        table = read_survey(path)
        assert table.header == ("id", "age", "q"), name
        assert table.rows == ((2, ("A1", "3,5", "yes, mostly\nand more")),), name
    path = tmp_path / "quoted.csv"
    path.write_text('id,"Q1; what helped; why"\nA1,"a; b"\n', encoding="utf-8")
    assert read_survey(path).header == ("id", "Q1; what helped; why")


def test_a_workbook_of_several_sheets_names_the_sheet_and_reads_the_one_chosen(
    tmp_path: Path,
) -> None:
    import pytest
    from openpyxl import Workbook

    from themework.domain.errors import InputError

    book = Workbook()
    book.active.title = "Intro"
    book.active.append(["Exported from the survey tool"])
    answers = book.create_sheet("Answers")
    answers.append(["id", "q"])
    answers.append(["R1", "yes"])
    path = tmp_path / "s.xlsx"
    book.save(path)
    with pytest.raises(InputError) as first:
        read_survey(path)
    assert "sheet Intro of Intro, Answers (choose one with --sheet)" in str(first.value)
    assert read_survey(path, "Answers").rows == ((2, ("R1", "yes")),)
    with pytest.raises(InputError, match=r"no sheet named Nope \(the sheets: Intro, Answers\)"):
        read_survey(path, "Nope")


def test_a_header_over_two_merged_rows_is_named_as_the_cause(tmp_path: Path) -> None:
    import pytest
    from openpyxl import Workbook

    from themework.domain.errors import InputError

    book = Workbook()
    sheet = book.active
    sheet.append(["Respondent", "About you", None, "Open questions"])
    sheet.append(["id", "age", "site", "q1", "q2"])
    sheet.merge_cells("B1:C1")
    sheet.append(["R1", 30, "A", "yes", "no"])
    path = tmp_path / "s.xlsx"
    book.save(path)
    with pytest.raises(InputError, match="a header over two rows is not read") as caught:
        read_survey(path)
    assert "comma" not in str(caught.value)
