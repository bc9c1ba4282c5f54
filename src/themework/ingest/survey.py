"""Survey exports (CSV or XLSX) read as a table: one respondent per row.

The reader only returns cells as text with the line (the spreadsheet row) each row came
from; ``services.survey_import`` turns the open-text columns into sources. Every failure is
an ``InputError`` naming the file and, where there is one, the line; no message quotes an
answer.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from themework.domain.errors import InputError
from themework.domain.plural import plural

from .decode import decode_bytes, read_file_bytes

SURVEY_SUFFIXES = frozenset({".csv", ".xlsx"})
_WHAT = "a survey table (CSV or XLSX)"


@dataclass(frozen=True)
class SurveyTable:
    header: tuple[str, ...]  # as written in the file, trimmed
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (line, cells), blank rows left out


def read_survey(path: Path, sheet: str | None = None) -> SurveyTable:
    """The table; from an XLSX, the sheet named ``sheet`` (else the first)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SURVEY_SUFFIXES:
        raise InputError(
            f"unsupported format {suffix or '(no suffix)'} (expected .csv or .xlsx)", file=path
        )
    data = read_file_bytes(path)
    if not data.strip():
        raise InputError("the file is empty", file=path)
    if suffix == ".xlsx":
        lines, where = _read_xlsx(data, path, sheet)
        return _table(lines, path, where, _XLSX_SHIFT)
    if sheet is not None:
        raise InputError("a CSV file has no sheets (--sheet is for .xlsx)", file=path,
                         options=("sheet",))
    return _table(_read_csv(data, path), path, "", _CSV_SHIFT)


_CSV_SHIFT = "an answer holding a comma must be quoted"
# Merged cells above the column names leave a first row with fewer names than columns.
_XLSX_SHIFT = "the first row must name the columns: a header over two rows is not read"


def _read_csv(data: bytes, path: Path) -> list[tuple[int, list[str]]]:
    # The transcripts' decoder: UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1252.
    text = decode_bytes(data, path, what=_WHAT)
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    out: list[tuple[int, list[str]]] = []
    try:
        start = 1
        for cells in reader:
            out.append((start, cells))  # a quoted answer may span lines: its row starts here
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(f"malformed CSV ({exc})", file=path, line=reader.line_num) from None
    return out


def _delimiter(text: str) -> str:
    """The separator the header line uses most: Excel writes ';' where the decimal mark is
    a comma, and some tools write tabs (a tie keeps the comma)."""
    first = re.sub(r'"[^"]*"', "", text.split("\n", 1)[0])  # a quoted name may hold any
    return max((",", ";", "\t"), key=first.count)


def _read_xlsx(
    data: bytes, path: Path, sheet_name: str | None
) -> tuple[list[tuple[int, list[str]]], str]:
    """The rows of the sheet, and, for a workbook of several sheets, which one they are
    (so that a message about them says so)."""
    from openpyxl import load_workbook

    if not data.startswith(b"PK"):
        raise InputError("not an XLSX workbook (an .xlsx file is a zip archive)", file=path)
    try:
        # Read-only mode streams rows: a 50,000-row export never sits in memory as cells.
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    # openpyxl on a damaged workbook raises whatever its parser meets (lxml's
    # XMLSyntaxError, KeyError, TypeError...): any of them means a file it cannot read.
    except Exception as exc:
        raise InputError(
            f"cannot read as an XLSX workbook ({type(exc).__name__})", file=path
        ) from None
    try:
        names = book.sheetnames
        if sheet_name is not None and sheet_name not in names:
            raise InputError(f"no sheet named {sheet_name} (the sheets: {', '.join(names)})",
                             file=path, options=("sheet",))
        sheet = book[sheet_name] if sheet_name is not None else book.worksheets[0]
        out = [
            (number, [_cell_text(v) for v in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    except InputError:
        raise
    except Exception as exc:
        raise InputError(
            f"cannot read as an XLSX workbook ({type(exc).__name__})", file=path
        ) from None
    finally:
        book.close()
    if len(names) < 2:
        return out, ""
    return out, f"sheet {sheet.title} of {', '.join(names)} (choose one with --sheet)"


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an id typed as 17 is stored by Excel as 17.0
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return str(value)


def _table(
    lines: list[tuple[int, list[str]]], path: Path, where: str, shift: str
) -> SurveyTable:
    at = f"; {where}" if where else ""
    lines = [(n, [c.strip() for c in cells]) for n, cells in lines]
    lines = [(n, cells) for n, cells in lines if any(cells)]
    if not lines:
        raise InputError(f"the file is empty{at}", file=path)
    header_line, header = lines[0]
    while header and not header[-1]:
        header.pop()  # spreadsheets pad the header row with empty cells
    if not header:
        raise InputError(f"has no header row{at}", file=path, line=header_line)
    for n, cells in lines[1:]:
        if any(cells[len(header) :]):
            # Most often an unquoted comma in an answer: its columns would shift silently.
            raise InputError(
                f"row has {plural(len(cells), 'cell')} but the header names "
                f"{plural(len(header), 'column')} ({shift}{at})", file=path, line=n,
            )
    rows = tuple(
        (n, tuple(cells[: len(header)]) + ("",) * (len(header) - len(cells)))
        for n, cells in lines[1:]
    )
    if not rows:
        raise InputError(f"has a header row but no respondents{at}", file=path,
                         line=header_line)
    return SurveyTable(tuple(header), rows)
