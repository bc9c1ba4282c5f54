"""CSV out: the one writer, every cell through ``domain.safe_text.csv_cell`` (no cell a
spreadsheet would run as a formula, no control character a terminal would obey)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from themework.domain.safe_text import csv_cell

EXCEL_BOM = "\ufeff"  # --excel: Excel reads a CSV as UTF-8 only when it starts with one


def csv_text(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([csv_cell(c) for c in columns])
    w.writerows([csv_cell(v) for v in row] for row in rows)
    return buf.getvalue()
