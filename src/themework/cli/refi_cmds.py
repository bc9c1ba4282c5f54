"""Exchange with other qualitative-analysis tools (REFI-QDA): export and import of
codebooks (``.qdc``) and projects (``.qdpx``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

from themework.cli.common import (
    SETTINGS,
    JsonOpt,
    allow_identifiers_opt,
    fail,
    print_json,
    say,
    workbench,
)
from themework.domain.plural import plural

if TYPE_CHECKING:
    from themework.services.refi_import import RefiImport


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
    help="Import transcripts (import FILES...), survey answers (import survey FILE), or "
    "REFI-QDA files from other tools (import qdc FILE, import qdpx FILE).",
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
    say(f"wrote {plural(count, 'code')} to {file}")


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
        f"wrote {plural(r.sources, 'source')}, {plural(r.codings, 'coding')}, "
        f"{plural(r.codes, 'code')}, {plural(r.cases, 'case')}, {plural(r.notes, 'note')} "
        f"and {plural(r.users, 'user')} to {file}"
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


@import_app.command("qdpx")
def import_qdpx(
    file: Path = typer.Argument(..., help="A REFI-QDA project (.qdpx)."),
    into: str | None = typer.Option(
        None, "--into", help="An existing project (file or database URL) to merge it into."
    ),
    new: Path | None = typer.Option(
        None, "--new", help="The new project to create (default: FILE's name, .themework, here)."
    ),
    allow_identifiers: bool = allow_identifiers_opt("sources"),
    json_out: bool = JsonOpt,
) -> None:
    """Import a REFI-QDA project: into a new project, or with --into merged into an existing
    one (codes matched as a codebook load matches them). Offsets are read as the producer
    counts them (NVivo, ATLAS.ti, the standard); a selection that cannot be placed exactly
    is listed, never moved. A refused file leaves the project unchanged."""
    if into is not None and new is not None:
        raise fail("give --into or --new, not both")
    if into is None and new is None and SETTINGS.project:
        # "-p study import qdpx FILE" could mean either: say which rather than guess.
        raise fail(
            f"to merge it into {SETTINGS.project} say --into {SETTINGS.project}; "
            "to make a new project say --new PATH"
        )
    if into is not None:
        with workbench(into) as wb:
            r = wb.refi.import_qdpx(file, allow_identifiers=allow_identifiers)
    else:
        target = new or Path(f"{file.stem}.themework")
        r = _import_new(file, target, allow_identifiers)
        if not json_out:
            say(f"created {target}")
    if json_out:
        print_json(r)
        return
    say(
        f"imported {plural(r.sources, 'source')}"
        f"{f' ({r.already} already here)' if r.already else ''} "
        f"and {plural(r.codings, 'coding')} from {file} "
        f"({r.origin or 'no origin given'}; offsets read as {r.convention}): "
        f"{plural(len(r.codes_added), 'code')} added, {len(r.codes_matched)} matched, "
        f"{plural(r.themes, 'theme')}, {plural(r.participants, 'participant')}, "
        f"{plural(r.memos, 'memo')}"
    )
    for line in r.codes_matched:
        say(f"matched: {line}")
    if r.unplaced:
        say(f"{plural(len(r.unplaced), 'selection')} could not be placed and "
            f"{'was' if len(r.unplaced) == 1 else 'were'} not imported:", "yellow")
        for line in r.unplaced:
            say(f"  {line}", "yellow")
    for line in r.skipped:
        say(f"skipped: {line}", "yellow")


def _import_new(file: Path, target: Path, allow_identifiers: bool) -> RefiImport:
    """A new project holding the file; removed again if the import is refused."""
    from themework.domain.errors import InputError
    from themework.services.workbench import Workbench
    from themework.store.location import from_string

    if not file.exists():
        raise InputError("file not found", file=file)
    location = from_string(str(target))
    wb = Workbench.init(
        location, name=file.stem, coder=SETTINGS.coder, insecure=SETTINGS.insecure
    )
    try:
        result = wb.refi.import_qdpx(file, allow_identifiers=allow_identifiers)
        if result.name.strip() or result.description:
            wb.projects.update(name=result.name.strip()[:200] or None,
                               question=result.description or None)
    except BaseException:
        wb.close()
        if location.path is not None:
            for suffix in ("", "-wal", "-shm"):
                Path(str(location.path) + suffix).unlink(missing_ok=True)
        raise
    wb.close()
    return result
