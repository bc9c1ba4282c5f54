"""``export matrix FILE``: the code-by-case matrix as CSV or XLSX."""

from __future__ import annotations

from pathlib import Path

import typer

from themework.cli.common import fail, say, workbench
from themework.domain.plural import plural


def register(app: typer.Typer) -> None:
    from themework.cli.report_cmds import export_app

    export_app.command("matrix")(export_matrix)


def export_matrix(
    file: Path = typer.Argument(..., help="The table to write: .csv or .xlsx."),
    counts: bool = typer.Option(
        False, "--counts", help="Codings per participant and code (default: 1 present, 0 not)."
    ),
    excel: bool = typer.Option(False, "--excel", help="Start the CSV with a UTF-8 BOM for Excel."),
) -> None:
    """Participants by codes (every active code, in codebook order): whether each code
    touches each participant's words, or with --counts how many codings do."""
    from themework.export.csvtext import EXCEL_BOM, csv_text
    from themework.services.files import write_private  # owner-only: exports quote people

    suffix = file.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise fail(f"{file}: write the matrix as .csv or .xlsx, not {suffix or 'no suffix'}")
    with workbench() as wb:
        m = wb.analysis.case_matrix()
    columns = ["participant", *(name for _, name in m.codes)]
    rows = [
        [person, *(n if counts else int(n > 0) for n in row)]
        for person, row in zip(m.participants, m.counts, strict=True)
    ]
    if suffix == ".xlsx":
        from themework.export.xlsx import xlsx_bytes

        write_private(file, xlsx_bytes("codes by participant", columns, rows))
    else:
        write_private(file, (EXCEL_BOM if excel else "") + csv_text(columns, rows))
    say(f"wrote {plural(len(rows), 'participant')} by {plural(len(m.codes), 'code')} to {file}"
        f" ({'codings' if counts else 'presence'})")
