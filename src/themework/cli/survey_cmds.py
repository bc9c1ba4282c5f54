"""``import survey FILE``: survey answers (CSV or XLSX), one source per open-text column."""

from __future__ import annotations

from pathlib import Path

import typer

from themework.cli.common import (
    JsonOpt,
    allow_identifiers_opt,
    esc,
    print_json,
    replace_opt,
    say,
    stderr,
    table,
    with_flags,
    workbench,
)
from themework.domain.plural import plural


def register(app: typer.Typer) -> None:
    from themework.cli.refi_cmds import import_app

    import_app.command("survey")(import_survey)


def import_survey(
    file: Path = typer.Argument(..., help="A survey export: .csv (comma, semicolon or tab "
                                "separated) or .xlsx."),
    id_column: str = typer.Option(..., "--id", help="The respondent id column."),
    text: list[str] = typer.Option(
        ..., "--text", help="Open-text columns, each a source (comma-separated or repeated)."
    ),
    attributes: list[str] = typer.Option(
        None, "--attributes", help="Closed columns: the respondents' attributes."
    ),
    name: str | None = typer.Option(
        None, "--name", help="Sources are named 'NAME - column' (default: the file's name)."
    ),
    sheet: str | None = typer.Option(
        None, "--sheet", help="The workbook's sheet to read (default: the first)."
    ),
    replace: bool = replace_opt("sources"),
    allow_identifiers: bool = allow_identifiers_opt("answers"),
    json_out: bool = JsonOpt,
) -> None:
    """Import survey answers: each row a respondent (a participant with the --attributes
    columns), each --text column a source whose turns are the answers, labelled by
    respondent id. Empty answers are skipped and counted. Bad input stores nothing."""
    with workbench() as wb:
        r = wb.transcripts.import_survey(
            file, id_column=id_column, text_columns=text, attribute_columns=attributes or [],
            name=name, replace=replace, allow_identifiers=allow_identifiers, sheet=sheet,
        )
    files = r.imported.files
    if json_out:
        print_json(r)
    else:
        table(
            "survey import",
            ["source", "status", "answers", "words", "note"],
            [[f.name, f.status, f.turns, f.words, f.message if f.status != "failed" else ""]
             for f in files],
        )
        for f in files:
            if f.findings and f.status in ("imported", "replaced"):
                say(f"{f.name}: check these possible identifiers:", "yellow")
                for finding in f.findings:
                    say(f"  {finding}")
        stored = [f for f in files if f.status in ("imported", "replaced")]
        say(  # a source already here or refused stored none of its answers
            f"{plural(r.respondents, 'respondent')}, "
            f"{plural(sum(f.turns for f in stored), 'answer')} imported in "
            f"{plural(len(stored), 'source')}; "
            f"{plural(r.empty, 'empty answer')} skipped"
        )
        if r.silent:
            one = len(r.silent) == 1
            say(f"{plural(len(r.silent), 'respondent')} answered no open question and "
                f"{'was not added as a participant' if one else 'were not added as participants'}",
                "yellow")
    for f in r.imported.failed:
        stderr().print(f"[red]failed:[/] {esc(f.name)}: {esc(with_flags(f.message, f.options))}")
    if r.imported.failed:
        raise typer.Exit(1)
