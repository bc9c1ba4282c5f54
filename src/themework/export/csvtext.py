"""CSV out: the one writer, every cell through ``domain.safe_text.csv_cell`` (no cell a
spreadsheet would run as a formula, no control character a terminal would obey)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import TextIO

from themework.domain.safe_text import csv_cell, csv_row

EXCEL_BOM = "\ufeff"  # --excel: Excel reads a CSV as UTF-8 only when it starts with one


def csv_text(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    buf = io.StringIO()
    csv_write(buf, columns, rows)
    return buf.getvalue()


def csv_write(fh: TextIO, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write the CSV to ``fh`` row by row (rows may be a generator); the number of rows."""
    w = csv.writer(fh, lineterminator="\n")
    w.writerow([csv_cell(c) for c in columns])
    n = 0
    for row in rows:
        w.writerow(csv_row(row))
        n += 1
    return n
