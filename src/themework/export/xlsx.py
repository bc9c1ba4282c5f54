"""Tables as an XLSX workbook (openpyxl's write-only mode, which streams rows).

Every string is written as text, never as a formula: openpyxl would otherwise store a
participant's "=SUM(1,2)" as one, which Excel then runs. Characters XML cannot hold
(control characters) are dropped, as no spreadsheet can show them.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence


def xlsx_bytes(title: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])  # Excel's limit on a sheet's name

    def cell(value: object) -> object:
        if value is None or isinstance(value, bool | int | float):
            return value
        c = WriteOnlyCell(sheet, ILLEGAL_CHARACTERS_RE.sub("", str(value)))
        c.data_type = "s"  # text, even when it starts with "="
        return c

    sheet.append([cell(c) for c in columns])
    for row in rows:
        sheet.append([cell(v) for v in row])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
