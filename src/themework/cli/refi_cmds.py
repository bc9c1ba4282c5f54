"""Exchange with other qualitative-analysis tools (REFI-QDA): export and import of
codebooks (``.qdc``) and projects (``.qdpx``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup

from themework.cli.common import JsonOpt, print_json, say, workbench


class ImportGroup(TyperGroup):
    """``import FILES...`` imports transcripts as it always has; ``import qdc FILE`` and
    ``import qdpx FILE`` read REFI-QDA files. Anything that is not a subcommand's name
    (a file, or one of the transcript import's options) goes to ``import files``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # No arguments: the transcript import's own "missing argument" error, as before.
        return super().parse_args(ctx, args or ["files"])

    # Typer vendors its own click (typer._click): its types are not importable by name.
    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[str | None, Any, list[str]]:
        if args and args[0] not in self.commands:
            return "files", self.commands["files"], args
        return super().resolve_command(ctx, args)


import_app = typer.Typer(
    cls=ImportGroup,
    help="Import transcripts (import FILES...), or REFI-QDA files from other tools "
    "(import qdc FILE, import qdpx FILE).",
    context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False},
)


def register(app: typer.Typer) -> None:
    from themework.cli.report_cmds import export_app
    from themework.cli.transcript_cmds import import_cmd

    import_app.command("files")(import_cmd)
    export_app.command("qdc")(export_qdc)
    export_app.command("qdpx")(export_qdpx)
    app.add_typer(import_app, name="import")


def export_qdc(file: Path = typer.Argument(..., help="The .qdc file to write.")) -> None:
    """The codebook as a REFI-QDA codebook: hierarchy, descriptions, colours; themes as sets.
    GUIDs derive from code ids, so every export of the same codebook has the same GUIDs."""
    with workbench() as wb:
        count = wb.refi.export_qdc(file)
    say(f"wrote {count} codes to {file}")


def export_qdpx(
    file: Path = typer.Argument(..., help="The .qdpx file to write."), json_out: bool = JsonOpt
) -> None:
    """The whole project as a REFI-QDA project: transcripts with their codings and coders,
    the codebook, memos as notes, participants as cases with their attributes as variables.
    Offsets are code points over the LF text written in sources/ (the standard's rule)."""
    with workbench() as wb:
        r = wb.refi.export_qdpx(file)
    if json_out:
        print_json(r)
        return
    say(
        f"wrote {r.sources} sources, {r.codings} codings, {r.codes} codes, {r.cases} cases, "
        f"{r.notes} notes and {r.users} users to {file}"
    )


@import_app.command("qdc")
def import_qdc(
    file: Path = typer.Argument(..., help="A REFI-QDA codebook (.qdc)."),
    theirs: bool = typer.Option(False, "--theirs", help="Overwrite edits made in the project."),
    json_out: bool = JsonOpt,
) -> None:
    """Load a REFI-QDA codebook, exactly as 'codebook load FILE.qdc' does: codes match by
    GUID (themework's own exports), name or alias; codes absent from the file are retired."""
    from themework.cli.codebook_cmds import print_load_report

    with workbench() as wb:
        r = wb.refi.import_qdc(file, theirs=theirs)
    print_load_report(r, json_out)
