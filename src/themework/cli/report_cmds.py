"""Analysis and reporting commands: prevalence, cooccurrence, matrix, report, export, checklist."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import typer

from themework.cli.common import (
    JsonOpt,
    echo,
    fail,
    print_json,
    say,
    stderr,
    table,
    workbench,
)
from themework.domain.plural import plural
from themework.export.csvtext import EXCEL_BOM, csv_text, csv_write
from themework.export.jsontext import jsonl_write

matrix_app = typer.Typer(help="The framework matrix: participants by themes.",
                         invoke_without_command=True)
export_app = typer.Typer(help="Export data for review in git, spreadsheets or R.",
                         no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("prevalence")(prevalence)
    app.command("cooccurrence")(cooccurrence)
    app.add_typer(matrix_app, name="matrix")
    app.command("report")(report)
    app.add_typer(export_app, name="export")
    app.command("checklist")(checklist)


CodersOpt: Any = typer.Option(
    None, "--coders",
    help="Count these coders' codings (comma-separated) instead of the analysis set: "
    "consensus codings where a transcript was reconciled, else every coder's.",
)


def _coders(value: str | None) -> list[str] | None:
    names = [c.strip() for c in (value or "").split(",") if c.strip()]
    return names or None


def prevalence(
    level: str = typer.Option("theme", "--of", help="theme or code."),
    by: str | None = typer.Option(None, "--by", help="An attribute, e.g. site or discipline."),
    per_coder: bool = typer.Option(False, "--per-coder", help="Count each coder apart."),
    coders: str | None = CodersOpt,
    json_out: bool = JsonOpt,
) -> None:
    """Prevalence of themes or codes: extracts, transcripts, participants (by group)."""
    with workbench() as wb:
        p = wb.analysis.prevalence(level, by=by, per_coder=per_coder, coders=_coders(coders))
        reflexive = wb.projects.info().approach == "reflexive"
    if json_out:
        print_json(p)
        return
    rows: list[list[Any]] = [
        [p.names.get(r.item, r.item), r.coder, r.group or "all",
         f"{r.participants}/{r.participants_total}", r.transcripts, r.extracts]
        for r in p.rows
    ]
    if not reflexive:  # a ranking is offered, not pushed, in reflexive work
        rows.sort(key=lambda r: -int(r[5]))
    table(f"prevalence of {level}s (coders counted as {p.coders}; overlaps counted once)",
          [level, "coder", by or "group", "participants", "transcripts", "extracts"], rows)
    say(p.analysis_set.describe())


def cooccurrence(
    unit: str = typer.Option("overlap", "--unit", help="overlap or turn."),
    csv_file: Path | None = typer.Option(None, "--csv", help="Write the table as CSV."),
    coders: str | None = CodersOpt,
    json_out: bool = JsonOpt,
) -> None:
    """Which codes travel together: co-occurrence counts and Jaccard similarity."""
    from themework.domain.figures import figure

    with workbench() as wb:
        c = wb.analysis.cooccurrence(unit, coders=_coders(coders))
    rows = [
        [c.names.get(p.a, p.a), c.names.get(p.b, p.b), p.n, figure(p.jaccard)] for p in c.pairs
    ]
    if csv_file:
        from themework.services.files import write_private  # owner-only: exports quote people

        write_private(csv_file, csv_text(["code_a", "code_b", "n", "jaccard"],
                                     [[p.a, p.b, p.n, p.jaccard] for p in c.pairs]))
        say(f"wrote {plural(len(rows), 'pair')} to {csv_file}")
        return
    if json_out:
        print_json(c)
        return
    table(f"co-occurrence by {unit}", ["code", "code", "n", "jaccard"], rows)
    say(c.analysis_set.describe())


@matrix_app.callback()
def matrix(
    ctx: typer.Context,
    by: str | None = typer.Option(None, "--by", help="Rows by this attribute, not participant."),
    csv_file: Path | None = typer.Option(None, "--csv", help="Write the matrix as CSV."),
    coders: str | None = CodersOpt,
    json_out: bool = JsonOpt,
) -> None:
    """Participants (or an attribute) by themes: extracts, first exemplar, your summary."""
    if ctx.invoked_subcommand is not None:
        return
    with workbench() as wb:
        m = wb.analysis.matrix(by, coders=_coders(coders))
    if json_out:
        print_json(m)
        return
    cells = {(c.row, c.theme): c for c in m.cells}
    if csv_file:
        rows = [[row, *(f"{cells[(row, k)].extracts}" for k, _ in m.themes),
                 *(cells[(row, k)].summary for k, _ in m.themes)] for row in m.rows]
        from themework.services.files import write_private  # owner-only: exports quote people

        write_private(csv_file, csv_text(
            [by or "participant", *(n for _, n in m.themes),
             *(f"{n} (summary)" for _, n in m.themes)], rows))
        say(f"wrote the matrix to {csv_file}")
        return
    table("framework matrix (extracts; * has a summary)",
          [by or "participant", *(n for _, n in m.themes)],
          [[row, *(f"{cells[(row, k)].extracts}{'*' if cells[(row, k)].summary else ''}"
                   for k, _ in m.themes)] for row in m.rows])
    say(m.analysis_set.describe())


@matrix_app.command("note")
def matrix_note(participant: str, theme: str, text: str) -> None:
    """Write your summary for one participant and theme (empty text removes it)."""
    with workbench() as wb:
        wb.analysis.matrix_note(participant, theme, text)
    say(f"noted {participant} / {theme}")


def report(
    output: Path | None = typer.Option(None, "-o", "--output", help="Write here (else stdout)."),
    themes: list[str] = typer.Option(None, "--theme", help="Only these themes (repeatable)."),
    quotes: int = typer.Option(3, "--quotes", help="Exemplar quotes per theme."),
    by: str | None = typer.Option(None, "--by", help="Prevalence by this attribute."),
    on_date: str | None = typer.Option(None, "--date", help="YYYY-MM-DD (default: last change)."),
    min_cell: int = typer.Option(3, "--min-cell", help="Hide groups of fewer participants."),
    attribution: str | None = typer.Option(
        None, "--attribution", help="Template, e.g. '{participant}, {role}, {site}'."
    ),
    show_prevalence: bool | None = typer.Option(
        None, "--prevalence/--no-prevalence", help="Prevalence tables (off in reflexive projects)."
    ),
    fmt: str = typer.Option("markdown", "--format", help="markdown, json, docx or html."),
    coders: str | None = CodersOpt,
) -> None:
    """The findings report: themes, narratives, extracts, thematic map, appendix."""
    from themework.services.report_files import REPORT_FORMATS, render_report, write_report

    when = None
    if on_date:
        try:
            when = date.fromisoformat(on_date)
        except ValueError:
            raise fail(f"--date takes YYYY-MM-DD, not {on_date!r}") from None
    if fmt not in REPORT_FORMATS:
        raise fail("--format is markdown, json, docx or html")
    if fmt == "docx" and output is None:
        raise fail("a docx report needs -o FILE")
    with workbench() as wb:
        r = wb.report.build(
            themes=themes or [], quotes=quotes, by=by, on_date=when, min_cell=min_cell,
            attribution=attribution, prevalence=show_prevalence, coders=_coders(coders),
        )
    for w in r.warnings:
        stderr().print(f"warning: {w}", markup=False, highlight=False)
    if output is None:
        text = render_report(r, fmt)
        assert isinstance(text, str)  # docx was refused above without -o
        echo(text, nl=False)
    else:
        write_report(r, output, fmt)
        say(f"wrote {output} ({plural(len(r.themes), 'theme')})")


@export_app.command("codings")
def export_codings(
    jsonl: Path | None = typer.Option(None, "--jsonl", help="One coding per line, sorted."),
    csv_file: Path | None = typer.Option(None, "--csv", help="For spreadsheets and R."),
    xlsx: Path | None = typer.Option(None, "--xlsx", help="An Excel workbook."),
    excel: bool = typer.Option(False, "--excel", help="Start the CSV with a UTF-8 BOM for Excel."),
) -> None:
    """Every coding, sorted and stable, as JSON lines (for git), CSV or XLSX."""
    from themework.services.coding import EXPORT_COLUMNS
    from themework.services.files import write_private  # owner-only: exports quote people

    if jsonl is None and csv_file is None and xlsx is None:
        raise fail("give --jsonl FILE, --csv FILE or --xlsx FILE")
    from themework.services.files import private_writer

    # Streamed: each format reads the codings again, a few hundred transcripts at a time, and
    # writes them as it goes, so memory stays flat however many codings the project holds.
    with workbench() as wb:
        if jsonl is not None:
            with private_writer(jsonl) as fh:
                n = jsonl_write(fh, EXPORT_COLUMNS, wb.coding.iter_export_rows(),
                                strings=("text",), integers=("id", "start", "end"))
            say(f"wrote {plural(n, 'coding')} to {jsonl}")
        if csv_file is not None:
            with private_writer(csv_file) as fh:
                fh.write(EXCEL_BOM if excel else "")
                n = csv_write(fh, EXPORT_COLUMNS, wb.coding.iter_export_rows())
            say(f"wrote {plural(n, 'coding')} to {csv_file}")
        if xlsx is not None:
            from themework.export.xlsx import xlsx_bytes

            rows = list(wb.coding.iter_export_rows())
            write_private(xlsx, xlsx_bytes("codings", EXPORT_COLUMNS, rows))
            say(f"wrote {plural(len(rows), 'coding')} to {xlsx}")


def checklist(
    number: int | None = typer.Argument(None, help="1-15: the point you answer."),
    answer: str | None = typer.Argument(None, help="Your answer, in your words."),
    json_out: bool = JsonOpt,
) -> None:
    """Braun and Clarke's 15-point checklist: the evidence held, and your own answers."""
    with workbench() as wb:
        if number is not None:
            if answer is None:
                raise fail("give your answer after the number")
            wb.projects.answer_checklist(number, answer)
        points = wb.report.build(quotes=0).checklist
    if json_out:
        print_json(points)
        return
    table("checklist (answers are yours; the tool never ticks them)",
          ["#", "stage", "evidence", "your answer"],
          [[p.number, p.stage, p.evidence, p.answer or "-"] for p in points])
