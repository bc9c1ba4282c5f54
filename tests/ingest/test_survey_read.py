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
