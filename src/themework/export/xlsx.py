"""Tables as an XLSX workbook (openpyxl's write-only mode, which streams rows).

Every string is written as text, never as a formula: openpyxl would otherwise store a
participant's "=SUM(1,2)" as one, which Excel then runs. Control characters (an escape
sequence in a transcript, which XML cannot hold or a terminal would run) are made visible,
one for one, as in the CSV exports (``domain.safe_text.visible``).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence


def xlsx_bytes(title: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    from themework.domain.safe_text import visible

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])  # Excel's limit on a sheet's name

    def cell(value: object) -> object:
        if value is None or isinstance(value, bool | int | float):
            return value
        c = WriteOnlyCell(sheet, visible(str(value)))
        c.data_type = "s"  # text, even when it starts with "="
        return c

    sheet.append([cell(c) for c in columns])
    for row in rows:
        sheet.append([cell(v) for v in row])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
